import { expect } from 'chai';
import { Capture } from './support/run.js';
import { expectGolden } from './support/golden.js';
import {
  AGENT_CONFIGS,
  FULL_TASK,
  MINIMAL_TASK,
  NOW,
  SPAWNERS,
  TASKS,
  WORKSPACES,
  task,
} from './support/samples.js';
import { printTaskDetail, printTaskTable, taskDuration } from '../../../cli/printers/task-printer.js';
import { printWorkspaceDetail, printWorkspaceTable } from '../../../cli/printers/workspace-printer.js';
import { printTaskSpawnerDetail, printTaskSpawnerTable } from '../../../cli/printers/taskspawner-printer.js';
import { printAgentConfigDetail, printAgentConfigTable } from '../../../cli/printers/agentconfig-printer.js';
import { humanDuration } from '../../../cli/printers/human-duration.js';
import { formatTable } from '../../../cli/printers/table.js';

function capture(fn: (out: Capture) => void): string {
  const out = new Capture();
  fn(out);
  return out.text;
}

describe('cli: printers (golden)', () => {
  it('task table', () =>
    expectGolden(
      'task-table.txt',
      capture((o) => printTaskTable(o, TASKS, NOW, false)),
    ));
  it('task table -A', () =>
    expectGolden(
      'task-table-all.txt',
      capture((o) => printTaskTable(o, TASKS, NOW, true)),
    ));
  it('task table single item', () =>
    expectGolden(
      'task-table-single.txt',
      capture((o) => printTaskTable(o, [TASKS[0]!], NOW, false)),
    ));
  it('task detail, every field', () =>
    expectGolden(
      'task-detail.txt',
      capture((o) => printTaskDetail(o, FULL_TASK, NOW)),
    ));
  it('task detail, minimal', () =>
    expectGolden(
      'task-detail-minimal.txt',
      capture((o) => printTaskDetail(o, MINIMAL_TASK, NOW)),
    ));
  it('workspace table', () =>
    expectGolden(
      'workspace-table.txt',
      capture((o) => printWorkspaceTable(o, WORKSPACES, NOW, false)),
    ));
  it('workspace table -A', () =>
    expectGolden(
      'workspace-table-all.txt',
      capture((o) => printWorkspaceTable(o, WORKSPACES, NOW, true)),
    ));
  it('workspace detail', () =>
    expectGolden(
      'workspace-detail.txt',
      capture((o) => printWorkspaceDetail(o, WORKSPACES[0]!)),
    ));
  it('workspace detail without optional fields', () =>
    expectGolden(
      'workspace-detail-minimal.txt',
      capture((o) => printWorkspaceDetail(o, WORKSPACES[1]!)),
    ));
  it('taskspawner table', () =>
    expectGolden(
      'taskspawner-table.txt',
      capture((o) => printTaskSpawnerTable(o, SPAWNERS, NOW, false)),
    ));
  it('taskspawner table -A', () =>
    expectGolden(
      'taskspawner-table-all.txt',
      capture((o) => printTaskSpawnerTable(o, SPAWNERS, NOW, true)),
    ));
  it('taskspawner detail (GitHub issues)', () =>
    expectGolden(
      'taskspawner-detail-github.txt',
      capture((o) => printTaskSpawnerDetail(o, SPAWNERS[0]!)),
    ));
  it('taskspawner detail (GitHub pull requests with reporting and checks)', () => {
    const spawner = structuredClone(SPAWNERS[0]!);
    spawner.spec.when.githubIssues = { types: ['pulls'], reporting: { enabled: true, checks: {} } };
    expectGolden(
      'taskspawner-detail-reporting.txt',
      capture((o) => printTaskSpawnerDetail(o, spawner)),
    );
    spawner.spec.when.githubIssues.reporting = { enabled: false, checks: { name: 'Kelos review' } };
    expect(capture((o) => printTaskSpawnerDetail(o, spawner))).to.not.include('Reporting');
    spawner.spec.when.githubIssues.reporting = { enabled: true, checks: { name: 'Kelos review' } };
    expect(capture((o) => printTaskSpawnerDetail(o, spawner))).to.match(
      /Reporting:\s+Comment, Check Run "Kelos review"\n/,
    );
  });
  it('taskspawner detail (cron)', () =>
    expectGolden(
      'taskspawner-detail-cron.txt',
      capture((o) => printTaskSpawnerDetail(o, SPAWNERS[1]!)),
    ));
  it('taskspawner detail (jira shows no source)', () =>
    expectGolden(
      'taskspawner-detail-jira.txt',
      capture((o) => printTaskSpawnerDetail(o, SPAWNERS[3]!)),
    ));
  it('agentconfig table', () =>
    expectGolden(
      'agentconfig-table.txt',
      capture((o) => printAgentConfigTable(o, AGENT_CONFIGS, NOW, false)),
    ));
  it('agentconfig table -A', () =>
    expectGolden(
      'agentconfig-table-all.txt',
      capture((o) => printAgentConfigTable(o, AGENT_CONFIGS, NOW, true)),
    ));
  it('agentconfig detail', () =>
    expectGolden(
      'agentconfig-detail.txt',
      capture((o) => printAgentConfigDetail(o, AGENT_CONFIGS[0]!)),
    ));
  it('agentconfig detail, minimal', () =>
    expectGolden(
      'agentconfig-detail-minimal.txt',
      capture((o) => printAgentConfigDetail(o, AGENT_CONFIGS[1]!)),
    ));
});

describe('cli: printer helpers', () => {
  it('task duration: "-" before start, completion - start, now - start', () => {
    expect(taskDuration(task('a'), NOW)).to.equal('-');
    expect(
      taskDuration(
        task('b', {}, { startTime: '2026-11-25T11:00:00Z', completionTime: '2026-11-25T11:20:00Z' }),
        NOW,
      ),
    ).to.equal('20m');
    expect(taskDuration(task('c', {}, { startTime: '2026-11-25T11:30:00Z' }), NOW)).to.equal('30m');
  });
  it('humanDuration follows Kubernetes', () => {
    const s = 1000;
    const cases: [number, string][] = [
      [-5 * s, '<invalid>'],
      [-1 * s, '0s'],
      [0, '0s'],
      [119 * s, '119s'],
      [120 * s, '2m'],
      [125 * s, '2m5s'],
      [10 * 60 * s, '10m'],
      [179 * 60 * s, '179m'],
      [3 * 3600 * s, '3h'],
      [3 * 3600 * s + 60 * s, '3h1m'],
      [8 * 3600 * s, '8h'],
      [47 * 3600 * s, '47h'],
      [48 * 3600 * s, '2d'],
      [50 * 3600 * s, '2d2h'],
      [8 * 86400 * s, '8d'],
      [730 * 86400 * s, '2y'],
      [731 * 86400 * s, '2y1d'],
      [8 * 365 * 86400 * s, '8y'],
    ];
    for (const [ms, want] of cases) expect(humanDuration(ms), String(ms)).to.equal(want);
  });
  it('tables pad to the widest cell + 3 and count characters, not bytes', () => {
    expect(
      formatTable([
        ['NAME', 'AGE'],
        ['é-long-name', '1s'],
      ]),
    ).to.equal('NAME          AGE\né-long-name   1s\n');
  });
});
