/** The seven metrics of KELOS-BEHAVIOUR §2.14: names, types, labels, buckets. */
import { expect } from 'chai';
import { Registry } from 'prom-client';
import { kelosMetrics, TASK_DURATION_BUCKETS } from '../../../functions/core/metrics/kelos-metrics.js';

describe('kelosMetrics', () => {
  it('registers all seven metrics once per registry with their types', async () => {
    const registry = new Registry();
    const m = kelosMetrics(registry);
    expect(kelosMetrics(registry)).to.equal(m);
    const json = await registry.getMetricsAsJSON();
    const types = Object.fromEntries(json.map((j) => [j.name, String(j.type)]));
    expect(types).to.deep.equal({
      kelos_task_created_total: 'counter',
      kelos_task_completed_total: 'counter',
      kelos_task_duration_seconds: 'histogram',
      kelos_reconcile_errors_total: 'counter',
      kelos_task_cost_usd_total: 'counter',
      kelos_task_input_tokens_total: 'counter',
      kelos_task_output_tokens_total: 'counter',
    });
    expect(kelosMetrics(new Registry())).to.not.equal(m);
  });

  it('accepts the label sets of §2.14 and uses its buckets', async () => {
    const registry = new Registry();
    const m = kelosMetrics(registry);
    m.taskCreated.inc({ namespace: 'a', type: 'claude-code' });
    m.taskCompleted.inc({ namespace: 'a', type: 'claude-code', phase: 'Succeeded' });
    m.taskDuration.observe({ namespace: 'a', type: 'claude-code', phase: 'Succeeded' }, 95);
    m.reconcileErrors.inc({ controller: 'task' });
    const usage = { namespace: 'a', type: 'codex', spawner: '', model: 'gpt-5' };
    m.taskCost.inc(usage, 0.25);
    m.taskInputTokens.inc(usage, 1000);
    m.taskOutputTokens.inc(usage, 200);
    const text = await registry.metrics();
    expect(text).to.include('kelos_task_created_total{namespace="a",type="claude-code"} 1');
    expect(text).to.include(
      'kelos_task_cost_usd_total{namespace="a",type="codex",spawner="",model="gpt-5"} 0.25',
    );
    for (const b of TASK_DURATION_BUCKETS)
      expect(text).to.include(`kelos_task_duration_seconds_bucket{le="${b}",`);
    expect(text).to.include(
      'kelos_task_duration_seconds_bucket{le="120",namespace="a",type="claude-code",phase="Succeeded"} 1',
    );
    expect(() => m.reconcileErrors.inc({ namespace: 'x' } as never)).to.throw();
  });
});
