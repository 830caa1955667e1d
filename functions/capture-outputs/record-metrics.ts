/**
 * Metrics of a Task reaching Succeeded/Failed (KELOS-BEHAVIOUR §2.14):
 * completed count, duration (when it has a startTime), and cost/token
 * counters labelled with spawner and model, each added only when the result
 * parses as a number > 0.
 */
import { LABEL_TASKSPAWNER } from '../core/api/constants.js';
import type { Task } from '../core/api/types.js';
import type { KelosMetrics } from '../core/metrics/kelos-metrics.js';
import { positiveNumber } from '../core/outputs/usage-from-results.js';

export function recordTerminalMetrics(
  metrics: KelosMetrics | undefined,
  task: Task,
  phase: 'Succeeded' | 'Failed',
  now: Date,
): void {
  if (!metrics) return;
  const namespace = task.metadata.namespace ?? '';
  const type = task.spec.type;
  metrics.taskCompleted.inc({ namespace, type, phase });
  const start = task.status?.startTime ? Date.parse(task.status.startTime) : NaN;
  if (!Number.isNaN(start))
    metrics.taskDuration.observe({ namespace, type, phase }, Math.max(0, (now.getTime() - start) / 1000));

  const results = task.status?.results ?? {};
  const labels = {
    namespace,
    type,
    spawner: task.metadata.labels?.[LABEL_TASKSPAWNER] ?? '',
    model: task.spec.model ?? '',
  };
  const cost = positiveNumber(results['cost-usd']);
  const input = positiveNumber(results['input-tokens']);
  const output = positiveNumber(results['output-tokens']);
  if (cost !== undefined) metrics.taskCost.inc(labels, cost);
  if (input !== undefined) metrics.taskInputTokens.inc(labels, input);
  if (output !== undefined) metrics.taskOutputTokens.inc(labels, output);
}
