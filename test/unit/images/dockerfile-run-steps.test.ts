/**
 * The RUN steps of the project's Dockerfiles as shell (no container engine
 * here): each parses in bash, and the gh step picks its source by GH_SOURCE:
 * `release` downloads the pinned tarball (Docker builds), `debian` installs
 * Debian's gh (scripts/images, which cannot reach GitHub), anything else
 * stops the build with the reason. The step runs with a PATH holding only
 * recording stand-ins and globbing off, so nothing on the host is touched,
 * matched or downloaded.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AGENT_TYPES } from '../../../functions/core/api/types.js';
import { instructions } from '../../../scripts/images/dockerfile-inputs.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const DOCKERFILES = [...AGENT_TYPES.map((t) => `agents/${t}/Dockerfile`), 'scripts/images/git/Dockerfile'];

function runSteps(path: string): string[] {
  return instructions(readFileSync(join(REPO, path), 'utf8'))
    .filter((i) => /^RUN\s/.test(i))
    .map((i) => i.replace(/^RUN\s+/, ''));
}

function argDefaults(path: string): Record<string, string> {
  const text = readFileSync(join(REPO, path), 'utf8');
  return Object.fromEntries([...text.matchAll(/^ARG (\w+)=(\S+)$/gm)].map((m) => [m[1] ?? '', m[2] ?? '']));
}

describe('images: Dockerfile RUN steps', () => {
  for (const path of DOCKERFILES) {
    it(`${path}: every RUN step parses in bash`, () => {
      for (const step of runSteps(path)) {
        const r = spawnSync('/bin/bash', ['-n', '-o', 'pipefail', '-c', step], { encoding: 'utf8' });
        expect(r.status, `${step}\n${r.stderr}`).to.equal(0);
      }
    });
  }

  describe('the gh step, by GH_SOURCE', () => {
    let bin: string;
    const calls = (): string[] => readFileSync(join(bin, 'calls'), 'utf8').trim().split('\n');
    const ghStep = (type: string): string => {
      const step = runSteps(`agents/${type}/Dockerfile`).find((s) => s.includes('GH_SOURCE'));
      if (!step) throw new Error(`agents/${type}/Dockerfile has no GH_SOURCE step`);
      return step;
    };
    const run = (type: string, source: string) =>
      spawnSync('/bin/bash', ['-f', '-o', 'pipefail', '-c', ghStep(type)], {
        encoding: 'utf8',
        env: { PATH: bin, ...argDefaults(`agents/${type}/Dockerfile`), GH_SOURCE: source },
      });

    beforeEach(() => {
      bin = mkdtempSync(join(tmpdir(), 'kelos-gh-step-'));
      writeFileSync(join(bin, 'calls'), '');
      for (const tool of ['curl', 'tar', 'mv', 'rm', 'apt-get', 'ln', 'gh']) {
        writeFileSync(join(bin, tool), `#!/bin/bash\necho "${tool} $*" >> "${bin}/calls"\n`);
        chmodSync(join(bin, tool), 0o755);
      }
    });
    afterEach(() => rmSync(bin, { recursive: true, force: true }));

    for (const type of AGENT_TYPES) {
      it(`${type}: release downloads the pinned tarball into /usr/local/bin/gh`, () => {
        const r = run(type, 'release');
        expect(r.status, r.stderr).to.equal(0);
        const v = argDefaults(`agents/${type}/Dockerfile`)['GH_VERSION'] ?? '';
        // curl and tar run side by side in a pipe: their order in the log is not fixed.
        expect(calls()).to.include.members([
          `curl -fsSL https://github.com/cli/cli/releases/download/v${v}/gh_${v}_linux_amd64.tar.gz`,
          'tar -xz -C /tmp',
        ]);
        expect(calls()).to.include(`mv /tmp/gh_${v}_linux_amd64/bin/gh /usr/local/bin/gh`);
        expect(calls().at(-1)).to.equal('gh --version');
        expect(calls().join('\n')).to.not.include('apt-get');
      });

      it(`${type}: debian installs Debian's gh and links it at /usr/local/bin/gh; no download`, () => {
        const r = run(type, 'debian');
        expect(r.status, r.stderr).to.equal(0);
        expect(calls()).to.deep.equal([
          'apt-get update',
          'apt-get install -y --no-install-recommends gh',
          'rm -rf /var/lib/apt/lists/*',
          'ln -s /usr/bin/gh /usr/local/bin/gh',
          'gh --version',
        ]);
      });

      it(`${type}: any other source stops the build and says which are allowed`, () => {
        const r = run(type, 'brew');
        expect(r.status).to.equal(1);
        expect(r.stderr).to.include("GH_SOURCE must be release or debian, not 'brew'");
        expect(calls()).to.deep.equal(['']);
      });
    }
  });
});
