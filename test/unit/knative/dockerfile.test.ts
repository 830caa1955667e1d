import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../../..');

interface Stage {
  from: string;
  name: string | undefined;
  lines: string[];
}

/** Splits a Dockerfile into stages of instructions (continuations joined, comments dropped). */
function stages(text: string): Stage[] {
  const out: Stage[] = [];
  const instructions = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  for (const line of instructions) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) out.push({ from: from[1]!, name: from[2], lines: [] });
    else out.at(-1)?.lines.push(line);
  }
  return out;
}

describe('Dockerfile (structure; no container engine here)', () => {
  let text: string;
  let all: Stage[];
  before(async () => {
    text = await readFile(join(ROOT, 'Dockerfile'), 'utf8');
    all = stages(text);
  });

  it('is multi-stage on Node 20: build, production deps, runtime', () => {
    expect(all.map((s) => s.name)).to.deep.equal(['build', 'deps', 'runtime']);
    expect(text).to.match(/ARG NODE_IMAGE=node:20-/);
  });

  it('builds with npm ci and npm run build, which also makes the function bundles', async () => {
    const build = all[0]!.lines.join('\n');
    expect(build).to.match(/RUN npm ci\b/);
    expect(build).to.match(/RUN npm run build/);
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.build).to.include('bundle-functions.mjs');
  });

  it('installs production dependencies only for the runtime', () => {
    expect(all[1]!.lines.join('\n')).to.match(/npm ci --omit=dev/);
    const runtime = all[2]!.lines.join('\n');
    expect(runtime).to.match(/COPY --from=deps \/app\/node_modules/);
    expect(runtime).to.not.match(/npm (ci|install)/);
    expect(runtime).to.match(/NODE_ENV=production/);
  });

  it('runs as a numeric non-root user', () => {
    const user = all[2]!.lines.filter((l) => l.startsWith('USER ')).at(-1);
    const uid = Number(user?.split(/\s+/)[1]?.split(':')[0]);
    expect(uid).to.be.greaterThan(0);
  });

  it('starts run-function.js with the name from the first argument or KELOS_FUNCTION', () => {
    const entry = all[2]!.lines.find((l) => l.startsWith('ENTRYPOINT '))!;
    const argv = JSON.parse(entry.slice('ENTRYPOINT '.length)) as string[];
    expect(argv.slice(0, 2)).to.deep.equal(['/bin/sh', '-c']);
    const run = (args: string[], env: Record<string, string>) =>
      execFileSync('/bin/sh', ['-c', argv[2]!.replace('exec node', 'echo node'), ...argv.slice(3), ...args], { env: { PATH: process.env.PATH ?? '', ...env } }).toString().trim();
    expect(run(['spawn'], {})).to.equal('node scripts/run-function.js spawn');
    expect(run([], { KELOS_FUNCTION: 'launch-pod' })).to.equal('node scripts/run-function.js launch-pod');
    expect(run(['spawn'], { KELOS_FUNCTION: 'launch-pod' })).to.equal('node scripts/run-function.js spawn');
  });

  it('copies only files that exist into the image, and .dockerignore keeps secrets and bulk out', async () => {
    for (const line of all.flatMap((s) => s.lines).filter((l) => l.startsWith('COPY ') && !l.includes('--from='))) {
      const sources = line.split(/\s+/).slice(1, -1);
      for (const src of sources.filter((s) => s !== '.')) expect(() => execFileSync('test', ['-e', join(ROOT, src)]), src).to.not.throw();
    }
    const ignore = (await readFile(join(ROOT, '.dockerignore'), 'utf8')).split('\n');
    for (const entry of ['node_modules', 'dist', '.git', '.kelos', 'test', '.env']) expect(ignore, entry).to.include(entry);
  });
});
