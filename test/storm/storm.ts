/**
 * One storm run: the real functions (processes from dist/, several replicas
 * each) on the real API server, behind the fault proxy, fed by the local
 * event plane through the chaos routers; a seeded schedule of workload and
 * fault steps; the observer checking the safety invariants as the watch
 * reports changes; then the faults stop, the storm plays the kubelet for
 * every Pod left, resync ticks run, and everything must converge.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import examples from '@octokit/webhooks-examples';
import { OUTPUTS_END, OUTPUTS_START } from '../../functions/core/api/constants.js';
import { connectKube } from '../../functions/core/k8s/connect.js';
import type { KubeClient } from '../../functions/core/k8s/rest-client.js';
import type { KubeObject } from '../../functions/core/api/kube-types.js';
import type { Breakable } from '../../functions/core/test-hooks/broken-guarantee.js';
import { FUNCTION_NAMES, type FunctionName } from '../../functions/names.js';
import { writeKubeconfig } from '../../scripts/control-plane/kubeconfig.js';
import { startEventPlane } from '../../scripts/event-plane/event-plane.js';
import { kubeHttp } from '../../scripts/event-plane/kube-http.js';
import { pingEvent } from '../../scripts/event-plane/ping-event.js';
import { startFakeGitHub } from '../support/fake-github.js';
import { REPO_ROOT } from '../support/cluster.js';
import { issuesPayload, sign } from '../integration/github-source/payloads.js';
import { restartApiServer, type ApiServerHandle } from './apiserver.js';
import { CALM, formatChaos, startChaosRouter, type ChaosRates, type ChaosRouter } from './chaos-router.js';
import { startFaultProxy, type ProxyFault } from './fault-proxy.js';
import { startFleet, type Fleet } from './fleet.js';
import { unsettled, type Violation } from './invariants.js';
import { currentTask, emptyModel, type Model } from './model.js';
import { startObserver } from './observer.js';
import { DEFAULT_PACE, addsWork, overloaded, type PaceLimits } from './pace.js';
import { planStorm, type Step, type StepKind } from './plan.js';
import { createRng } from './rng.js';
import { createTrace, formatEntry, type Trace } from './trace.js';

export interface StormCluster {
  kubeconfigPath: string;
  server: string;
  token: string;
  caFile: string;
}

export interface StormOptions {
  seed: number;
  events: number;
  cluster: StormCluster;
  /** Replicas of each function (github-source included). */
  replicas?: number;
  /** Test-only broken guarantees (functions/core/test-hooks/broken-guarantee.ts). */
  breaks?: Breakable[];
  chaos?: ChaosRates;
  /** Every API request waits up to this long in the fault proxy (a slow API server). */
  apiJitterMs?: number;
  resyncSeconds?: number;
  /** Stop the schedule at the first violation (the bite tests). */
  stopOnViolation?: boolean;
  convergeTimeoutMs?: number;
  /** Convergence fails once nothing changed for this long (default 75 s, more than a spawn reservation lives). */
  convergeStallMs?: number;
  /** Progress lines. */
  log?: (line: string) => void;
  /** Also delete Pods their Task has not recorded yet (the short run does; see README.md). */
  earlyPodDeletes?: boolean;
  /** Back-pressure before steps that add work (pace.ts); false runs the schedule flat out. */
  pace?: PaceLimits | false;
  /** Keep the state dir (function logs) after the run. */
  keep?: boolean;
  /** Task status writes (PUT or PATCH of tasks/status) wait up to this long in the fault proxy. */
  statusWriteJitterMs?: number;
  /**
   * The kubelet finishes a Pod this long after starting it, so its Running and its end reach
   * capture-outputs close together: with slow status writes, two writers with different news race
   * on one Task's status (the race the resourceVersion guard exists for).
   */
  kubeletFinishAfterMs?: number;
}

export interface StormFigures {
  seed: number;
  events: number;
  stepsRun: number;
  steps: Partial<Record<StepKind, number>>;
  proxyFaults: Record<ProxyFault, number>;
  apiRequests: number;
  deliveries: { received: number; dropped: number; duplicated: number; delayed: number; replicaDown: number };
  deadLetters: number;
  kills: number;
  killsMidRequest: number;
  apiserverRestarts: number;
  /** How long the kube-apiserver restart took (stopped to ready again). */
  apiserverDownMs: number;
  webhooks: number;
  invariantChecks: number;
  tasks: number;
  pods: number;
  /** From the start to the fleet being up (namespace, proxies, routers, event plane, function processes). */
  setupMs: number;
  stormMs: number;
  /** Of stormMs, the time the driver waited for the functions to catch up (pace.ts). */
  pacedMs: number;
  convergeMs: number;
  totalMs: number;
}

