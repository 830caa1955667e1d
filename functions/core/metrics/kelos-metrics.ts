/**
 * The Prometheus metrics of the original Kelos controller (KELOS-BEHAVIOUR
 * §2.14), with the same names, types, labels and buckets, registered once per
 * Registry (each function process has its own).
 */
import { Counter, Histogram, Registry } from 'prom-client';

export interface KelosMetrics {
  taskCreated: Counter<'namespace' | 'type'>;
  taskCompleted: Counter<'namespace' | 'type' | 'phase'>;
  taskDuration: Histogram<'namespace' | 'type' | 'phase'>;
  reconcileErrors: Counter<'controller'>;
  taskCost: Counter<'namespace' | 'type' | 'spawner' | 'model'>;
  taskInputTokens: Counter<'namespace' | 'type' | 'spawner' | 'model'>;
  taskOutputTokens: Counter<'namespace' | 'type' | 'spawner' | 'model'>;
}

export const TASK_DURATION_BUCKETS = [30, 60, 120, 300, 600, 1200, 1800, 3600];
const USAGE_LABELS = ['namespace', 'type', 'spawner', 'model'] as const;

const cache = new WeakMap<Registry, KelosMetrics>();

/** Creates the metrics on first call for a registry and returns the same ones afterwards. */
export function kelosMetrics(registry: Registry): KelosMetrics {
  const existing = cache.get(registry);
  if (existing) return existing;
  const registers = [registry];
  const metrics: KelosMetrics = {
    taskCreated: new Counter({
      name: 'kelos_task_created_total',
      help: 'Tasks created',
      labelNames: ['namespace', 'type'],
      registers,
    }),
    taskCompleted: new Counter({
      name: 'kelos_task_completed_total',
      help: 'Tasks that reached a terminal phase',
      labelNames: ['namespace', 'type', 'phase'],
      registers,
    }),
    taskDuration: new Histogram({
      name: 'kelos_task_duration_seconds',
      help: 'Task duration from start to terminal phase',
      labelNames: ['namespace', 'type', 'phase'],
      buckets: TASK_DURATION_BUCKETS,
      registers,
    }),
    reconcileErrors: new Counter({
      name: 'kelos_reconcile_errors_total',
      help: 'Reconcile (event handling) errors',
      labelNames: ['controller'],
      registers,
    }),
    taskCost: new Counter({
      name: 'kelos_task_cost_usd_total',
      help: 'Total task cost in USD',
      labelNames: USAGE_LABELS,
      registers,
    }),
    taskInputTokens: new Counter({
      name: 'kelos_task_input_tokens_total',
      help: 'Total input tokens',
      labelNames: USAGE_LABELS,
      registers,
    }),
    taskOutputTokens: new Counter({
      name: 'kelos_task_output_tokens_total',
      help: 'Total output tokens',
      labelNames: USAGE_LABELS,
      registers,
    }),
  };
  cache.set(registry, metrics);
  return metrics;
}
