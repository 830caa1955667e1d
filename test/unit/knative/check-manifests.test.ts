import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { checkManifests } from '../../../scripts/dev/knative-rules.js';
import { readManifestDir, type ManifestDoc } from '../../../scripts/event-plane/manifests.js';

const ROOT = join(import.meta.dirname, '../../..');
const KNATIVE = join(ROOT, 'knative');

type Mutate = (docs: ManifestDoc[]) => void;
const find = (docs: ManifestDoc[], kind: string, name?: string) => {
  const d = docs.find((x) => x.kind === kind && (name === undefined || x.metadata.name === name));
  if (!d) throw new Error(`no ${kind} ${name ?? ''}`);
  return d as ManifestDoc & { spec: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- test mutations reach into free-form specs
};

/** One deliberately broken copy per rule, each with the problem it must produce. */
const BROKEN: [string, Mutate, RegExp][] = [
  ['autoscaling annotation on the Service metadata', (d) => void (find(d, 'Service', 'spawn').metadata.annotations = { 'autoscaling.knative.dev/min-scale': '0' }), /Service kelos-system\/spawn .*must be under spec.template.metadata.annotations/],
  ['non-integer min-scale', (d) => void (find(d, 'Service', 'spawn').spec.template.metadata.annotations['autoscaling.knative.dev/min-scale'] = 'one'), /min-scale\] must be a non-negative integer/],
  ['min-scale above max-scale', (d) => void (find(d, 'Service', 'spawn').spec.template.metadata.annotations['autoscaling.knative.dev/min-scale'] = '50'), /min-scale 50 is greater than max-scale 10/],
  ['two dialects in one filter entry', (d) => void (find(d, 'Trigger', 'spawn-task').spec.filters[0].prefix = { type: 'dev.' }), /spawn-task .*spec.filters\[0\]: one dialect per filter entry \(found exact, prefix\)/],
  ['two dialects nested under any', (d) => void (find(d, 'Trigger', 'spawn-github').spec.filters[0].any[1].suffix = { type: 'x' }), /spec.filters\[0\].any\[1\]: one dialect/],
  ['an attribute name starting with a digit', (d) => void (find(d, 'Trigger', 'spawn-task').spec.filters[0].exact = { '1kind': 'Task' }), /attribute name "1kind" must be lowercase alphanumeric, starting with a letter/],
  ['an uppercase attribute name', (d) => void (find(d, 'Trigger', 'resolve-dependencies-task').spec.filters[0].exact = { Kind: 'Task' }), /attribute name "Kind" must be lowercase alphanumeric/],
  ['an attribute name with a dash (legacy filter)', (d) => void (find(d, 'Trigger', 'resolve-dependencies-task').spec.filter = { attributes: { 'api-version': 'v1' } }), /spec.filter.attributes: attribute name "api-version"/],
  ['an empty exact value', (d) => void (find(d, 'Trigger', 'resolve-dependencies-task').spec.filters[0].exact = { kind: '' }), /exact.kind: value must be a non-empty string/],
  [
    'a cesql expression that does not parse',
    (d) => void (find(d, 'Trigger', 'spawn-task').spec.filters[1] = { cesql: "type LIKE 'dev.%" }),
    /spec.filters\[1\].cesql: cesql: /,
  ],
  ['an invalid ApiServerSource mode', (d) => void (find(d, 'ApiServerSource').spec.mode = 'Ref'), /spec.mode must be Reference or Resource, got "Ref"/],
  ['an ApiServerSource without resources', (d) => void (find(d, 'ApiServerSource').spec.resources = []), /spec.resources must not be empty/],
  ['an @every schedule', (d) => void (find(d, 'PingSource').spec.schedule = '@every 1m'), /unsupported descriptor @every/],
  ['a seven-field schedule', (d) => void (find(d, 'PingSource').spec.schedule = '0 0 * * * * *'), /must have five cron fields/],
  ['an unknown time zone', (d) => void (find(d, 'PingSource').spec.timezone = 'Mars/Olympus'), /spec.timezone "Mars\/Olympus" is not a known time zone/],
  ['data and dataBase64 together', (d) => void (find(d, 'PingSource').spec.dataBase64 = 'e30='), /mutually exclusive/],
  ['JSON data that is not an object', (d) => void (find(d, 'PingSource').spec.data = '[1]'), /spec.data must be a JSON object/],
  ['an invalid cron schedule', (d) => void (find(d, 'PingSource').spec.schedule = '61 * * * *'), /is not a valid cron expression/],
  ['a Trigger on a broker that does not exist', (d) => void (find(d, 'Trigger', 'spawn-resync').spec.broker = 'default'), /spawn-resync .*spec.broker default is not in the manifests/],
  ['a subscriber that names no Service', (d) => void (find(d, 'Trigger', 'spawn-resync').spec.subscriber.ref.name = 'spawner'), /spec.subscriber refers to Service kelos-system\/spawner, which is not in the manifests/],
  ['a dead-letter sink that names no Service', (d) => void (find(d, 'Trigger', 'spawn-resync').spec.delivery.deadLetterSink.ref.name = 'dls'), /spec.delivery.deadLetterSink refers to Service kelos-system\/dls/],
  ['a source sinking to a missing broker', (d) => void (find(d, 'PingSource').spec.sink.ref.name = 'nope'), /PingSource .*spec.sink refers to Broker kelos-system\/nope/],
  ['a bad backoffDelay', (d) => void (find(d, 'Trigger', 'spawn-resync').spec.delivery.backoffDelay = '200ms'), /spec.delivery.backoffDelay "200ms" is not an ISO-8601 duration/],
  ['a bad backoffPolicy', (d) => void (find(d, 'Trigger', 'spawn-resync').spec.delivery.backoffPolicy = 'Exponential'), /backoffPolicy must be exponential or linear/],
  ['a SinkBinding subject with both name and selector', (d) => void (find(d, 'SinkBinding', 'github-source').spec.subject.selector = { matchLabels: { a: 'b' } }), /spec.subject needs exactly one of name and selector/],
];

