/**
 * images.json, the interface between this build and its users (the local
 * node imports each `tar` and sets `env` to `ref`): its shape, a checked
 * parse with errors that name the field, and the pure updates (README.md).
 */
export const MANIFEST_FILE = 'images.json';
export const MANIFEST_SCHEMA = 1;

export interface ImageEntry {
  ref: string;
  tar: string;
  hash: string;
  /** The launch-pod variable to set to `ref`; null for pause. */
  env: string | null;
  bytes: number;
  /** How long the last build of this image took. */
  buildSeconds: number;
}

export interface ImagesManifest {
  schema: number;
  images: Record<string, ImageEntry>;
}

export function emptyManifest(): ImagesManifest {
  return { schema: MANIFEST_SCHEMA, images: {} };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseEntry(name: string, v: unknown): ImageEntry {
  const where = `images.json: images[${JSON.stringify(name)}]`;
  if (!isRecord(v)) throw new Error(`${where} is not an object`);
  const str = (key: string): string => {
    const s = v[key];
    if (typeof s !== 'string' || s === '') throw new Error(`${where}.${key} must be a non-empty string`);
    return s;
  };
  const num = (key: string): number => {
    const n = v[key];
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0)
      throw new Error(`${where}.${key} must be a number >= 0`);
    return n;
  };
  const env = v['env'];
  if (env !== null && (typeof env !== 'string' || !/^KELOS_[A-Z_]+_IMAGE$/.test(env))) {
    throw new Error(`${where}.env must be null or a KELOS_*_IMAGE name`);
  }
  return {
    ref: str('ref'),
    tar: str('tar'),
    hash: str('hash'),
    env,
    bytes: num('bytes'),
    buildSeconds: num('buildSeconds'),
  };
}

export function parseManifest(text: string): ImagesManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`images.json is not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!isRecord(raw)) throw new Error('images.json is not an object');
  if (raw['schema'] !== MANIFEST_SCHEMA) {
    throw new Error(`images.json schema ${JSON.stringify(raw['schema'])} is not ${MANIFEST_SCHEMA}`);
  }
  const images = raw['images'];
  if (!isRecord(images)) throw new Error('images.json: images is not an object');
  const out = emptyManifest();
  for (const [name, entry] of Object.entries(images)) out.images[name] = parseEntry(name, entry);
  return out;
}

export function withEntry(manifest: ImagesManifest, name: string, entry: ImageEntry): ImagesManifest {
  return { schema: MANIFEST_SCHEMA, images: { ...manifest.images, [name]: entry } };
}

export function serializeManifest(manifest: ImagesManifest): string {
  const images = Object.fromEntries(Object.entries(manifest.images).sort(([a], [b]) => a.localeCompare(b)));
  return `${JSON.stringify({ schema: manifest.schema, images }, null, 2)}\n`;
}

/** The launch-pod environment for these images: KELOS_GIT_IMAGE, KELOS_<TYPE>_IMAGE, pull policy Never. */
export function imageEnv(manifest: ImagesManifest): Record<string, string> {
  const env: Record<string, string> = { KELOS_IMAGE_PULL_POLICY: 'Never' };
  for (const entry of Object.values(manifest.images)) if (entry.env) env[entry.env] = entry.ref;
  return env;
}
