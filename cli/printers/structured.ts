/** `-o yaml` / `-o json` output: single objects or `<Kind>List`s with apiVersion and kind set. */
import type { Writable } from 'node:stream';
import { stringify } from 'yaml';
import { API_VERSION } from '../../functions/core/api/constants.js';

export const OUTPUT_FORMATS = ['yaml', 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function checkOutputFormat(format: string): OutputFormat {
  if ((OUTPUT_FORMATS as readonly string[]).includes(format)) return format as OutputFormat;
  throw new Error(`unknown output format "${format}": must be one of yaml, json`);
}

export function printStructured(out: Writable, format: OutputFormat, value: unknown): void {
  out.write(format === 'json' ? `${JSON.stringify(value, null, 2)}\n` : stringify(value));
}

/**
 * apiVersion and kind first, as the API server writes them; managedFields are
 * left out, as kubectl does unless asked (they are bookkeeping, not the object).
 */
export function asItem<T extends object>(kind: string, obj: T): T {
  const out = Object.assign({ apiVersion: API_VERSION, kind }, obj, { apiVersion: API_VERSION, kind });
  const meta = (out as { metadata?: Record<string, unknown> }).metadata;
  if (meta && 'managedFields' in meta) {
    const rest = { ...meta };
    delete rest['managedFields'];
    (out as { metadata?: Record<string, unknown> }).metadata = rest;
  }
  return out;
}

export function asList<T extends object>(kind: string, items: T[], resourceVersion?: string): object {
  return {
    apiVersion: API_VERSION,
    kind: `${kind}List`,
    metadata: resourceVersion ? { resourceVersion } : {},
    items: items.map((i) => asItem(kind, i)),
  };
}
