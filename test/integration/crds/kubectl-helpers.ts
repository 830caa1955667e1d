/** Small kubectl helpers shared by the CRD integration tests. */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Cluster, KubectlResult } from '../../support/cluster.js';

export type Manifest = Record<string, unknown>;

/** `kubectl create --dry-run=server` of one object or YAML text in `namespace`. */
export function dryRunCreate(
  cluster: Cluster,
  namespace: string,
  input: Manifest | string,
  validate: 'strict' | 'false' = 'strict',
): Promise<KubectlResult> {
  const text = typeof input === 'string' ? input : stringify(input);
  return cluster.kubectl(['create', '--dry-run=server', `--validate=${validate}`, '-n', namespace, '-f', '-'], {
    input: text,
  });
}

/** Runs kubectl and throws with its stderr when it fails. */
export async function mustKubectl(cluster: Cluster, args: string[], input?: string): Promise<string> {
  const r = await cluster.kubectl(args, input === undefined ? {} : { input });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (exit ${r.code}): ${r.stderr}`);
  return r.stdout;
}

/** Every *.yaml / *.yml file below `dir`, sorted. */
export async function yamlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Splits a kubectl table into rows of cells, using the header's column starts. */
export function parseTable(stdout: string): Record<string, string>[] {
  const [header, ...rows] = stdout.split('\n').filter((l) => l.trim() !== '');
  if (!header) return [];
  const starts = [...header.matchAll(/(\S+(?: \S+)*)/g)].map((m) => ({ name: m[1]!, at: m.index }));
  return rows.map((row) =>
    Object.fromEntries(
      starts.map((c, i) => [c.name, row.slice(c.at, starts[i + 1]?.at ?? row.length).trim()]),
    ),
  );
}