describe('knative/ manifest checker (what Knative admission webhooks reject)', () => {
  let docs: ManifestDoc[];
  before(async () => {
    docs = await readManifestDir(KNATIVE);
  });

  it('accepts the shipped manifests', () => {
    expect(checkManifests(docs)).to.deep.equal([]);
  });

  for (const [name, mutate, expected] of BROKEN) {
    it(`rejects ${name}`, () => {
      const copy = structuredClone(docs);
      mutate(copy);
      const problems = checkManifests(copy);
      expect(problems.join('\n')).to.match(expected);
    });
  }

  it('accepts what Knative accepts: six-field schedules, descriptors, an empty filter entry', () => {
    for (const schedule of ['30 * * * * *', '@daily', '@hourly']) {
      const copy = structuredClone(docs);
      find(copy, 'PingSource').spec.schedule = schedule;
      expect(checkManifests(copy), schedule).to.deep.equal([]);
    }
  });

  it('accepts an empty filter entry, as Knative does (the broker skips it)', () => {
    const copy = structuredClone(docs);
    find(copy, 'Trigger', 'spawn-task').spec.filters.push({});
    expect(checkManifests(copy)).to.deep.equal([]);
  });

  it('the CLI exits 1 and names the problem for a broken copy of knative/, 0 for the original', async () => {
    const run = promisify(execFile);
    const script = join(ROOT, 'scripts/dev/check-manifests.ts');
    const ok = await run(process.execPath, ['--import', 'tsx', script, KNATIVE]);
    expect(ok.stderr).to.match(/: ok/);
    const dir = await mkdtemp(join(tmpdir(), 'kelos-knative-broken-'));
    try {
      await cp(KNATIVE, dir, { recursive: true });
      const file = join(dir, '50-sources.yaml');
      await writeFile(file, (await readFile(file, 'utf8')).replace('mode: Resource', 'mode: Ref'));
      const err = await run(process.execPath, ['--import', 'tsx', script, dir]).then(
        () => undefined,
        (e: { code: number; stderr: string }) => e,
      );
      expect(err?.code).to.equal(1);
      expect(err?.stderr).to.match(/spec.mode must be Reference or Resource/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
