/**
 * A "shape" is the skeleton of a resource type: its property names (a `?`
 * suffix marks an optional one), and for each leaf one of string, integer,
 * boolean or quantity (int-or-string). Arrays are one-element tuples of their
 * item shape and string-keyed maps are `{ '*': value }`.
 *
 * `ShapeOf<T>` computes the shape of a TypeScript type at compile time and
 * `schemaShape()` reads it from a CRD schema at run time, so a written-out
 * shape that satisfies both proves the two agree (test/unit/api/crd-drift.test.ts).
 */
import type { JSONSchemaProps } from './crd-types.js';

export type LeafShape = 'string' | 'integer' | 'boolean' | 'quantity';
export type Shape = LeafShape | readonly [Shape] | { readonly [key: string]: Shape };

type IsOptional<T, K extends keyof T> = object extends Pick<T, K> ? true : false;

/** The shape of T; for an object literal to satisfy it, it must list exactly T's keys. */
export type ShapeOf<T> = [T] extends [boolean]
  ? 'boolean'
  : [T] extends [string]
    ? 'string'
    : [T] extends [number]
      ? 'integer'
      : [T] extends [string | number]
        ? 'quantity'
        : [T] extends [readonly (infer E)[]]
          ? readonly [ShapeOf<E>]
          : string extends keyof T
            ? { readonly '*': ShapeOf<T[string]> }
            : {
                readonly [K in keyof T & string as IsOptional<T, K> extends true ? `${K}?` : K]-?: ShapeOf<
                  Exclude<T[K], undefined>
                >;
              };

/** Reads the shape of a structural schema node; throws on nodes with no fixed shape. */
export function schemaShape(schema: JSONSchemaProps, path = ''): Shape {
  if (schema['x-kubernetes-int-or-string']) return 'quantity';
  if (schema['x-kubernetes-preserve-unknown-fields'])
    throw new Error(`${path || '<root>'}: preserves unknown fields`);
  switch (schema.type) {
    case 'string':
    case 'integer':
    case 'boolean':
      return schema.type;
    case 'array':
      if (!schema.items) throw new Error(`${path}: array without items`);
      return [schemaShape(schema.items, `${path}[]`)];
    case 'object':
      return objectShape(schema, path);
    default:
      throw new Error(`${path || '<root>'}: unsupported schema type ${String(schema.type)}`);
  }
}

function objectShape(schema: JSONSchemaProps, path: string): Shape {
  const extra = schema.additionalProperties;
  if (typeof extra === 'object') return { '*': schemaShape(extra, `${path}.*`) };
  if (!schema.properties) throw new Error(`${path || '<root>'}: object without properties`);
  const required = new Set(schema.required ?? []);
  const out: Record<string, Shape> = {};
  for (const [key, child] of Object.entries(schema.properties)) {
    out[required.has(key) ? key : `${key}?`] = schemaShape(child, path ? `${path}.${key}` : key);
  }
  return out;
}

/** Every property path in a shape (`spec.credentials.type`, `spec.env[].name`, `*` for map values). */
export function shapePaths(shape: Shape, prefix = ''): string[] {
  if (typeof shape === 'string') return [];
  if (Array.isArray(shape)) return shapePaths((shape as readonly [Shape])[0], `${prefix}[]`);
  return Object.entries(shape).flatMap(([key, child]) => {
    const name = key.endsWith('?') ? key.slice(0, -1) : key;
    const path = prefix ? `${prefix}.${name}` : name;
    return [path, ...shapePaths(child, path)];
  });
}
