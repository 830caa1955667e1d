/**
 * `bash scripts/images/build.sh [name...]`: brings the named images (default
 * all) up to date in the cache folder and rewrites images.json. Progress with
 * timings on stderr; the last line of stdout is the cache folder, the line
 * before it this run's own manifest folder. Exit 2 when
 * a build is needed and this is not root, 1 when an image failed.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBase, planBase, type BasePlan } from './base.js';
import { Buildah } from './buildah.js';
import { buildDockerfile, buildPause, exportImage } from './build-image.js';
import { imageDef, imageRef, selectImages, type ImageName } from './catalog.js';
import { firstFrom, fullImageName } from './dockerfile-inputs.js';
import { ensureTools, NotRootError, requireRoot } from './host-tools.js';
import { hashImage } from './image-inputs.js';
import {
  emptyManifest,
  MANIFEST_FILE,
  parseManifest,
  serializeManifest,
  withEntry,
  type ImagesManifest,
} from './manifest.js';
import { imagesDir, runDir, tarPath, tarsToPrune } from './paths.js';
import { run } from './run.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const started = Date.now();
const say = (line: string): void => {
  process.stderr.write(`[images +${((Date.now() - started) / 1000).toFixed(1)}s] ${line}\n`);
};

function readManifest(dir: string): ImagesManifest {
  const file = join(dir, MANIFEST_FILE);
  if (!existsSync(file)) return emptyManifest();
  try {
    return parseManifest(readFileSync(file, 'utf8'));
  } catch (err) {
    say(`ignoring ${file}: ${err instanceof Error ? err.message : String(err)}`);
    return emptyManifest();
  }
}

function writeManifest(dir: string, manifest: ImagesManifest): void {
  const file = join(dir, MANIFEST_FILE);
  writeFileSync(`${file}.tmp`, serializeManifest(manifest));
  renameSync(`${file}.tmp`, file);
}

/** The git image starts from the debian base (its BASE arg), the agents from the node base (their FROM). */
function baseHashFor(name: ImageName, base: BasePlan | undefined): string {
  const def = imageDef(name);
  if (def.kind !== 'dockerfile' || !base) return '';
  return def.baseArg ? base.debian.hash : base.node.hash;
}

function hashes(names: readonly ImageName[], base: BasePlan | undefined): Map<ImageName, string> {
  return new Map(names.map((n) => [n, hashImage(imageDef(n), REPO_ROOT, baseHashFor(n, base))]));
}

interface Outcome {
  name: ImageName;
  status: 'cached' | 'built' | 'failed';
  seconds: number;
}

async function buildMissing(
  dir: string,
  todo: ImageName[],
  base: BasePlan | undefined,
  manifestIn: ImagesManifest,
  outcomes: Outcome[],
): Promise<ImagesManifest> {
  let manifest = manifestIn;
  const logs = join(dir, 'logs');
  mkdirSync(logs, { recursive: true });
  const mainLog = join(logs, 'build.log');
  requireRoot(`the images ${todo.join(', ')}`);
  await ensureTools(mainLog, say);
  let hashOf = hashes(todo, base);
  if (todo.some((n) => imageDef(n).kind === 'dockerfile' && n !== 'git')) {
    // The Dockerfiles copy the bundles agents/build.sh writes.
    await run('bash', [join(REPO_ROOT, 'agents/build.sh')], { log: mainLog, cwd: REPO_ROOT });
    hashOf = hashes(todo, base);
  }
  const buildah = new Buildah(join(dir, '.buildah'), mainLog);
  // Working containers left by an interrupted run only take space (the lock is ours).
  await buildah.cmd(['rm', '--all']).catch(() => undefined);
  let baseFailed: string | undefined;
  if (base && todo.some((n) => imageDef(n).kind === 'dockerfile')) {
    const fromNames = new Set<string>();
    for (const n of todo) {
      const def = imageDef(n);
      if (def.kind === 'dockerfile' && !def.baseArg) {
        fromNames.add(fullImageName(firstFrom(readFileSync(join(REPO_ROOT, def.dockerfile), 'utf8'))));
      }
    }
    const t0 = Date.now();
    say(`base: ${base.debian.ref}, ${base.node.ref}`);
    try {
      const result = await ensureBase(
        buildah.withLog(join(logs, 'base.log')),
        base,
        [...fromNames],
        join(logs, 'base.log'),
        say,
      );
      say(
        `base: ${result} in ${((Date.now() - t0) / 1000).toFixed(1)}s, tagged ${[...fromNames].join(', ') || '(no FROM tags)'}`,
      );
    } catch (err) {
      baseFailed = err instanceof Error ? err.message : String(err);
      say(`base: FAILED: ${baseFailed}`);
    }
  }
  for (const name of todo) {
    const def = imageDef(name);
    const hash = hashOf.get(name) ?? '';
    const ref = imageRef(name, hash);
    const tar = tarPath(dir, name, hash);
    const log = join(logs, `${name}.log`);
    const t0 = Date.now();
    if (existsSync(tar)) {
      outcomes.push({ name, status: 'cached', seconds: 0 });
      continue;
    }
    if (def.kind === 'dockerfile' && baseFailed) {
      say(`${name}: skipped, the base failed`);
      outcomes.push({ name, status: 'failed', seconds: 0 });
      continue;
    }
    say(`${name}: building ${ref} (log ${log})`);
    const b = buildah.withLog(log);
    writeFileSync(log, '');
    try {
      if (def.kind === 'pause') await buildPause(b, def, ref, REPO_ROOT, log);
      else await buildDockerfile(b, def, ref, base?.debian.ref ?? '', REPO_ROOT);
      const built = Date.now();
      say(`${name}: built in ${((built - t0) / 1000).toFixed(1)}s; exporting`);
      await exportImage(b, ref, tar);
      if (process.env['KELOS_IMAGES_KEEP_STORE'] !== '1') await b.removeImage(ref);
      const seconds = (Date.now() - t0) / 1000;
      const bytes = statSync(tar).size;
      manifest = withEntry(manifest, name, {
        ref,
        tar,
        hash,
        env: def.env,
        bytes,
        buildSeconds: Math.round(seconds * 10) / 10,
      });
      writeManifest(dir, manifest);
      say(
        `${name}: exported in ${((Date.now() - built) / 1000).toFixed(1)}s, ${(bytes / 1e6).toFixed(0)} MB → ${tar}`,
      );
      outcomes.push({ name, status: 'built', seconds });
    } catch (err) {
      say(
        `${name}: FAILED after ${((Date.now() - t0) / 1000).toFixed(1)}s: ${err instanceof Error ? err.message : String(err)}`,
      );
      outcomes.push({ name, status: 'failed', seconds: (Date.now() - t0) / 1000 });
    }
  }
  return manifest;
}

