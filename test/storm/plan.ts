/**
 * The storm's schedule: a pure function of (seed, length) → steps. Steps are
 * drawn one after another from one stream, so the schedule of a shorter run
 * is a prefix of a longer one's (what shrinking relies on); the one
 * kube-apiserver restart sits in the middle of whatever length is run.
 * Steps that act on runtime state (play the kubelet, delete a Pod, kill a
 * replica) carry a random `pick` resolved against what exists at that moment.
 */
import type { FunctionName } from '../../functions/names.js';
import { createRng } from './rng.js';

export const SHARED_BRANCHES = ['b0', 'b1', 'b2'] as const;

export interface SpawnerPlan {
  name: string;
  source: 'issues' | 'cron';
  maxConcurrency: number;
  maxTotalTasks: number;
  /** A fixed branch shared with other Tasks, or one per item. */
  branch: string;
}

export type Step =
  | { kind: 'task'; name: string; dependsOn: string[]; branch?: string }
  | { kind: 'spawner'; spawner: SpawnerPlan }
  | { kind: 'issue'; spawner: string; number: number; delivery: string }
  | { kind: 'redeliver'; delivery: string }
  | { kind: 'noise-webhook'; pick: number }
  | { kind: 'cron-tick' }
  | { kind: 'suspend'; spawner: string; suspend: boolean }
  | { kind: 'delete-task'; name: string }
  | { kind: 'delete-pod'; pick: number }
  | { kind: 'kubelet'; pick: number; roll: number }
  | { kind: 'kill'; fn: FunctionName; pick: number }
  | { kind: 'api-faults'; rate: number }
  | { kind: 'restart-apiserver' }
  | { kind: 'pause'; ms: number };

export type StepKind = Step['kind'];

const KILLABLE: FunctionName[] = [
  'resolve-dependencies',
  'launch-pod',
  'capture-outputs',
  'spawn',
  'github-source',
];

/** Relative weights of the step kinds drawn after the opening spawners. */
const WEIGHTS: [StepKind, number][] = [
  ['kubelet', 34],
  ['task', 16],
  ['issue', 9],
  ['redeliver', 5],
  ['noise-webhook', 3],
  // Each extra tick is a full resync sweep in every function: rare, or they swamp the API server.
  ['cron-tick', 1],
  ['suspend', 3],
  ['delete-task', 3],
  ['delete-pod', 3],
  ['kill', 4],
  ['api-faults', 3],
  ['pause', 8],
];
const TOTAL_WEIGHT = WEIGHTS.reduce((n, [, w]) => n + w, 0);

export function planStorm(seed: number, length: number): Step[] {
  const rng = createRng(seed).fork('plan');
  const steps: Step[] = [];
  const tasks: string[] = [];
  const spawners: SpawnerPlan[] = [
    {
      name: 'hot',
      source: 'issues',
      maxConcurrency: 1 + rng.int(2),
      maxTotalTasks: 4 + rng.int(5),
      branch: 'b0',
    },
    {
      name: 'wide',
      source: 'issues',
      maxConcurrency: 2 + rng.int(2),
      maxTotalTasks: 6 + rng.int(6),
      branch: 'per-item',
    },
    {
      name: 'tick',
      source: 'cron',
      maxConcurrency: 1 + rng.int(3),
      maxTotalTasks: 3 + rng.int(4),
      branch: 'per-item',
    },
  ];
  const issueSpawners = spawners.filter((s) => s.source === 'issues').map((s) => s.name);
  const deliveries: string[] = [];
  const issues: Record<string, number> = {};
  let nextIssue = 1;
  for (const s of spawners) if (steps.length < length) steps.push({ kind: 'spawner', spawner: s });
  const restartAt = Math.floor(length / 2);

  while (steps.length < length) {
    if (steps.length === restartAt) {
      steps.push({ kind: 'restart-apiserver' });
      continue;
    }
    let roll = rng.int(TOTAL_WEIGHT);
    let kind: StepKind = 'pause';
    for (const [k, w] of WEIGHTS) {
      if (roll < w) {
        kind = k;
        break;
      }
      roll -= w;
    }
    switch (kind) {
      case 'task': {
        const name = `t${tasks.length}`;
        const recent = tasks.slice(-8);
        const dependsOn: string[] = [];
        if (recent.length > 0 && rng.chance(0.55)) {
          const n = 1 + rng.int(Math.min(2, recent.length));
          for (let i = 0; i < n; i++) {
            const dep = rng.pick(recent);
            if (!dependsOn.includes(dep)) dependsOn.push(dep);
          }
        }
        const step: Step = { kind: 'task', name, dependsOn };
        if (rng.chance(0.5)) step.branch = rng.pick(SHARED_BRANCHES);
        tasks.push(name);
        steps.push(step);
        break;
      }
      case 'issue': {
        const spawner = rng.pick(issueSpawners);
        const number = nextIssue++;
        issues[spawner] = (issues[spawner] ?? 0) + 1;
        const delivery = `d-${number}`;
        deliveries.push(delivery);
        steps.push({ kind: 'issue', spawner, number, delivery });
        break;
      }
      case 'redeliver':
        if (deliveries.length === 0) steps.push({ kind: 'pause', ms: 20 });
        else steps.push({ kind: 'redeliver', delivery: rng.pick(deliveries.slice(-10)) });
        break;
      case 'noise-webhook':
        steps.push({ kind: 'noise-webhook', pick: rng.int(1 << 30) });
        break;
      case 'cron-tick':
        steps.push({ kind: 'cron-tick' });
        rng.int(3); // keeps the schedule stream as it was
        break;
      case 'suspend':
        steps.push({ kind: 'suspend', spawner: rng.pick(spawners).name, suspend: rng.chance(0.5) });
        break;
      case 'delete-task':
        if (tasks.length === 0) steps.push({ kind: 'pause', ms: 20 });
        else steps.push({ kind: 'delete-task', name: rng.pick(tasks.slice(-12)) });
        break;
      case 'delete-pod':
        steps.push({ kind: 'delete-pod', pick: rng.int(1 << 30) });
        break;
      case 'kubelet':
        steps.push({ kind: 'kubelet', pick: rng.int(1 << 30), roll: rng.int(1 << 30) });
        break;
      case 'kill':
        steps.push({ kind: 'kill', fn: rng.pick(KILLABLE), pick: rng.int(1 << 30) });
        break;
      case 'api-faults':
        steps.push({ kind: 'api-faults', rate: rng.pick([0, 0, 0.05, 0.15, 0.3]) });
        break;
      case 'pause':
        steps.push({ kind: 'pause', ms: 10 + rng.int(120) });
        break;
      default:
        steps.push({ kind: 'pause', ms: 20 });
    }
  }
  return steps;
}

/** The objects a step names, for cutting a trace down to what a violation involves. */
export function stepSubjects(step: Step): string[] {
  switch (step.kind) {
    case 'task':
      return [step.name, ...step.dependsOn, ...(step.branch ? [`branch:${step.branch}`] : [])];
    case 'spawner':
      return [
        `spawner:${step.spawner.name}`,
        ...(step.spawner.branch !== 'per-item' ? [`branch:${step.spawner.branch}`] : []),
      ];
    case 'issue':
      return [`spawner:${step.spawner}`, `${step.spawner}-${step.number}`];
    case 'suspend':
      return [`spawner:${step.spawner}`];
    case 'delete-task':
      return [step.name];
    default:
      return [];
  }
}
