import { expect } from 'chai';
import type { Command } from 'commander';
import { buildProgram } from '../../../cli/program.js';
import { makeContext } from '../../../cli/context.js';
import { filterTasksByPhase, validatePhases } from '../../../cli/commands/get.js';
import { Capture, run } from './support/run.js';
import { FakeKube } from './support/fake-kube.js';
import { AGENT_CONFIGS, FULL_TASK, NOW, SPAWNERS, task, TASKS, WORKSPACES } from './support/samples.js';
import { expectGolden } from './support/golden.js';

function commandAt(path: string[]): Command {
  const ctx = makeContext({ stdout: new Capture(), stderr: new Capture() }, '/tmp');
  let cmd = buildProgram(ctx).program;
  for (const name of path) cmd = cmd.commands.find((c) => c.name() === name) as Command;
  return cmd;
}

describe('cli: get', () => {
  it('-d/--detail (default false), -o and -A are on every get subcommand; --phase only on task', () => {
    for (const kind of ['task', 'taskspawner', 'workspace', 'agentconfig']) {
      const cmd = commandAt(['get', kind]);
      const detail = cmd.options.find((o) => o.long === '--detail');
      expect(detail?.short, kind).to.equal('-d');
      expect(detail?.defaultValue, kind).to.equal(false);
      expect(cmd.options.find((o) => o.long === '--output')?.short).to.equal('-o');
      expect(cmd.options.find((o) => o.long === '--all-namespaces')?.short).to.equal('-A');
      expect(Boolean(cmd.options.find((o) => o.long === '--phase')), kind).to.equal(kind === 'task');
    }
    expect(commandAt(['get', 'taskspawner']).aliases()).to.deep.equal(['taskspawners', 'ts']);
    expect(commandAt(['get', 'workspace']).aliases()).to.deep.equal(['workspaces', 'ws']);
    expect(commandAt(['get', 'agentconfig']).aliases()).to.deep.equal(['agentconfigs', 'ac']);
    expect(commandAt(['get', 'task']).aliases()).to.deep.equal(['tasks']);
  });
  it('validates and filters phases', () => {
    expect(() => validatePhases(['Pending', 'Running', 'Waiting', 'Succeeded', 'Failed'])).not.to.throw();
    expect(() => validatePhases(['running'])).to.throw('unknown phase "running"');
    expect(filterTasksByPhase(TASKS, ['Running']).map((t) => t.metadata.name)).to.deep.equal(['running-one']);
    expect(filterTasksByPhase(TASKS, ['Running', 'Succeeded'])).to.have.length(2);
    expect(filterTasksByPhase(TASKS, [])).to.have.length(3);
  });
  it('namespace: -n flag, then config, then kubeconfig context, then default', async () => {
    const { mkdtemp, mkdir, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const kube = new FakeKube('ctx-ns').add(
      task('in-ctx', {}, {}, 'ctx-ns'),
      task('in-cfg', {}, {}, 'cfg-ns'),
      task('in-flag', {}, {}, 'flag-ns'),
    );
    const home = await mkdtemp(join(tmpdir(), 'kelos-ns-'));
    const names = async (argv: string[], env: Record<string, string>) =>
      (await run(['get', 'task', '-o', 'json', ...argv], { kubeFactory: () => kube, env })).stdout;
    expect(await names([], { HOME: home })).to.contain('"in-ctx"');
    await mkdir(join(home, '.kelos'));
    await writeFile(join(home, '.kelos', 'config.yaml'), 'namespace: cfg-ns\n');
    expect(await names([], { HOME: home })).to.contain('"in-cfg"');
    expect(await names(['-n', 'flag-ns'], { HOME: home })).to.contain('"in-flag"');
    expect(await names(['--namespace', 'flag-ns'], { HOME: home })).not.to.contain('"in-cfg"');
    const none = new FakeKube(undefined);
    await run(['get', 'task'], { kubeFactory: () => none, env: { HOME: '/nonexistent' } });
    expect(none.calls).to.deep.equal(['list Task/default']);
  });
  it('-A lists every namespace with a NAMESPACE column; one item by name with -o yaml', async () => {
    const kube = new FakeKube().add(...TASKS);
    const all = await run(['get', 'task', '-A'], { kubeFactory: () => kube });
    expect(all.stdout.split('\n')[0]).to.match(/^NAMESPACE\s+NAME\s+TYPE/);
    expect(kube.calls).to.include('list Task/*');
    const one = await run(['get', 'task', 'fix-login', '-o', 'yaml'], { kubeFactory: () => kube });
    expect(one.stdout).to.match(
      /^apiVersion: kelos.dev\/v1alpha1\nkind: Task\nmetadata:\n {2}name: fix-login\n/,
    );
  });

  it('the commands print the golden tables and details (clock injected)', async () => {
    const kube = new FakeKube().add(...TASKS, ...WORKSPACES, ...SPAWNERS, ...AGENT_CONFIGS);
    const get = async (...argv: string[]) =>
      (await run(['get', ...argv], { kubeFactory: () => kube, now: () => NOW })).stdout;
    expectGolden('task-table-all.txt', await get('task', '-A'));
    expectGolden('workspace-table-all.txt', await get('ws', '-A'));
    expectGolden('taskspawner-table-all.txt', await get('ts', '-A'));
    expectGolden('taskspawner-detail-github.txt', await get('taskspawner', 'issues', '-d'));
    expectGolden('agentconfig-table-all.txt', await get('ac', '-A'));
    expectGolden('agentconfig-detail.txt', await get('agentconfig', 'reviewer', '-d'));
    expectGolden('workspace-detail.txt', await get('workspace', 'my-repo', '-d'));
    kube.add(FULL_TASK);
    expectGolden('task-detail.txt', await get('task', 'full', '-d'));
  });
});