export interface StormResult {
  ok: boolean;
  violations: Violation[];
  figures: StormFigures;
  /** Seed, replay command, the violation and the trace that shows it; empty when ok. */
  report: string;
  /** The shortest prefix of the schedule that showed the first violation (events), when not ok. */
  failingPrefix?: number;
  stateDir: string;
}

const REPO = 'Codertocat/Hello-World';
const REPO_URL = `https://github.com/${REPO}.git`;
const WEBHOOK_SECRET = 'storm-webhook-secret';
const API = 'kelos.dev/v1alpha1';
const DEFAULT_CHAOS: ChaosRates = { drop: 0.08, duplicate: 0.25, delay: 0.15 };
const ALL_EXAMPLES = (examples as unknown as { name: string; examples: Record<string, unknown>[] }[]).flatMap(
  (g) => g.examples.map((payload) => ({ event: g.name, payload })),
);

export const DEFAULT_REPLICAS = 2;

/** Resync ticks while converging (the plane's own come every resyncSeconds besides). */
const CALM_TICK_MS = 10_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Retries an API write through a control-plane restart. */
async function persist<T>(what: string, f: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 100; ; delay = Math.min(delay * 2, 1000)) {
    try {
      return await f();
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`${what}: ${(err as Error).message}`, { cause: err });
      await sleep(delay);
    }
  }
}