/**
 * Writes this run's own manifest (only its images, unaffected by other work
 * trees sharing the cache), marks its tars as just used, and prunes older tars
 * and run manifests whose tars are gone. Returns the run's manifest folder.
 */
function keepThisRun(dir: string, names: readonly ImageName[], manifest: ImagesManifest): string {
  let mine = emptyManifest();
  const now = new Date();
  for (const name of names) {
    const entry = manifest.images[name];
    if (!entry || !existsSync(entry.tar)) continue;
    mine = withEntry(mine, name, entry);
    utimesSync(entry.tar, now, now);
  }
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.tar') || f.endsWith('.tar.partial'))
    .map((file) => ({ file, mtimeMs: statSync(join(dir, file)).mtimeMs }));
  for (const name of names) {
    const tar = mine.images[name]?.tar;
    for (const old of tarsToPrune(files, name, new Set(tar ? [basename(tar)] : []))) {
      rmSync(join(dir, old), { force: true });
    }
  }
  const runs = join(dir, 'runs');
  for (const r of existsSync(runs) ? readdirSync(runs) : []) {
    try {
      const m = parseManifest(readFileSync(join(runs, r, MANIFEST_FILE), 'utf8'));
      if (Object.values(m.images).every((e) => existsSync(e.tar))) continue;
    } catch {
      // Unreadable: removed below like one whose tars are gone.
    }
    rmSync(join(runs, r), { recursive: true, force: true });
  }
  const run = runDir(dir, mine.images);
  mkdirSync(run, { recursive: true });
  writeManifest(run, mine);
  return run;
}

async function main(argv: string[]): Promise<number> {
  const names = selectImages(argv);
  const dir = process.env['KELOS_IMAGES_OUT'] || imagesDir();
  mkdirSync(dir, { recursive: true });
  let manifest = readManifest(dir);
  const base = names.some((n) => imageDef(n).kind === 'dockerfile') ? planBase() : undefined;
  const hashOf = hashes(names, base);
  const outcomes: Outcome[] = [];
  const todo: ImageName[] = [];
  for (const name of names) {
    const hash = hashOf.get(name) ?? '';
    const tar = tarPath(dir, name, hash);
    if (!existsSync(tar)) {
      todo.push(name);
      continue;
    }
    const old = manifest.images[name];
    if (old?.hash !== hash || old.tar !== tar) {
      const def = imageDef(name);
      const bytes = statSync(tar).size;
      manifest = withEntry(manifest, name, {
        ref: imageRef(name, hash),
        tar,
        hash,
        env: def.env,
        bytes,
        buildSeconds: 0,
      });
    }
    outcomes.push({ name, status: 'cached', seconds: 0 });
  }
  writeManifest(dir, manifest);
  if (todo.length > 0) manifest = await buildMissing(dir, todo, base, manifest, outcomes);
  for (const o of outcomes) {
    const entry = manifest.images[o.name];
    const size = entry && o.status !== 'failed' ? `${(entry.bytes / 1e6).toFixed(0)} MB` : '-';
    say(
      `${o.name.padEnd(12)} ${o.status.padEnd(7)} ${o.seconds.toFixed(1).padStart(6)}s ${size.padStart(7)}  ${o.status === 'failed' ? '' : (entry?.ref ?? '')}`,
    );
  }
  const thisRun = keepThisRun(dir, names, manifest);
  process.stdout.write(`${thisRun}\n${dir}\n`);
  return outcomes.some((o) => o.status === 'failed') ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`[images] ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(err instanceof NotRootError ? 2 : 1);
  },
);
