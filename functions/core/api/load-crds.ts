/**
 * Reads the four kelos.dev CRDs from crds/*.yaml. Used by `kelos install`,
 * the test harness and the CRD tests, so that every consumer applies exactly
 * the files in the repository.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { CustomResourceDefinition, JSONSchemaProps } from './crd-types.js';

const MARKER = 'tasks.kelos.dev.yaml';

/**
 * Finds the crds/ folder by walking up from `from` (default: this module),
 * so it works from the sources and from a build under dist/.
 */
export function findCrdsDir(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'crds');
    if (existsSync(join(candidate, MARKER))) return candidate;
    if (dirname(dir) === dir) throw new Error(`crds/${MARKER} not found above ${from}`);
  }
}

/** Parses one CRD file; throws naming the file when it is not a CRD. */
export function parseCrd(text: string, file: string): CustomResourceDefinition {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new Error(`parsing ${file}`, { cause: err });
  }
  const crd = doc as Partial<CustomResourceDefinition> | null;
  if (crd?.apiVersion !== 'apiextensions.k8s.io/v1' || crd.kind !== 'CustomResourceDefinition' || !crd.spec) {
    throw new Error(`${file} is not an apiextensions.k8s.io/v1 CustomResourceDefinition`);
  }
  return crd as CustomResourceDefinition;
}

/** The CRDs in `dir`, sorted by file name, with the YAML text of each. */
export async function loadCrds(
  dir: string = findCrdsDir(),
): Promise<{ file: string; text: string; crd: CustomResourceDefinition }[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
  return Promise.all(
    files.map(async (f) => {
      const file = join(dir, f);
      const text = await readFile(file, 'utf8');
      return { file, text, crd: parseCrd(text, file) };
    }),
  );
}

/** The v1alpha1 openAPIV3Schema of the CRD for `kind`. */
export function crdSchema(
  crds: readonly CustomResourceDefinition[],
  kind: string,
  version = 'v1alpha1',
): JSONSchemaProps {
  const crd = crds.find((c) => c.spec.names.kind === kind);
  const v = crd?.spec.versions.find((x) => x.name === version);
  if (!v) throw new Error(`no CRD for ${kind} ${version}`);
  return v.schema.openAPIV3Schema;
}