export async function runStorm(o: StormOptions): Promise<StormResult> {
  const t0 = Date.now();
  const log = o.log ?? (() => {});
  const replicas = o.replicas ?? DEFAULT_REPLICAS;
  const chaos = o.chaos ?? DEFAULT_CHAOS;
  const root = createRng(o.seed);
  const steps = planStorm(o.seed, o.events);
  const stateDir = await mkdtemp(join(tmpdir(), `kelos-storm-${o.seed}-`));
  const trace = createTrace(t0);
  const model = emptyModel();
  const violations: Violation[] = [];
  const cleanups: (() => Promise<unknown>)[] = [];
  const figures: StormFigures = {
    seed: o.seed,
    events: o.events,
    stepsRun: 0,
    steps: {},
    proxyFaults: { '429': 0, '500': 0, 'reset-before': 0, 'reset-after': 0, latency: 0 },
    apiRequests: 0,
    deliveries: { received: 0, dropped: 0, duplicated: 0, delayed: 0, replicaDown: 0 },
    deadLetters: 0,
    kills: 0,
    killsMidRequest: 0,
    apiserverRestarts: 0,
    apiserverDownMs: 0,
    webhooks: 0,
    invariantChecks: 0,
    tasks: 0,
    pods: 0,
    setupMs: 0,
    stormMs: 0,
    pacedMs: 0,
    convergeMs: 0,
    totalMs: 0,
  };
  let kube: KubeClient | undefined;
  let restarted: ApiServerHandle | undefined;
  try {
    kube = await connectKube({ KUBECONFIG: o.cluster.kubeconfigPath });
    const k = kube;
    const ns = `storm-${o.seed.toString(36)}-${Date.now().toString(36)}`;
    await k.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    cleanups.push(() => k.delete({ apiVersion: 'v1', kind: 'Namespace', name: ns }).catch(() => false));
    await k.create({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'claude', namespace: ns },
      type: 'Opaque',
      stringData: { CLAUDE_CODE_OAUTH_TOKEN: 'storm-token' },
    } as KubeObject);
    await k.create({
      apiVersion: API,
      kind: 'Workspace',
      metadata: { name: 'ws', namespace: ns },
      spec: { repo: REPO_URL },
    } as KubeObject);

    const gh = await startFakeGitHub();
    cleanups.push(() => gh.close());
    const proxy = await startFaultProxy({
      server: o.cluster.server,
      caFile: o.cluster.caFile,
      rng: root.fork('proxy'),
      ...(o.apiJitterMs ? { jitterMs: o.apiJitterMs } : {}),
      ...(o.statusWriteJitterMs ? { statusWriteJitterMs: o.statusWriteJitterMs } : {}),
    });
    cleanups.push(() => proxy.close());
    const proxyKubeconfig = join(stateDir, 'kubeconfig-via-proxy');
    await writeKubeconfig(proxyKubeconfig, {
      server: proxy.url,
      token: o.cluster.token,
      caFile: o.cluster.caFile,
    });

    let rates: ChaosRates = chaos;
    const routers = new Map<FunctionName, ChaosRouter>();
    const fleetRef: { current?: Fleet } = {};
    for (const fn of FUNCTION_NAMES) {
      if (fn === 'github-source') continue;
      const router = await startChaosRouter({
        rng: root.fork(`chaos-${fn}`),
        replicas: () => fleetRef.current?.urls(fn) ?? [],
        rates: () => rates,
      });
      routers.set(fn, router);
      cleanups.push(() => router.close());
    }
    const plane = await startEventPlane({
      manifestsDir: join(REPO_ROOT, 'knative'),
      kubeconfigPath: o.cluster.kubeconfigPath,
      services: Object.fromEntries([...routers].map(([fn, r]) => [fn, r.url])),
      deferSources: true,
      // Every tick makes each function sweep every object of the namespace: at 5 s with a few hundred
      // Tasks those sweeps were most of the API server's work and starved the events (2000-event runs
      // never caught up). The calm phase ticks on its own every CALM_TICK_MS.
      resyncSeconds: o.resyncSeconds ?? 20,
      timeScale: 0.5,
      log: { info: () => {}, warn: (m) => trace.note(`plane: ${m.slice(0, 300)}`, []) },
    });
    cleanups.push(() => plane.stop());

    const baseEnv: NodeJS.ProcessEnv = { ...process.env };
    for (const key of ['KUBECONFIG', 'GITHUB_TOKEN', 'PORT', 'K_SINK', 'KELOS_TEST_BREAK'])
      delete baseEnv[key];
    log(`storm seed ${o.seed}: starting ${replicas} replicas of each function`);
    const theFleet = await startFleet({
      root: REPO_ROOT,
      logDir: stateDir,
      replicas: Object.fromEntries(FUNCTION_NAMES.map((fn) => [fn, replicas])) as Record<
        FunctionName,
        number
      >,
      env: (fn) => ({
        ...baseEnv,
        ...plane.sinkEnv(fn),
        KUBECONFIG: proxyKubeconfig,
        LOG_LEVEL: 'info',
        GITHUB_API_URL: gh.url,
        KELOS_WATCH_NAMESPACE: ns,
        ...(fn === 'github-source' ? { GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET } : {}),
        // A create lost to a reset holds its spawner slot until the reservation lapses: a minute by
        // default, which convergence would sit out; no create here stalls anywhere near 15 s.
        ...(fn === 'spawn' ? { KELOS_SPAWN_RESERVATION_TTL: '15s' } : {}),
        // Sweeps leave objects written in the last 2 s to their events (30 s in production): small
        // beside the 10-20 s ticks, so a lost event is still repaired by about the next tick and
        // convergence keeps its timing, while every sweep runs the rule under the storm's faults.
        KELOS_SWEEP_MIN_AGE: '2s',
        ...(o.breaks?.length ? { KELOS_TEST_BREAK: o.breaks.join(',') } : {}),
      }),
    });
    fleetRef.current = theFleet;
    figures.setupMs = Date.now() - t0;
    cleanups.push(() => theFleet.stop());
    await plane.startSources();

    const observer = startObserver({
      http: await kubeHttp(o.cluster.kubeconfigPath),
      namespace: ns,
      model,
      trace,
    });
    cleanups.push(() => observer.stop());
    await observer.synced;

    const runtime = root.fork('runtime');
    const deliveries = new Map<string, { event: string; body: string }>();
    const issuesBySpawner = new Map<string, number[]>();
    let lastTick = Date.now();
    const ref = (kind: string, name: string, apiVersion = API) => ({ apiVersion, kind, namespace: ns, name });

    // Deliveries run beside the schedule (GitHub does not wait for one to finish before the next).
    const inFlight = new Set<Promise<void>>();
    const background = (p: Promise<void>) => {
      const tracked = p.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
    };
    const webhook = async (event: string, body: string, id: string): Promise<number> => {
      figures.webhooks++;
      const url = runtime.pick(theFleet.urls('github-source'));
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-github-event': event,
            'x-github-delivery': id,
            'x-hub-signature-256': sign(body, WEBHOOK_SECRET),
          },
          body,
          signal: AbortSignal.timeout(15_000),
        });
        await res.arrayBuffer();
        return res.status;
      } catch {
        return 0; // a replica being killed: GitHub would show a failed delivery
      }
    };

    // Not the Pods the storm deleted, even before the watch shows it: the agent Pods' finalizer keeps a
    // deleted Pod, so a status "finishing" it would succeed, and its Task rightly failed as deleted
    // would look like one that lost its Pod's outcome (long run seed 1001, outputs-reach-task).
    const livePods = () =>
      [...model.pods.values()]
        .filter(
          (p) =>
            !p.deleting &&
            !model.podsDeletedByStorm.has(p.uid) &&
            !model.finished.has(p.uid) &&
            p.phase !== 'Succeeded' &&
            p.phase !== 'Failed',
        )
        .sort((a, b) => a.name.localeCompare(b.name));

    const podStatus = async (podName: string, status: object) =>
      k.patchStatus(ref('Pod', podName, 'v1'), { status }, 'merge');

    const containers = new Map<string, string>();
    /** Plays the kubelet for one Pod: start it, or finish it with an outcome drawn from `roll`. */
    const kubelet = async (
      pod: { uid: string; name: string; taskName: string; phase: string },
      roll: number,
    ) => {
      const at = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
      const containerStatus = (state: object, ready: boolean) => ({
        name: containers.get(pod.name) ?? 'claude-code',
        ready,
        restartCount: 0,
        image: 'agent',
        imageID: '',
        started: ready,
        state,
      });
      if (pod.phase !== 'Running') {
        await podStatus(pod.name, {
          phase: 'Running',
          startTime: at,
          containerStatuses: [containerStatus({ running: { startedAt: at } }, true)],
        });
        trace.note(`kubelet: Pod ${pod.name} Running`, [pod.taskName]);
        if (o.kubeletFinishAfterMs === undefined) return;
        await sleep(o.kubeletFinishAfterMs);
      }
      const ok = roll % 5 !== 0;
      const results = {
        branch: `out/${pod.taskName}`,
        commit: (roll.toString(16) + '0'.repeat(40)).slice(0, 40),
      };
      model.finished.set(pod.uid, { phase: ok ? 'Succeeded' : 'Failed', results });
      const message = [
        OUTPUTS_START,
        ...Object.entries(results).map(([key, val]) => `${key}: ${val}`),
        OUTPUTS_END,
      ].join('\n');
      try {
        await podStatus(pod.name, {
          phase: ok ? 'Succeeded' : 'Failed',
          containerStatuses: [
            containerStatus(
              {
                terminated: {
                  exitCode: ok ? 0 : 1,
                  reason: ok ? 'Completed' : 'Error',
                  message,
                  startedAt: at,
                  finishedAt: at,
                },
              },
              false,
            ),
          ],
        });
      } catch (err) {
        model.finished.delete(pod.uid);
        throw err;
      }
      trace.note(`kubelet: Pod ${pod.name} ${ok ? 'Succeeded' : 'Failed'} with ${JSON.stringify(results)}`, [
        pod.taskName,
      ]);
    };
    const learnContainer = async (podName: string) => {
      if (containers.has(podName)) return;
      const pod = await k.get<KubeObject & { spec?: { containers?: { name: string }[] } }>(
        ref('Pod', podName, 'v1'),
      );
      const name = pod?.spec?.containers?.[0]?.name;
      if (name) containers.set(podName, name);
    };

    const spawnerObject = (s: Extract<Step, { kind: 'spawner' }>['spawner']): KubeObject => ({
      apiVersion: API,
      kind: 'TaskSpawner',
      metadata: { name: s.name, namespace: ns },
      spec: {
        when:
          s.source === 'issues'
            ? { githubIssues: { labels: [s.name] } }
            : { cron: { schedule: '* * * * *' } },
        pollInterval: '5s',
        maxConcurrency: s.maxConcurrency,
        maxTotalTasks: s.maxTotalTasks,
        taskTemplate: {
          type: 'claude-code',
          credentials: { type: 'oauth', secretRef: { name: 'claude' } },
          workspaceRef: { name: 'ws' },
          branch: s.branch === 'per-item' ? `${s.name}-{{.ID}}` : s.branch,
          promptTemplate: s.source === 'issues' ? 'Fix {{.Title}}' : 'Tick {{.Time}}',
        },
      },
    });

    const execute = async (step: Step): Promise<void> => {
      switch (step.kind) {
        case 'spawner':
          await persist('create spawner', () => k.create(spawnerObject(step.spawner)));
          trace.note(`create TaskSpawner ${step.spawner.name} ${JSON.stringify(step.spawner)}`, [
            `spawner:${step.spawner.name}`,
          ]);
          return;
        case 'task': {
          const prompt =
            step.dependsOn.length > 0
              ? `Continue from {{ index .Deps "${step.dependsOn[0]}" "Results" "branch" }}`
              : `Storm task ${step.name}`;
          await persist('create task', () =>
            k.create({
              apiVersion: API,
              kind: 'Task',
              metadata: { name: step.name, namespace: ns },
              spec: {
                type: 'claude-code',
                prompt,
                credentials: { type: 'oauth', secretRef: { name: 'claude' } },
                workspaceRef: { name: 'ws' },
                ...(step.dependsOn.length ? { dependsOn: step.dependsOn } : {}),
                ...(step.branch ? { branch: step.branch } : {}),
              },
            } as KubeObject),
          );
          figures.tasks++;
          trace.note(
            `create Task ${step.name}${step.dependsOn.length ? ` dependsOn ${step.dependsOn.join(',')}` : ''}${step.branch ? ` branch ${step.branch}` : ''}`,
            [step.name, ...step.dependsOn, ...(step.branch ? [`branch:ws:${step.branch}`] : [])],
          );
          return;
        }
        case 'issue': {
          const issue = gh.setIssue(REPO, {
            number: step.number,
            title: `Storm issue ${step.number}`,
            labels: [step.spawner],
          });
          const body = JSON.stringify(issuesPayload('labeled', issue, step.spawner));
          deliveries.set(step.delivery, { event: 'issues', body });
          issuesBySpawner.set(step.spawner, [...(issuesBySpawner.get(step.spawner) ?? []), step.number]);
          background(
            webhook('issues', body, step.delivery).then((status) => {
              trace.note(`issue #${step.number} for ${step.spawner}, delivery ${step.delivery}: ${status}`, [
                `spawner:${step.spawner}`,
                `${step.spawner}-${step.number}`,
              ]);
              if (status >= 400 && status < 500)
                violations.push({
                  invariant: 'webhooks-accepted',
                  message: `delivery ${step.delivery} answered ${status}`,
                  subjects: [],
                });
            }),
          );
          return;
        }
        case 'redeliver': {
          const d = deliveries.get(step.delivery);
          if (!d) return;
          background(
            webhook(d.event, d.body, step.delivery).then((status) =>
              trace.note(`redeliver ${step.delivery}: ${status}`, []),
            ),
          );
          return;
        }
        case 'noise-webhook': {
          const ex = ALL_EXAMPLES[step.pick % ALL_EXAMPLES.length]!;
          background(
            webhook(ex.event, JSON.stringify(ex.payload), `noise-${step.pick}`).then((status) => {
              if (status >= 400 && status < 500)
                violations.push({
                  invariant: 'webhooks-accepted',
                  message: `real ${ex.event} payload answered ${status}`,
                  subjects: [],
                });
            }),
          );
          return;
        }
        case 'cron-tick': {
          // An extra PingSource tick now (the plane's own come every resyncSeconds): cron must still run once per schedule tick.
          lastTick = Date.now();
          plane.publish(
            pingEvent(
              { namespace: 'kelos-system', name: 'kelos-resync' },
              { schedule: '* * * * *' },
              new Date(lastTick),
            ),
          );
          trace.note(`extra ping tick`, ['spawner:tick']);
          return;
        }
        case 'suspend':
          await persist('suspend', () =>
            k.patch(ref('TaskSpawner', step.spawner), { spec: { suspend: step.suspend } }),
          );
          trace.note(`${step.suspend ? 'suspend' : 'resume'} ${step.spawner}`, [`spawner:${step.spawner}`]);
          return;
        case 'delete-task': {
          const t = currentTask(model, step.name);
          if (!t || t.deleting) return;
          model.deletedByStorm.set(step.name, (model.deletedByStorm.get(step.name) ?? 0) + 1);
          const gone = await k
            .delete(ref('Task', step.name), { uid: t.uid, propagationPolicy: 'Background' })
            .catch(() => false);
          if (!gone) model.deletedByStorm.set(step.name, (model.deletedByStorm.get(step.name) ?? 1) - 1);
          else trace.note(`delete Task ${step.name}`, [step.name]);
          return;
        }
        case 'delete-pod': {
          // By default only Pods their Task has recorded; earlyPodDeletes also hits the instant between a
          // Pod's creation and that record (which once gave a Task a second Pod, see README).
          const recorded = (p: { name: string; taskUid?: string }) =>
            !!p.taskUid && model.tasks.get(p.taskUid)?.podName === p.name;
          const pods = livePods().filter((p) => o.earlyPodDeletes || recorded(p));
          if (pods.length === 0) return;
          const pod = pods[step.pick % pods.length]!;
          model.podsDeletedByStorm.add(pod.uid);
          await k.delete(ref('Pod', pod.name, 'v1'), { uid: pod.uid }).catch(() => false);
          trace.note(`delete Pod ${pod.name}`, [pod.taskName]);
          return;
        }
        case 'kubelet': {
          const pods = livePods();
          if (pods.length === 0) return;
          const pod = pods[step.pick % pods.length]!;
          await learnContainer(pod.name);
          await kubelet(pod, step.roll).catch((err: unknown) =>
            trace.note(`kubelet: ${pod.name}: ${(err as Error).message}`, [pod.taskName]),
          );
          return;
        }
        case 'kill': {
          const list = theFleet.replicas.get(step.fn) ?? [];
          const router = routers.get(step.fn);
          const busy = list.filter((r) => router && router.inFlight(r.index) > 0);
          const target = (busy.length > 0 ? busy : list)[step.pick % (busy.length || list.length)];
          if (!target) return;
          if (theFleet.kill(target)) {
            if (busy.length > 0) figures.killsMidRequest++;
            trace.note(`kill ${step.fn}#${target.index}${busy.length > 0 ? ' mid-request' : ''}`, [], true);
          }
          return;
        }
        case 'api-faults':
          proxy.setRate(step.rate);
          trace.note(`API fault rate ${step.rate}`, [], true);
          return;
        case 'restart-apiserver': {
          trace.note('kube-apiserver restarting', [], true);
          const t = Date.now();
          restarted = await restartApiServer({
            server: o.cluster.server,
            caFile: o.cluster.caFile,
            logFile: join(stateDir, 'kube-apiserver-restarted.log'),
          });
          figures.apiserverRestarts++;
          figures.apiserverDownMs = Date.now() - t;
          trace.note(`kube-apiserver back after ${figures.apiserverDownMs} ms`, [], true);
          return;
        }
        case 'pause':
          await sleep(step.ms);
          return;
      }
    };

    // The storm.
    const pace = o.pace === false ? undefined : (o.pace ?? DEFAULT_PACE);
    const tStorm = Date.now();
    let logged = 0;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i]!;
      trace.step = i;
      figures.steps[step.kind] = (figures.steps[step.kind] ?? 0) + 1;
      if (pace && addsWork(step)) {
        const until = Date.now() + pace.maxWaitMs;
        const tPace = Date.now();
        while (Date.now() < until && overloaded(model, pace)) await sleep(50);
        figures.pacedMs += Date.now() - tPace;
      }
      try {
        await execute(step);
      } catch (err) {
        trace.note(`step ${step.kind} failed: ${(err as Error).message}`, []);
      }
      figures.stepsRun = i + 1;
      // Each new violation at once in the progress log (a long run's report comes only at its end).
      for (; logged < observer.violations.length; logged++) {
        const v = observer.violations[logged]!;
        log(`  VIOLATION near step ${i}: ${v.invariant}: ${v.message}`);
      }
      if (o.stopOnViolation && (observer.violations.length > 0 || violations.length > 0)) break;
      if (i % 250 === 249)
        log(
          `  step ${i + 1}/${steps.length}: ${model.tasks.size} Tasks, ${model.pods.size} Pods, ${observer.violations.length} violations`,
        );
    }
    await Promise.all([...inFlight]);
    figures.stormMs = Date.now() - tStorm;

    // Calm: faults stop, spawners resume, the kubelet finishes every Pod, resync ticks run.
    const tCalm = Date.now();
    proxy.setRate(0);
    rates = CALM;
    trace.note('faults stop', [], true);
    const stopped = !!o.stopOnViolation && observer.violations.length + violations.length > 0;
    if (!stopped) {
      for (const s of model.spawners.values())
        if (s.suspend)
          await persist('resume', () => k.patch(ref('TaskSpawner', s.name), { spec: { suspend: false } }));
      const settle = await converge({
        model,
        trace,
        log,
        timeoutMs: o.convergeTimeoutMs ?? 600_000,
        stallMs: o.convergeStallMs ?? 75_000,
        tick: () => {
          lastTick = Date.now();
          plane.publish(
            pingEvent(
              { namespace: 'kelos-system', name: 'kelos-resync' },
              { schedule: '* * * * *' },
              new Date(lastTick),
            ),
          );
        },
        finishPods: async () => {
          for (const pod of livePods()) {
            await learnContainer(pod.name).catch(() => undefined);
            await kubelet(pod, runtime.int(1 << 30)).catch(() => undefined);
          }
        },
        spawnerGaps: () => spawnerGaps(model, issuesBySpawner, lastTick),
        done: () => !!o.stopOnViolation && observer.violations.length + violations.length > 0,
      });
      for (const v of settle) {
        // What the spawners believe, for a convergence failure: their status and capacity ledger.
        for (const s of model.spawners.values()) {
          const obj = await k
            .get<KubeObject & { status?: unknown }>(ref('TaskSpawner', s.name))
            .catch(() => undefined);
          v.message += `\n    TaskSpawner ${s.name}: status ${JSON.stringify(obj?.status)} ledger ${obj?.metadata.annotations?.['kelos.dev/spawn-ledger']}`;
        }
      }
      violations.push(...settle);
    }
    figures.convergeMs = Date.now() - tCalm;

    for (const c of theFleet.crashes)
      violations.push({
        invariant: 'no-crash',
        message: `${c.replica} exited (${c.how}) without being killed`,
        subjects: [],
      });
    figures.proxyFaults = { ...proxy.injected };
    figures.apiRequests = proxy.forwarded();
    for (const r of routers.values())
      for (const key of Object.keys(figures.deliveries) as (keyof StormFigures['deliveries'])[])
        figures.deliveries[key] += r.counts[key];
    figures.deadLetters = plane.deadLetters.length;
    figures.kills = theFleet.kills;
    figures.invariantChecks = observer.checks() + (stopped ? 0 : model.tasks.size + model.spawners.size);
    figures.pods = [...model.podsOfTask.values()].reduce((n, s) => n + s.size, 0);
    violations.unshift(...observer.violations);
  } finally {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    kube?.close();
    void restarted; // the restarted API server keeps serving the shared cluster; its supervisor ends it with this process
    if (!o.keep && violations.length === 0) await rm(stateDir, { recursive: true, force: true });
  }
  figures.totalMs = Date.now() - t0;
  const ok = violations.length === 0;
  return {
    ok,
    violations,
    figures,
    report: ok ? '' : failureReport(o, violations, trace, stateDir),
    ...(ok ? {} : { failingPrefix: firstViolationStep(o, violations, trace) + 1 }),
    stateDir,
  };
}

