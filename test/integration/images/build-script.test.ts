/**
 * build.sh's own behaviour on a cache of its own (pause only: a second to
 * build, no base needed): builds into an empty cache, reuses a built image
 * without building, rebuilds one whose tar is gone, waits for another
 * caller's lock, and refuses a needed build without root, clearly.
 */
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILD_SCRIPT, readImagesManifest } from '../../../scripts/images/images.js';
import { eventually } from '../../support/eventually.js';

const canBuild = process.platform === 'linux' && process.getuid?.() === 0;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(cacheRoot: string, args: string[], uid?: number): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn('bash', [BUILD_SCRIPT, ...args], {
    env: { ...process.env, KELOS_CACHE_DIR: cacheRoot },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(uid !== undefined ? { uid, gid: uid } : {}),
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<Run>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

describe('images: build.sh on its own cache', function () {
  this.timeout(5 * 60_000);
  let cacheRoot = '';
  const images = (): string => join(cacheRoot, 'images');

  before(function () {
    if (!canBuild) this.skip();
    cacheRoot = mkdtempSync(join(tmpdir(), 'kelos-images-cache-'));
  });
  after(() => {
    if (cacheRoot) rmSync(cacheRoot, { recursive: true, force: true });
  });

  it('builds pause into an empty cache; the last stdout line is the folder; images.json has it', async () => {
    const run = await start(cacheRoot, ['pause']).done;
    expect(run.code, run.stderr).to.equal(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines.at(-1)).to.equal(images());
    // The line before: this run's own manifest, only what was asked for.
    expect(Object.keys(readImagesManifest(lines.at(-2) ?? '').images)).to.deep.equal(['pause']);
    expect(lines.at(-2)).to.match(new RegExp(`^${images()}/runs/[0-9a-f]{16}$`));
    expect(run.stderr).to.match(/pause: built in [\d.]+s/);
    const entry = readImagesManifest(images()).images['pause'];
    expect(entry?.tar).to.equal(join(images(), `pause-${entry?.hash}.tar`));
    expect(existsSync(entry?.tar ?? '')).to.equal(true);
  });

  it('reuses it without building, and rebuilds it once its tar is gone', async () => {
    const again = await start(cacheRoot, ['pause']).done;
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stderr).to.match(/pause\s+cached/);
    expect(again.stderr).to.not.match(/building/);
    const tar = readImagesManifest(images()).images['pause']?.tar ?? '';
    rmSync(tar);
    const rebuilt = await start(cacheRoot, ['pause']).done;
    expect(rebuilt.code, rebuilt.stderr).to.equal(0);
    expect(rebuilt.stderr).to.match(/pause: built in/);
    expect(existsSync(tar)).to.equal(true);
  });

  it('refuses an unknown name, listing the known ones, and changes nothing', async () => {
    const before = readdirSync(images()).sort();
    const run = await start(cacheRoot, ['pause', 'nginx']).done;
    expect(run.code).to.equal(1);
    expect(run.stderr).to.include(
      'unknown image "nginx" (known: pause, git, claude-code, codex, gemini, opencode)',
    );
    expect(readdirSync(images()).sort()).to.deep.equal(before);
  });

  it('waits while another caller holds the lock, then finds the image cached', async () => {
    // Another build: a process holding the lock until told to stop.
    const holder = spawn('flock', [join(images(), '.lock'), 'sh', '-c', 'echo locked; read _'], {
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    const waiter = start(cacheRoot, ['pause']);
    let stderr = '';
    waiter.child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    await eventually('build.sh to report the lock', async () => stderr.includes('another build holds'));
    expect(waiter.child.exitCode).to.equal(null);
    holder.stdin.end('\n');
    const run = await waiter.done;
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stderr).to.match(/pause\s+cached/);
  });

  it('without root, a needed build is refused with exit 2 and the reason, nothing built', async () => {
    const nobody = 65534;
    const own = mkdtempSync(join(tmpdir(), 'kelos-images-nonroot-'));
    try {
      chownSync(own, nobody, nobody);
      const run = await start(own, ['pause'], nobody).done;
      expect(run.code, run.stderr).to.equal(2);
      expect(run.stderr).to.include('building the images pause needs root');
      expect(readdirSync(join(own, 'images')).filter((f) => f.endsWith('.tar'))).to.deep.equal([]);
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });
});
