/** The committed bundles (what the Dockerfiles copy and the agent tests run) match their sources. */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BUNDLES = ['capture/dist/kelos-capture.mjs', 'setup/dist/kelos-agent-setup.mjs'];

describe('agents bundles', () => {
  let out = '';
  before(function () {
    this.timeout(60_000);
    out = mkdtempSync(join(tmpdir(), 'kelos-bundles-'));
    execFileSync('bash', [join(ROOT, 'agents/build.sh'), out], { stdio: 'pipe' });
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  for (const b of BUNDLES) {
    it(`agents/${b} is up to date (run: bash agents/build.sh)`, () => {
      expect(readFileSync(join(ROOT, 'agents', b), 'utf8')).to.equal(readFileSync(join(out, b), 'utf8'));
    });

    it(`agents/${b} is self-contained: it imports only Node built-ins`, () => {
      const text = readFileSync(join(ROOT, 'agents', b), 'utf8');
      const imports = [...text.matchAll(/\bfrom\s+["']([^"']+)["']|\brequire\(["']([^"']+)["']\)/g)].map(
        (m) => m[1] ?? m[2],
      );
      expect(imports.length).to.be.above(0);
      expect(imports.filter((i) => !i?.startsWith('node:'))).to.deep.equal([]);
    });

    it(`agents/${b} is executable with a node shebang`, () => {
      const committed = join(ROOT, 'agents', b);
      expect(statSync(committed).mode & 0o111).to.not.equal(0);
      expect(readFileSync(committed, 'utf8').startsWith('#!/usr/bin/env node\n')).to.equal(true);
    });
  }
});