/** The step at which the first violation was seen (the last step for one found while converging). */
function firstViolationStep(o: StormOptions, violations: Violation[], trace: Trace): number {
  const at = trace.entries.findIndex((e) => e.text.startsWith(`VIOLATION ${violations[0]!.invariant}`));
  return at >= 0 ? Math.max(0, trace.entries[at]!.step) : o.events - 1;
}

/** Issues spawners still owe a Task for, and the cron spawner's shortfall. */
function spawnerGaps(model: Model, issues: Map<string, number[]>, lastTick: number): string[] {
  const gaps: string[] = [];
  for (const s of model.spawners.values()) {
    const created = model.createdBySpawner.get(s.name)?.size ?? 0;
    const budgetLeft = !s.maxTotalTasks || created < s.maxTotalTasks;
    if (!budgetLeft) continue;
    // At maxConcurrency, items wait for a slot; whether the active Tasks can move is judged by unsettled().
    const active = [...model.tasks.values()].filter(
      (t) => t.spawner === s.name && !t.deleting && t.phase !== 'Succeeded' && t.phase !== 'Failed',
    ).length;
    if (s.maxConcurrency && active >= s.maxConcurrency) continue;
    for (const n of issues.get(s.name) ?? [])
      if (!model.taskByName.has(`${s.name}-${n}`))
        gaps.push(`${s.name}: issue #${n} has no Task (${created} created)`);
    if (s.name === 'tick') {
      const from = Date.parse(s.createdAt);
      const ticks = Math.max(0, Math.floor(lastTick / 60_000) - Math.floor(from / 60_000));
      const want = Math.min(ticks, s.maxTotalTasks ?? ticks);
      if (created < want) gaps.push(`tick: ${created} Tasks for ${ticks} cron ticks (want ${want})`);
    }
  }
  return gaps;
}

