import { expect } from 'chai';
import type { JSONSchemaProps } from '../../support/crds/crd-types.js';
import { schemaShape, shapePaths } from '../../support/crds/schema-shape.js';

describe('schemaShape', () => {
  it('reads leaves, required/optional keys, arrays, maps and int-or-string', () => {
    const schema: JSONSchemaProps = {
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string' },
        count: { type: 'integer' },
        on: { type: 'boolean' },
        tags: { type: 'array', items: { type: 'string' } },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        cpu: { anyOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true },
      },
    };
    expect(schemaShape(schema)).to.deep.equal({
      name: 'string',
      'count?': 'integer',
      'on?': 'boolean',
      'tags?': ['string'],
      'labels?': { '*': 'string' },
      'cpu?': 'quantity',
    });
  });

  it('refuses nodes without a fixed shape, naming the path', () => {
    const open: JSONSchemaProps = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: { x: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      },
    };
    expect(() => schemaShape(open)).to.throw('spec.x: preserves unknown fields');
    expect(() => schemaShape({ type: 'object', properties: { a: { type: 'object' } } })).to.throw(
      'a: object without properties',
    );
    expect(() => schemaShape({ type: 'array' }, 'list')).to.throw('list: array without items');
    expect(() => schemaShape({ type: 'number' }, 'n')).to.throw('n: unsupported schema type number');
  });
});

describe('shapePaths', () => {
  it('lists every property path without optional markers', () => {
    expect(shapePaths({ a: 'string', 'b?': [{ c: 'integer' }], 'm?': { '*': 'string' } })).to.deep.equal([
      'a',
      'b',
      'b[].c',
      'm',
      'm.*',
    ]);
  });
});
