/**
 * `node --import tsx scripts/dev/check-manifests.ts [dir]`: checks knative/
 * (or dir) for what Knative's admission webhooks would reject; prints every
 * problem and exits 1 if there is any.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readManifestDir } from '../event-plane/manifests.js';
import { checkManifests } from './knative-rules.js';

export async function checkManifestDir(dir: string): Promise<string[]> {
  return checkManifests(await readManifestDir(dir));
}

async function main(dir: string): Promise<number> {
  const problems = await checkManifestDir(dir);
  for (const p of problems) console.error(p);
  console.error(problems.length === 0 ? `${dir}: ok` : `${dir}: ${problems.length} problem(s)`);
  return problems.length === 0 ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? resolve(fileURLToPath(new URL('../../knative', import.meta.url)));
  main(dir).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`Error: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