/**
 * Waits until nothing can move any more. On this shared 2-core machine the
 * time that takes varies a lot, so the bound is on stalling: it fails once
 * nothing has changed for `stallMs` (or after `timeoutMs` in all).
 */
async function converge(c: {
  model: Model;
  trace: Trace;
  log: (line: string) => void;
  timeoutMs: number;
  stallMs: number;
  tick: () => void;
  finishPods: () => Promise<void>;
  spawnerGaps: () => string[];
  /** True once the run should end early (a violation seen, in stop-on-violation mode). */
  done: () => boolean;
}): Promise<Violation[]> {
  const start = Date.now();
  let lastTick = 0;
  let calmRounds = 0;
  let seen = c.trace.entries.length;
  let lastChange = Date.now();
  let lastLog = Date.now();
  for (;;) {
    if (c.done()) return [];
    await c.finishPods();
    if (Date.now() - lastTick > CALM_TICK_MS) {
      c.tick();
      lastTick = Date.now();
    }
    if (c.trace.entries.length !== seen) {
      seen = c.trace.entries.length;
      lastChange = Date.now();
    }
    const open = unsettled(c.model);
    const gaps = c.spawnerGaps();
    const busyPods = [...c.model.pods.values()].filter(
      (p) => !p.deleting && p.phase !== 'Succeeded' && p.phase !== 'Failed',
    );
    if (open.length === 0 && gaps.length === 0 && busyPods.length === 0) {
      if (++calmRounds >= 3) return [];
    } else calmRounds = 0;
    if (Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      const byPhase = new Map<string, number>();
      for (const t of open) byPhase.set(t.phase || '""', (byPhase.get(t.phase || '""') ?? 0) + 1);
      c.log(
        `  converging +${Math.round((lastLog - start) / 1000)} s: ${open.length} Tasks open (${[...byPhase].map(([p, n]) => `${p} ${n}`).join(', ')}), ${busyPods.length} Pods busy, ${gaps.length} spawner gaps`,
      );
    }
    const stalled = Date.now() - lastChange > c.stallMs;
    if (stalled || Date.now() - start > c.timeoutMs) {
      const lines = [
        ...open.map((t) => `Task ${t.name} stuck ${t.phase || '""'}${t.message ? ` (${t.message})` : ''}`),
        ...gaps,
      ];
      const why = stalled
        ? `nothing moved for ${Math.round(c.stallMs / 1000)} s`
        : `${Math.round(c.timeoutMs / 1000)} s passed`;
      return [
        {
          invariant: 'converges',
          message: `not converged after the faults stopped (${why}): ${lines.slice(0, 12).join('; ')}${lines.length > 12 ? ` … (${lines.length} in all)` : ''}`,
          subjects: open.map((t) => t.name),
        },
      ];
    }
    await new Promise((r) => setTimeout(r, 400));
  }
}

