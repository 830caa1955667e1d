import { expect } from 'chai';
import { join } from 'node:path';
import type { CustomResourceDefinition, JSONSchemaProps } from '../../support/crds/crd-types.js';
import { crdSchema, loadCrds } from '../../support/crds/load-crds.js';
import { schemaShape, shapePaths, type Shape } from '../../support/crds/schema-shape.js';
import {
  AGENT_TYPES,
  CREDENTIAL_TYPES,
  GITHUB_ITEM_TYPES,
  GITHUB_STATES,
  MCP_SERVER_TYPES,
} from '../../../functions/core/api/types.js';
import { FIELD_INVENTORY } from './field-inventory.js';
import { ROOT, typeCheck } from './type-check.js';

/** Every enum in the CRDs, by kind and path, and the constant in types.ts it must equal. */
const ENUMS: Record<string, readonly string[]> = {
  'Task spec.type': AGENT_TYPES,
  'Task spec.credentials.type': CREDENTIAL_TYPES,
  'Task status.conditions[].status': ['True', 'False', 'Unknown'],
  'AgentConfig spec.mcpServers[].type': MCP_SERVER_TYPES,
  'TaskSpawner spec.taskTemplate.type': AGENT_TYPES,
  'TaskSpawner spec.taskTemplate.credentials.type': CREDENTIAL_TYPES,
  'TaskSpawner spec.when.githubIssues.types[]': GITHUB_ITEM_TYPES,
  'TaskSpawner spec.when.githubIssues.state': GITHUB_STATES,
  'TaskSpawner status.conditions[].status': ['True', 'False', 'Unknown'],
};

function collectEnums(schema: JSONSchemaProps, path: string, out: Record<string, unknown[]>): void {
  if (schema.enum) out[path] = schema.enum;
  for (const [k, v] of Object.entries(schema.properties ?? {}))
    collectEnums(v, path ? `${path}.${k}` : k, out);
  if (schema.items) collectEnums(schema.items, `${path}[]`, out);
}

function missing(from: Shape, to: Shape): string[] {
  const have = new Set(shapePaths(to));
  return shapePaths(from).filter((p) => !have.has(p));
}

describe('CRDs and TypeScript types (drift)', () => {
  let crds: CustomResourceDefinition[];
  before(async () => {
    crds = (await loadCrds()).map((c) => c.crd);
  });

  for (const [kind, parts] of Object.entries(FIELD_INVENTORY)) {
    for (const [part, inventory] of Object.entries(parts) as [string, Shape][]) {
      it(`${kind} ${part}: every CRD property is in the types and vice versa`, () => {
        const schema = crdSchema(crds, kind).properties?.[part];
        expect(schema, `${kind} CRD has no ${part}`).to.not.equal(undefined);
        const shape = schemaShape(schema!, part);
        expect(missing(shape, inventory), 'in the CRD but not in types.ts').to.deep.equal([]);
        expect(missing(inventory, shape), 'in types.ts but not in the CRD').to.deep.equal([]);
        // Same paths; now also the same leaf types and required/optional markers.
        expect(shape).to.deep.equal(inventory);
      });
    }
    it(`${kind}: top-level properties are apiVersion, kind, metadata and the inventoried parts`, () => {
      const keys = Object.keys(crdSchema(crds, kind).properties ?? {}).sort();
      expect(keys).to.deep.equal(['apiVersion', 'kind', 'metadata', ...Object.keys(parts)].sort());
    });
  }

  it('every enum in the CRDs equals its constant in types.ts', () => {
    const found: Record<string, unknown[]> = {};
    for (const kind of Object.keys(FIELD_INVENTORY)) {
      const enums: Record<string, unknown[]> = {};
      collectEnums(crdSchema(crds, kind), '', enums);
      for (const [path, values] of Object.entries(enums)) found[`${kind} ${path}`] = values;
    }
    expect(found).to.deep.equal(Object.fromEntries(Object.entries(ENUMS).map(([k, v]) => [k, [...v]])));
  });

  it('a field removed from a CRD is detected', () => {
    const schema = structuredClone(crdSchema(crds, 'Task').properties!['spec']!);
    delete schema.properties!['branch'];
    expect(missing(FIELD_INVENTORY.Task.spec, schemaShape(schema, 'spec'))).to.deep.equal(['branch']);
  });

  it('a field made required in a CRD is detected', () => {
    const schema = structuredClone(crdSchema(crds, 'Workspace').properties!['spec']!);
    schema.required = [...(schema.required ?? []), 'ref'];
    expect(schemaShape(schema, 'spec')).to.not.deep.equal(FIELD_INVENTORY.Workspace.spec);
  });

  describe('type check of the inventory against types.ts', function () {
    this.timeout(60_000);
    const inventoryFile = join(ROOT, 'test/unit/api/field-inventory.ts');
    const probe = join(ROOT, 'test/unit/api/__drift_probe__.ts');
    const header = `import type { ShapeOf } from '../../support/crds/schema-shape.js';
import type { TaskSpec } from '../../../functions/core/api/types.js';
type S = Pick<TaskSpec, 'type' | 'model'>;
`;

    const check = (literal: string) =>
      typeCheck([], { [probe]: `${header}export const s: ShapeOf<S> = ${literal};\n` });

    it('passes for the real inventory', () => {
      expect(typeCheck([inventoryFile])).to.deep.equal([]);
    });

    it('passes for a correct probe (so the failures below are about the shape)', () => {
      expect(check(`{ type: 'string', 'model?': 'string' }`)).to.deep.equal([]);
    });

    for (const [what, literal] of [
      ['a missing field', `{ type: 'string' }`],
      ['an extra field', `{ type: 'string', 'model?': 'string', 'extra?': 'string' }`],
      ['a wrong optional marker', `{ type: 'string', model: 'string' }`],
      ['a wrong leaf type', `{ type: 'integer', 'model?': 'string' }`],
    ]) {
      it(`fails for ${what}`, () => {
        const errors = check(literal);
        expect(errors).to.have.length.greaterThan(0);
        expect(errors.join('\n')).to.contain('__drift_probe__.ts:4');
      });
    }
  });
});
