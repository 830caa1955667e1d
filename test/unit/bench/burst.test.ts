import { expect } from 'chai';
import { byVerbAndResource, diffTotals, parseRequestTotals } from '../../../bench/burst/api-metrics.js';
import { checkPods } from '../../../bench/burst/check-pods.js';
import { createBurst, sendAfterMs } from '../../../bench/burst/create-tasks.js';
import type { KubePort } from '../../../functions/core/k8s/port.js';
import {
  classifyProcess,
  parseStatCpuSeconds,
  parseStatParent,
  parseStatusPeakRss,
  parseStatusRss,
} from '../../../bench/burst/proc-stats.js';
import { formatBurstTable, type BurstResult } from '../../../bench/burst/table.js';
import type { Pod } from '../../../functions/core/task/pod-types.js';

const METRICS = `# HELP apiserver_request_total [STABLE] Counter of apiserver requests
# TYPE apiserver_request_total counter
apiserver_request_total{code="200",component="apiserver",dry_run="",group="kelos.dev",resource="tasks",scope="resource",subresource="",verb="GET",version="v1alpha1"} 40
apiserver_request_total{code="404",component="apiserver",dry_run="",group="kelos.dev",resource="tasks",scope="resource",subresource="",verb="GET",version="v1alpha1"} 2
apiserver_request_total{code="409",component="apiserver",dry_run="",group="kelos.dev",resource="tasks",scope="resource",subresource="status",verb="PUT",version="v1alpha1"} 3
apiserver_request_total{code="201",component="apiserver",dry_run="",group="",resource="pods",scope="resource",subresource="",verb="POST",version="v1"} 1e+01
apiserver_request_count_other{code="200"} 99
`;

describe('bench burst: API request counts', () => {
  it('parses apiserver_request_total by verb, resource/subresource and code, ignoring other series', () => {
    const rows = parseRequestTotals(METRICS);
    expect(rows).to.deep.include({ verb: 'GET', resource: 'tasks', code: '200', count: 40 });
    expect(rows).to.deep.include({ verb: 'PUT', resource: 'tasks/status', code: '409', count: 3 });
    expect(rows).to.deep.include({ verb: 'POST', resource: 'pods', code: '201', count: 10 });
    expect(rows).to.have.length(4);
  });

  it('diffs two scrapes (new series count from zero, unchanged ones drop) and sums codes', () => {
    const before = parseRequestTotals(METRICS);
    const after = parseRequestTotals(
      METRICS.replace('} 40', '} 45') +
        'apiserver_request_total{code="201",group="",resource="secrets",subresource="",verb="POST"} 1\n',
    );
    const delta = diffTotals(before, after);
    expect(delta).to.deep.equal([
      { verb: 'GET', resource: 'tasks', code: '200', count: 5 },
      { verb: 'POST', resource: 'secrets', code: '201', count: 1 },
    ]);
    expect(byVerbAndResource(parseRequestTotals(METRICS))[0]).to.deep.equal({
      verb: 'GET',
      resource: 'tasks',
      count: 42,
    });
  });
});