/** The options that shape a run's timing beyond its seed (a replay command carries them). */
export type StormShape = Pick<
  StormOptions,
  'chaos' | 'apiJitterMs' | 'statusWriteJitterMs' | 'kubeletFinishAfterMs'
>;

/** The command that replays a run (same schedule and fault decisions; thread timing may differ). */
export function replayCommand(
  o: Pick<StormOptions, 'seed' | 'breaks' | 'replicas'> & StormShape,
  events: number,
): string {
  const breaks = o.breaks?.length ? ` --break ${o.breaks.join(',')}` : '';
  const replicas =
    o.replicas !== undefined && o.replicas !== DEFAULT_REPLICAS ? ` --replicas ${o.replicas}` : '';
  const chaos = o.chaos ? ` --chaos ${formatChaos(o.chaos)}` : '';
  const jitter = o.apiJitterMs ? ` --api-jitter-ms ${o.apiJitterMs}` : '';
  const writeJitter = o.statusWriteJitterMs ? ` --status-write-jitter-ms ${o.statusWriteJitterMs}` : '';
  const finish =
    o.kubeletFinishAfterMs !== undefined ? ` --kubelet-finish-after-ms ${o.kubeletFinishAfterMs}` : '';
  return `npm run storm -- --seed ${o.seed} --events ${events}${breaks}${replicas}${chaos}${jitter}${writeJitter}${finish}`;
}

