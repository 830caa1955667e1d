import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imageDef } from '../../../scripts/images/catalog.js';
import { hashImage } from '../../../scripts/images/image-inputs.js';
import { HASH_LENGTH, inputHash, type ImageInputs } from '../../../scripts/images/input-hash.js';

const inputs: ImageInputs = {
  recipe: '1/dockerfile',
  base: 'b1',
  buildArgs: { A: '1', B: '2' },
  files: { 'x/Dockerfile': 'aa', 'x/y.sh': 'bb' },
};

describe('images: input hash', () => {
  it('is 16 hex digits and the same for the same inputs in any key order', () => {
    const h = inputHash(inputs);
    expect(h).to.match(new RegExp(`^[0-9a-f]{${HASH_LENGTH}}$`));
    const reordered: ImageInputs = {
      files: { 'x/y.sh': 'bb', 'x/Dockerfile': 'aa' },
      buildArgs: { B: '2', A: '1' },
      base: 'b1',
      recipe: '1/dockerfile',
    };
    expect(inputHash(reordered)).to.equal(h);
  });

  it('changes with each input: recipe, base, a build arg, a file, a file name, extra', () => {
    const h = inputHash(inputs);
    const variants: ImageInputs[] = [
      { ...inputs, recipe: '2/dockerfile' },
      { ...inputs, base: 'b2' },
      { ...inputs, buildArgs: { A: '1', B: '3' } },
      { ...inputs, files: { 'x/Dockerfile': 'aa', 'x/y.sh': 'bc' } },
      { ...inputs, files: { 'x/Dockerfile': 'aa', 'x/z.sh': 'bb' } },
      { ...inputs, extra: { gcc: '12' } },
    ];
    const all = variants.map(inputHash);
    expect(new Set([h, ...all]).size).to.equal(variants.length + 1);
  });

  describe('hashImage over a repository', () => {
    let repo: string;
    const def = { ...imageDef('codex'), dockerfile: 'agents/codex/Dockerfile' } as const;
    const write = (path: string, content: string): void => {
      mkdirSync(join(repo, path, '..'), { recursive: true });
      writeFileSync(join(repo, path), content);
    };
    beforeEach(() => {
      repo = mkdtempSync(join(tmpdir(), 'kelos-images-hash-'));
      write('agents/codex/Dockerfile', 'FROM node:20\nCOPY --chmod=0755 agents/codex/e.sh /e.sh\n');
      write('agents/codex/e.sh', 'echo 1\n');
      write('agents/other.txt', 'not copied\n');
    });
    afterEach(() => rmSync(repo, { recursive: true, force: true }));

    it('follows the Dockerfile, each copied file and the base; ignores files not copied', () => {
      const h = hashImage(def, repo, 'base1');
      expect(hashImage(def, repo, 'base1')).to.equal(h);
      write('agents/other.txt', 'changed\n');
      expect(hashImage(def, repo, 'base1'), 'uncopied file').to.equal(h);
      expect(hashImage(def, repo, 'base2'), 'base').to.not.equal(h);
      write('agents/codex/e.sh', 'echo 2\n');
      const h2 = hashImage(def, repo, 'base1');
      expect(h2, 'copied file').to.not.equal(h);
      write('agents/codex/Dockerfile', 'FROM node:20\nCOPY --chmod=0755 agents/codex/e.sh /e.sh\nUSER 1\n');
      expect(hashImage(def, repo, 'base1'), 'Dockerfile').to.not.equal(h2);
    });

    it('names the Dockerfile and the path when a copied file is missing or a directory', () => {
      write('agents/codex/Dockerfile', 'FROM node:20\nCOPY agents/codex/gone.sh /x\n');
      expect(() => hashImage(def, repo, 'b')).to.throw(
        /agents\/codex\/Dockerfile COPY: agents\/codex\/gone.sh does not exist/,
      );
      write('agents/codex/Dockerfile', 'FROM node:20\nCOPY agents/codex /x\n');
      expect(() => hashImage(def, repo, 'b')).to.throw(/agents\/codex is not a regular file/);
    });
  });
});