describe('bench burst: /proc readings', () => {
  const stat = '4242 (node (x) y) S 17 4242 4242 0 -1 4194560 100 0 0 0 250 130 0 0 20 0 11 0 1 1 1';
  it('reads utime+stime in seconds and the parent pid, with spaces and parentheses in the name', () => {
    expect(parseStatCpuSeconds(stat)).to.equal(3.8);
    expect(parseStatParent(stat)).to.equal(17);
  });

  it('reads VmHWM as peak RSS in bytes, 0 when absent', () => {
    expect(parseStatusPeakRss('Name:\tnode\nVmHWM:\t  123456 kB\nVmRSS:\t  100 kB\n')).to.equal(
      123456 * 1024,
    );
    expect(parseStatusPeakRss('Name:\tzombie\n')).to.equal(0);
    expect(parseStatusRss('Name:\tnode\nVmHWM:\t  123456 kB\nVmRSS:\t  100 kB\n')).to.equal(100 * 1024);
  });

  it('names functions and control-plane binaries from argv; shells are unnamed', () => {
    expect(classifyProcess(['/usr/bin/node', '/w/scripts/run-function.js', 'launch-pod'])).to.equal(
      'launch-pod',
    );
    expect(classifyProcess(['/cache/bin/kube-apiserver', '--etcd-servers=x'])).to.equal('kube-apiserver');
    expect(classifyProcess(['/cache/bin/etcd'])).to.equal('etcd');
    const supervisor = ['bash', '/w/scripts/control-plane/supervise.sh', '1', '/usr/bin/node'];
    expect(classifyProcess([...supervisor, '/w/scripts/run-function.js', 'spawn'])).to.equal(undefined);
    expect(
      classifyProcess(['bash', '/w/scripts/control-plane/supervise.sh', '1', '/cache/bin/etcd']),
    ).to.equal(undefined);
  });
});

describe('bench burst: one Pod per Task', () => {
  const pod = (name: string, task: string, uid: string): Pod => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      labels: { 'kelos.dev/task': task },
      ownerReferences: [{ apiVersion: 'kelos.dev/v1alpha1', kind: 'Task', name: task, uid }],
    },
    spec: { containers: [] },
  });
  const tasks = [
    { name: 'a', uid: 'ua' },
    { name: 'b', uid: 'ub' },
  ];

  it('passes with exactly one owned Pod per Task', () => {
    expect(checkPods(tasks, [pod('a', 'a', 'ua'), pod('b', 'b', 'ub')])).to.deep.equal([]);
  });

  it('names a missing Pod, a second Pod, a foreign Pod and a wrong owner', () => {
    const problems = checkPods(tasks, [
      pod('a', 'a', 'ua'),
      pod('a-2', 'a', 'ua'),
      pod('x', 'x', 'ux'),
      pod('b', 'b', 'other'),
    ]);
    expect(problems).to.include('Task a has 2 Pods');
    expect(problems).to.include('Pod x belongs to no Task of the burst (label x)');
    expect(problems).to.include('Pod b is not owned by Task b (ub)');
    expect(checkPods(tasks, [pod('a', 'a', 'ua')])).to.deep.equal(['1 Task(s) without a Pod: b']);
  });
});

describe('bench burst: pacing the creates', () => {
  it('sends Task i no earlier than i / rate seconds after the start; unpaced, at once', () => {
    expect(sendAfterMs(0, 150)).to.equal(0);
    expect(sendAfterMs(150, 150)).to.equal(1000);
    expect(sendAfterMs(3, 200)).to.equal(15);
    expect(sendAfterMs(999, undefined)).to.equal(0);
  });

  // A fake API server that answers at once and records when each create was sent.
  const recordingKube = (sent: number[]) =>
    ({
      create: async (obj: { metadata: { name: string } }) => {
        sent.push(performance.now());
        return { ...obj, metadata: { ...obj.metadata, uid: `uid-${obj.metadata.name}` } };
      },
    }) as unknown as KubePort;

  it('a paced burst keeps its schedule with 20 workers (every create on or after its time)', async () => {
    const sent: number[] = [];
    const start = performance.now();
    await createBurst({
      kube: recordingKube(sent),
      namespace: 'ns',
      count: 30,
      concurrency: 20,
      ratePerSecond: 500,
      onCreated: () => {},
    });
    expect(sent).to.have.length(30);
    sent.sort((a, b) => a - b);
    // Timers may fire up to a millisecond early against performance.now(); 2 ms of slack.
    sent.forEach((at, i) => expect(at - start).to.be.at.least(sendAfterMs(i, 500) - 2));
    expect(sent[29]! - start).to.be.at.least(56);
  });

  it('refuses a rate that is not a positive number, creating nothing', async () => {
    const sent: number[] = [];
    for (const rate of [0, -5, Number.NaN]) {
      const burst = createBurst({
        kube: recordingKube(sent),
        namespace: 'ns',
        count: 3,
        concurrency: 2,
        ratePerSecond: rate,
        onCreated: () => {},
      });
      await burst.then(
        () => expect.fail(`rate ${rate} was accepted`),
        (err: Error) => expect(err.message).to.match(/rate must be a positive number/),
      );
    }
    expect(sent).to.deep.equal([]);
  });
});

