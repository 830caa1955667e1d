/** Reads a CloudEvent's data as a JSON object, whatever form the SDK handed it in. */
import { ValidationError } from './errors.js';

export function dataAsObject(data: unknown, what: string): Record<string, unknown> | undefined {
  if (data === undefined || data === null) return undefined;
  let value: unknown = data;
  // The SDK hands `data_base64` over as a typed array (a Uint32Array of bytes in v10).
  if (ArrayBuffer.isView(value)) value = typedArrayText(value);
  if (typeof value === 'string') {
    if (value.trim() === '') return undefined;
    try {
      value = JSON.parse(value);
    } catch (err) {
      throw new ValidationError(`${what}: data is not JSON`, { cause: err });
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError(`${what}: data is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

export function optionalString(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function typedArrayText(view: ArrayBufferView): string {
  if (view instanceof Uint8Array) return Buffer.from(view).toString('utf8');
  return Buffer.from(Array.from(view as unknown as ArrayLike<number>)).toString('utf8');
}
