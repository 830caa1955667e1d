import { expect } from 'chai';
import type { CustomResourceDefinition, JSONSchemaProps } from '../../support/crds/crd-types.js';
import { crdSchema, loadCrds } from '../../support/crds/load-crds.js';

function walk(
  schema: JSONSchemaProps,
  path: string,
  visit: (s: JSONSchemaProps, path: string) => void,
): void {
  visit(schema, path);
  for (const [k, v] of Object.entries(schema.properties ?? {})) walk(v, `${path}.${k}`, visit);
  if (schema.items) walk(schema.items, `${path}[]`, visit);
  if (typeof schema.additionalProperties === 'object') walk(schema.additionalProperties, `${path}.*`, visit);
}

/** The regex of the first `self.matches('...')` rule on a field (used to test it with JS). */
function matchesRegex(schema: JSONSchemaProps): RegExp {
  const rule = schema['x-kubernetes-validations']?.find((r) => r.rule.startsWith('self.matches('))?.rule;
  const source = /^self\.matches\('(.*)'\)$/.exec(rule ?? '')?.[1];
  if (!source) throw new Error('no self.matches rule');
  return new RegExp(source);
}

describe('CRD schemas (static checks)', () => {
  let crds: CustomResourceDefinition[];
  before(async () => {
    crds = (await loadCrds()).map((c) => c.crd);
  });

  it('are namespaced kelos.dev v1alpha1, served and stored, in category kelos', () => {
    for (const crd of crds) {
      expect(crd.spec.group).to.equal('kelos.dev');
      expect(crd.spec.scope).to.equal('Namespaced');
      expect(crd.spec.names.categories).to.deep.equal(['kelos']);
      expect(crd.spec.versions.map((v) => [v.name, v.served, v.storage])).to.deep.equal([
        ['v1alpha1', true, true],
      ]);
    }
  });

  it('have the short names ts, ws, ac and a status subresource only on Task and TaskSpawner', () => {
    const byKind = Object.fromEntries(crds.map((c) => [c.spec.names.kind, c]));
    expect(byKind['TaskSpawner']!.spec.names.shortNames).to.deep.equal(['ts']);
    expect(byKind['Workspace']!.spec.names.shortNames).to.deep.equal(['ws']);
    expect(byKind['AgentConfig']!.spec.names.shortNames).to.deep.equal(['ac']);
    expect(byKind['Task']!.spec.names.shortNames).to.equal(undefined);
    const withStatus = crds
      .filter((c) => c.spec.versions[0]!.subresources?.status)
      .map((c) => c.spec.names.kind);
    expect(withStatus.sort()).to.deep.equal(['Task', 'TaskSpawner']);
  });

  it('describe every field and never preserve unknown fields', () => {
    const undocumented: string[] = [];
    for (const crd of crds) {
      walk(crdSchema(crds, crd.spec.names.kind), crd.spec.names.kind, (s, path) => {
        if (s['x-kubernetes-preserve-unknown-fields'])
          undocumented.push(`${path} (preserves unknown fields)`);
        // Map values (.*) are not shown by kubectl explain; their map carries the description.
        if (!s.description && !path.endsWith('.metadata') && !path.endsWith('.*')) undocumented.push(path);
      });
    }
    expect(undocumented).to.deep.equal([]);
  });

  it('show the printer columns of SPEC.md §1', () => {
    const columns = (kind: string, priority0 = true) =>
      crds
        .find((c) => c.spec.names.kind === kind)!
        .spec.versions[0]!.additionalPrinterColumns!.filter((c) => !priority0 || !c.priority)
        .map((c) => c.name.toUpperCase());
    expect(columns('Task')).to.deep.equal(['TYPE', 'PHASE', 'BRANCH', 'WORKSPACE', 'AGENT CONFIG', 'AGE']);
    expect(columns('TaskSpawner')).to.deep.equal([
      'WORKSPACE',
      'SUSPEND',
      'PHASE',
      'ACTIVE',
      'DISCOVERED',
      'TASKS',
      'AGE',
    ]);
  });

  describe('cron.schedule rule', () => {
    const schedule = () =>
      crdSchema(crds, 'TaskSpawner').properties!['spec']!.properties!['when']!.properties!['cron']!
        .properties!['schedule']!;
    for (const ok of [
      '0 9 * * 1',
      '*/15 * * * *',
      '0 0 1,15 * *',
      '30 2 * JAN-MAR mon-fri',
      '0 */12 * * *',
      '5 4 ? * 0',
      ' 1 2 3 4 5 ',
      '0\t9 * * 1',
    ]) {
      it(`accepts ${JSON.stringify(ok)}`, () => expect(matchesRegex(schedule()).test(ok)).to.equal(true));
    }
    for (const bad of [
      '0 9 * *',
      '0 9 * * 1 2',
      '60 * * * *',
      '* 24 * * *',
      '* * 0 * *',
      '* * * 13 *',
      '* * * * 8',
      '@hourly',
      'every day',
      '0 9 * * 1;',
      '',
    ]) {
      it(`rejects "${bad}"`, () => expect(matchesRegex(schedule()).test(bad)).to.equal(false));
    }
  });

  describe('pollInterval rule', () => {
    const poll = () => crdSchema(crds, 'TaskSpawner').properties!['spec']!.properties!['pollInterval']!;
    for (const ok of ['5m', '30s', '1h30m', '300', '1.5h', '250ms', '0']) {
      it(`accepts "${ok}"`, () => expect(matchesRegex(poll()).test(ok)).to.equal(true));
    }
    for (const bad of ['5 minutes', '5M', '-1s', 'm', '1d', '1h 30m', '']) {
      it(`rejects "${bad}"`, () => expect(matchesRegex(poll()).test(bad)).to.equal(false));
    }
    it('defaults to 5m', () => expect(poll().default).to.equal('5m'));
  });
});