function failureReport(o: StormOptions, violations: Violation[], trace: Trace, stateDir: string): string {
  const first = violations[0]!;
  const at = trace.entries.findIndex((e) => e.text.startsWith(`VIOLATION ${first.invariant}`));
  const upTo = at >= 0 ? at + 1 : trace.entries.length;
  const stepAt = firstViolationStep(o, violations, trace);
  const cut = trace.cut(first.subjects, upTo);
  const shown = cut.length > 80 ? [...cut.slice(0, 10), undefined, ...cut.slice(-70)] : cut;
  return [
    `storm FAILED: seed ${o.seed}, ${o.events} events; first violation at step ${stepAt}`,
    `replay: ${replayCommand(o, o.events)}`,
    `shortest prefix that shows it: ${replayCommand(o, stepAt + 1)} (add --shrink to look for a shorter one)`,
    ...violations.slice(0, 5).map((v) => `  ${v.invariant}: ${v.message}`),
    ...(violations.length > 5 ? [`  … ${violations.length - 5} more`] : []),
    `trace (steps and observations involving ${first.subjects.join(', ') || 'the fault'}, plus every fault; ${cut.length} of ${upTo} entries):`,
    ...shown.map((e) => (e ? formatEntry(e) : '  …')),
    `function logs: ${stateDir}`,
  ].join('\n');
}