describe('bench burst: the table', () => {
  it('prints wall time against the floor, percentiles, processes, requests per Task and 409s', () => {
    const result: BurstResult = {
      date: '2026-12-03T17:00:00.000Z',
      commit: 'abc1234',
      count: 1000,
      concurrency: 20,
      cpus: 2,
      loadAverage: [1, 0.5, 0.25],
      floor: {
        wallSeconds: 10,
        firstCreateMs: 12,
        warmUpMs: 2010,
        tasksPerSecond: 100,
        apiserverCpuSeconds: 5,
        controlPlaneCpuSeconds: 6,
        benchCpuSeconds: 1,
        requests: [{ verb: 'POST', resource: 'pods', count: 1000 }],
      },
      stack: {
        wallSeconds: 20,
        firstCreateMs: 9.6,
        createsSeconds: 17.5,
        tasksPerSecond: 50,
        latencyMs: { p50: 500, p90: 900, p99: 1200, max: 1500 },
        podsSeen: 1000,
        tasksPending: 1000,
        problems: [],
        processes: [
          {
            name: 'launch-pod',
            cpuSeconds: 2,
            peakRssBytes: 64 * 1024 * 1024,
            startRssBytes: 50 * 1024 * 1024,
          },
          { name: 'kube-apiserver', cpuSeconds: 9, peakRssBytes: 300 * 1024 * 1024, startRssBytes: 0 },
        ],
        requests: [
          { verb: 'GET', resource: 'tasks', count: 3000 },
          { verb: 'WATCH', resource: 'pods', count: 3 },
        ],
        conflicts: [{ verb: 'PUT', resource: 'tasks/status', code: '409', count: 7 }],
        settleSeconds: 1.5,
        benchCpuSeconds: 2,
      },
    };
    const table = formatBurstTable(result);
    expect(table).to.match(/wall time to the last Pod\s+20\.0 s\s+10\.0 s/);
    expect(table).to.match(/the first create returned at\s+10 ms\s+12 ms/);
    expect(table).to.match(/the last create returned at\s+17\.5 s\s+10\.0 s/);
    expect(table).to.match(/ratio to the floor\s+2\.00x/);
    expect(table).to.match(/create→Pod p50 \/ p90 \/ p99\s+0\.50 s\s+0\.90 s\s+1\.20 s/);
    expect(table).to.match(/launch-pod\s+2\.0\s+2\.0\s+64 MiB\s+50 MiB/);
    expect(table).to.match(/functions together\s+2\.0/);
    // launch-pod 2 + kube-apiserver 9 + the bench 2 = 13 CPU-s; the floor's control plane 6 + its bench 1.
    expect(table).to.match(/the bench's own client \(CPU s\)\s+2\.0\s+1\.0/);
    expect(table).to.match(/all processes \(CPU s\)\s+13\.0\s+7\.0/);
    expect(table).to.match(/ per Task\s+13\.00 ms\s+7\.00 ms/);
    expect(table).to.match(/GET tasks\s+3000\s+3\.00\s+0/);
    expect(table).not.to.match(/WATCH pods/);
    expect(table).to.match(/PUT tasks\/status\s+7/);
    expect(table).to.match(/one Pod per Task\s+yes/);
    expect(table).to.match(/20 concurrent creates, 2 CPUs/);
    expect(formatBurstTable({ ...result, ratePerSecond: 150 })).to.match(
      /20 concurrent creates paced at 150\/s \(the floor unpaced\), 2 CPUs/,
    );
  });
});
