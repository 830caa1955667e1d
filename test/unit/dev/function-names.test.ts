/**
 * functions/names.ts is the one list of functions: the bundler reads it (through
 * esbuild) and run-function.js reads its compiled form in dist/. Each is shown
 * to follow a list other than the real one, so neither can be keeping a copy.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { FUNCTION_NAMES } from '../../../functions/names.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

type ReadNames = (root: string) => Promise<string[]>;
const readFunctionNames = async (root: string): Promise<string[]> => {
  const mod = (await import(pathToFileURL(join(ROOT, 'scripts', 'function-names.mjs')).href)) as {
    readFunctionNames: ReadNames;
  };
  return mod.readFunctionNames(root);
};

describe('function names: one list, functions/names.ts', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kelos-names-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (path: string, text: string) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  };

  describe('the bundler (scripts/function-names.mjs)', () => {
    it("reads the repository's list", async () => {
      expect(await readFunctionNames(ROOT)).to.deep.equal([...FUNCTION_NAMES]);
    });

    it('follows whatever names.ts lists', async () => {
      write('functions/names.ts', "export const FUNCTION_NAMES = ['alpha', 'beta'] as const;\n");
      expect(await readFunctionNames(dir)).to.deep.equal(['alpha', 'beta']);
    });

    it('names the file when it holds no list', async () => {
      write('functions/names.ts', 'export const OTHER = 1;\n');
      let caught: unknown;
      await readFunctionNames(dir).catch((e: unknown) => (caught = e));
      expect(String(caught))
        .to.include(join(dir, 'functions', 'names.ts'))
        .and.include('FUNCTION_NAMES');
    });
  });

  describe('run-function.js (reads dist/functions/names.js)', () => {
    const run = (...args: string[]) => {
      // As in the image: package.json (ESM), scripts/run-function.js and dist/.
      write('package.json', '{ "type": "module" }\n');
      mkdirSync(join(dir, 'scripts'), { recursive: true });
      copyFileSync(join(ROOT, 'scripts', 'run-function.js'), join(dir, 'scripts', 'run-function.js'));
      const r = spawnSync(process.execPath, [join(dir, 'scripts', 'run-function.js'), ...args], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH },
      });
      return { code: r.status, stderr: r.stderr };
    };

    it('refuses a name the compiled list lacks, listing the valid ones', () => {
      write('dist/functions/names.js', "export const FUNCTION_NAMES = ['alpha', 'beta'];\n");
      expect(run('launch-pod')).to.deep.equal({
        code: 2,
        stderr: 'unknown function "launch-pod"; valid names: alpha, beta\n',
      });
      expect(run('alpha')).to.deep.equal({
        code: 1,
        stderr: 'function alpha is not built: run `npm run build` first\n',
      });
    });

    it('says to build when dist/ has no names', () => {
      expect(run('spawn')).to.deep.equal({
        code: 1,
        stderr: 'functions are not built: run `npm run build` first\n',
      });
    });
  });
});
