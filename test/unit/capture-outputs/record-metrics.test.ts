import { expect } from 'chai';
import { Registry } from 'prom-client';
import type { Task } from '../../../functions/core/api/types.js';
import { kelosMetrics } from '../../../functions/core/metrics/kelos-metrics.js';
import { recordTerminalMetrics } from '../../../functions/capture-outputs/record-metrics.js';

function task(results: Record<string, string>, labels: Record<string, string> = {}): Task {
  return {
    apiVersion: 'kelos.dev/v1alpha1',
    kind: 'Task',
    metadata: { name: 't', namespace: 'ns', labels },
    spec: {
      type: 'claude-code',
      model: 'opus',
      prompt: 'p',
      credentials: { type: 'api-key', secretRef: { name: 's' } },
    },
    status: { phase: 'Succeeded', startTime: '2026-11-25T11:58:00Z', results },
  };
}

interface Sample {
  labels: Record<string, string | number | undefined>;
  value: number;
  metricName?: string;
}

async function values(registry: Registry, name: string): Promise<Sample[]> {
  const metric = registry.getSingleMetric(name);
  return metric ? ((await metric.get()).values as Sample[]) : [];
}

describe('recordTerminalMetrics', () => {
  it('adds parsed cost and tokens with spawner and model labels, completed count and duration', async () => {
    const registry = new Registry();
    const m = kelosMetrics(registry);
    recordTerminalMetrics(
      m,
      task(
        { 'cost-usd': '0.25', 'input-tokens': '100', 'output-tokens': '50' },
        { 'kelos.dev/taskspawner': 'sp' },
      ),
      'Succeeded',
      new Date('2026-11-25T12:00:00Z'),
    );
    const labels = { namespace: 'ns', type: 'claude-code', spawner: 'sp', model: 'opus' };
    expect(await values(registry, 'kelos_task_cost_usd_total')).to.deep.equal([{ labels, value: 0.25 }]);
    expect(await values(registry, 'kelos_task_input_tokens_total')).to.deep.equal([{ labels, value: 100 }]);
    expect(await values(registry, 'kelos_task_output_tokens_total')).to.deep.equal([{ labels, value: 50 }]);
    expect(await values(registry, 'kelos_task_completed_total')).to.deep.equal([
      { labels: { namespace: 'ns', type: 'claude-code', phase: 'Succeeded' }, value: 1 },
    ]);
    const sum = (await values(registry, 'kelos_task_duration_seconds')).find(
      (v) => v.metricName === 'kelos_task_duration_seconds_sum',
    );
    expect(sum?.value).to.equal(120);
  });

  it('ignores missing, invalid and zero values', async () => {
    const registry = new Registry();
    recordTerminalMetrics(
      kelosMetrics(registry),
      task({ 'cost-usd': '0', 'input-tokens': 'lots' }),
      'Failed',
      new Date(),
    );
    expect(await values(registry, 'kelos_task_cost_usd_total')).to.deep.equal([]);
    expect(await values(registry, 'kelos_task_input_tokens_total')).to.deep.equal([]);
    expect(await values(registry, 'kelos_task_output_tokens_total')).to.deep.equal([]);
  });
});
