/**
 * Reads the four kelos.dev CRDs from crds/*.yaml through the manifest reader
 * `kelos install` uses (cli/install/manifests.ts), for the CRD tests: they
 * check exactly the files the repository applies.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubeObject } from '../../../functions/core/api/kube-types.js';
import { parseManifests, readManifestFiles } from '../../../cli/install/manifests.js';
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

/** The one CRD of a file's objects; throws naming the file when it is not a CRD. */
function crdOf(objects: readonly KubeObject[], file: string): CustomResourceDefinition {
  const crd = (objects.length === 1 ? objects[0] : undefined) as Partial<CustomResourceDefinition> | undefined;
  if (crd?.apiVersion !== 'apiextensions.k8s.io/v1' || crd.kind !== 'CustomResourceDefinition' || !crd.spec) {
    throw new Error(`${file} is not an apiextensions.k8s.io/v1 CustomResourceDefinition`);
  }
  return crd as CustomResourceDefinition;
}

/** Parses one CRD file (through the manifest reader); throws naming the file when it is not a CRD. */
export function parseCrd(text: string, file: string): CustomResourceDefinition {
  return crdOf(parseManifests(text, file), file);
}

/** The CRDs in `dir`, sorted by file name, with the YAML text of each. */
export async function loadCrds(
  dir: string = findCrdsDir(),
): Promise<{ file: string; text: string; crd: CustomResourceDefinition }[]> {
  const files = await readManifestFiles(dir);
  return files.map(({ file, text, objects }) => ({ file, text, crd: crdOf(objects, file) }));
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
