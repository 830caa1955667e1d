/** Reading and rewriting the manifests `kelos install` applies: crds/*.yaml, then knative/*.yaml. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../functions/core/api/kube-types.js';

/** Every non-empty YAML document of a (multi-document) text, in order. */
export function parseManifests(text: string, source = '<input>'): KubeObject[] {
  const out: KubeObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0)
      throw new Error(`parsing ${source}: ${doc.errors[0]?.message ?? 'invalid YAML'}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value) || !('kind' in value) || !('apiVersion' in value)) {
      throw new Error(`parsing ${source}: document is not a Kubernetes object`);
    }
    out.push(value as KubeObject);
  }
  return out;
}

export interface ManifestFile {
  /** The file's path (dir joined with its name), for messages. */
  file: string;
  text: string;
  objects: KubeObject[];
}

/**
 * The .yaml/.yml files of a folder in name order, each parsed, as
 * `kubectl apply -f <dir>` reads them. The one manifest reader: `kelos
 * install`, the local event plane, the manifest checker and the CRD tests all
 * start from it, so they see the same objects.
 */
export async function readManifestFiles(dir: string): Promise<ManifestFile[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch (err) {
    throw new Error(`reading manifests in ${dir}: ${(err as Error).message}`, { cause: err });
  }
  return Promise.all(
    names.map(async (name) => {
      const file = join(dir, name);
      const text = await readFile(file, 'utf8');
      return { file, text, objects: parseManifests(text, file) };
    }),
  );
}

/** The objects of every manifest file of a folder, in file-name order. */
export async function readManifestDir(dir: string): Promise<KubeObject[]> {
  return (await readManifestFiles(dir)).flatMap((f) => f.objects);
}

/** Rewrites every `:latest` image tag to `:<version>` (unless the version is `latest`). */
export function versionedManifests(objs: KubeObject[], version: string): KubeObject[] {
  if (version === 'latest') return objs;
  return objs.map((o) => mapStrings(o, (s) => s.replace(/:latest\b/g, `:${version}`)) as KubeObject);
}

/**
 * Adds `imagePullPolicy: <policy>` to every container (any object with an
 * `image` string) and a `--<x>-image-pull-policy=<policy>` argument after each
 * `--<x>-image=...` argument.
 */
export function withImagePullPolicy(objs: KubeObject[], policy: string): KubeObject[] {
  if (!policy) return objs;
  const visit = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      for (const item of v) {
        out.push(visit(item));
        const m = typeof item === 'string' ? /^--([\w-]+)-image=/.exec(item) : null;
        if (m) out.push(`--${m[1]}-image-pull-policy=${policy}`);
      }
      return out;
    }
    if (v && typeof v === 'object') {
      const o = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, visit(x)]));
      if (typeof o['image'] === 'string') o['imagePullPolicy'] = policy;
      return o;
    }
    return v;
  };
  return objs.map((o) => visit(o) as KubeObject);
}

function mapStrings(v: unknown, fn: (s: string) => string): unknown {
  if (typeof v === 'string') return fn(v);
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, fn));
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapStrings(x, fn)]));
  return v;
}
