/**
 * Images without a registry: docker-archive tars imported into the node's
 * containerd (namespace k8s.io, the one the kubelet uses). The image store is
 * kept per slot across runs, so a tar already imported is skipped (warm start).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The names (RepoTags) a docker-archive tar carries. */
export async function archiveTags(tar: string): Promise<string[]> {
  const { stdout } = await run('tar', ['-xOf', tar, './manifest.json']).catch(() =>
    run('tar', ['-xOf', tar, 'manifest.json']),
  );
  const manifest = JSON.parse(stdout) as { RepoTags?: string[] }[];
  return manifest.flatMap((m) => m.RepoTags ?? []);
}

async function listImages(ctr: string[]): Promise<Set<string>> {
  const { stdout } = await run('ctr', [...ctr, 'images', 'ls', '-q']);
  return new Set(stdout.split('\n').filter(Boolean));
}

/** Imports each tar unless this store already holds it (same file, same size and time). Returns the image names. */
export async function importImages(o: {
  socket: string;
  markerDir: string;
  tars: string[];
  log: (line: string) => void;
}): Promise<string[]> {
  const ctr = ['--address', o.socket, '-n', 'k8s.io'];
  await mkdir(o.markerDir, { recursive: true });
  const names: string[] = [];
  let present = await listImages(ctr);
  for (const tar of o.tars) {
    const st = await stat(tar).catch(() => undefined);
    if (!st) throw new Error(`image archive ${tar} does not exist`);
    const tags = await archiveTags(tar);
    if (tags.length === 0)
      throw new Error(`image archive ${tar} names no image (manifest.json has no RepoTags)`);
    const marker = join(
      o.markerDir,
      createHash('sha256').update(`${tar}\0${st.size}\0${st.mtimeMs}`).digest('hex').slice(0, 32),
    );
    if (!existsSync(marker) || !tags.every((t) => present.has(t))) {
      const t0 = Date.now();
      try {
        await run('ctr', [...ctr, 'images', 'import', tar], { maxBuffer: 16 * 1024 * 1024 });
      } catch (err) {
        const e = err as { stderr?: string; message: string };
        throw new Error(`importing image archive ${tar}: ${e.stderr?.trim() || e.message}`);
      }
      await writeFile(marker, tags.join('\n'));
      o.log(`imported ${tags.join(', ')} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      present = await listImages(ctr);
    }
    names.push(...tags);
  }
  return names;
}
