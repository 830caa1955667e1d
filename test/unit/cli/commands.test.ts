/** Command behaviour that needs a cluster only through the CliKube port (FakeKube); the real API server is in test/integration/cli. */
import { expect } from 'chai';
import { apiError } from '../../../cli/kube/errors.js';
import { FakeKube } from './support/fake-kube.js';
import { run } from './support/run.js';
import { task } from './support/samples.js';
import { completionScript } from '../../../cli/completion/scripts.js';

const withKube = (kube: FakeKube) => ({ kubeFactory: () => kube });

describe('cli: completion', () => {
  const noCluster = {
    kubeFactory: () => {
      throw new Error('invalid kubeconfig');
    },
  };
  it('subcommands, then resource kinds (aliases accepted)', async () => {
    expect((await run(['__complete', 'ge'], noCluster)).stdout).to.equal('get\n:4\n');
    expect((await run(['__complete', 'get', ''], noCluster)).stdout).to.equal(
      'task\ntaskspawner\nworkspace\nagentconfig\n:4\n',
    );
    expect((await run(['__complete', 'delete', 't'], noCluster)).stdout).to.equal('task\ntaskspawner\n:4\n');
  });
  it('flag values: -o, --type, --credential-type, --phase', async () => {
    expect((await run(['__complete', 'get', 'task', '-o', ''], noCluster)).stdout).to.equal(
      'yaml\njson\n:4\n',
    );
    expect((await run(['__complete', 'get', 'ws', '--output', 'j'], noCluster)).stdout).to.equal(
      'json\n:4\n',
    );
    expect((await run(['__complete', 'run', '--type', ''], noCluster)).stdout).to.equal(
      'claude-code\ncodex\ngemini\nopencode\n:4\n',
    );
    expect((await run(['__complete', 'run', '-t', 'c'], noCluster)).stdout).to.equal(
      'claude-code\ncodex\n:4\n',
    );
    expect((await run(['__complete', 'run', '--credential-type', ''], noCluster)).stdout).to.equal(
      'api-key\noauth\n:4\n',
    );
    expect((await run(['__complete', 'get', 'task', '--phase', ''], noCluster)).stdout).to.equal(
      'Pending\nRunning\nSucceeded\nFailed\nWaiting\n:4\n',
    );
  });
  it('flag names', async () => {
    const out = (await run(['__complete', 'logs', '--'], noCluster)).stdout;
    expect(out).to.contain('--follow\n');
    expect(out).to.contain('--namespace\n');
    expect(out.endsWith(':4\n')).to.equal(true);
  });
  it('with an invalid kubeconfig: no names, directive 4, no error', async () => {
    const r = await run(['__complete', 'get', 'task', ''], noCluster);
    expect(r).to.deep.equal({
      code: 0,
      stdout: ':4\n',
      stderr: 'Completion ended with directive: ShellCompDirectiveNoFileComp\n',
    });
  });
  it('every name-taking command completes names, from the namespace given by -n', async () => {
    const kube = new FakeKube();
    kube.add(task('t-one', {}, {}, 'ns1'), task('t-two', {}, {}, 'ns1'), task('elsewhere', {}, {}, 'ns2'));
    for (const kind of ['Workspace', 'TaskSpawner', 'AgentConfig'] as const) {
      kube.add({
        apiVersion: 'kelos.dev/v1alpha1',
        kind,
        metadata: { name: `${kind.toLowerCase()}-a`, namespace: 'ns1' },
      });
    }
    const names = async (...argv: string[]) => (await run(['__complete', ...argv], withKube(kube))).stdout;
    expect(await names('get', 'task', '-n', 'ns1', '')).to.equal('t-one\nt-two\n:4\n');
    expect(await names('-n', 'ns1', 'logs', 't-')).to.equal('t-one\nt-two\n:4\n');
    expect(await names('delete', 'task', '--namespace=ns1', '')).to.equal('t-one\nt-two\n:4\n');
    expect(await names('get', 'ws', '-n', 'ns1', '')).to.equal('workspace-a\n:4\n');
    expect(await names('create', 'workspace', '-n', 'ns1', '')).to.equal('workspace-a\n:4\n');
    expect(await names('delete', 'workspace', '-n', 'ns1', '')).to.equal('workspace-a\n:4\n');
    expect(await names('get', 'ac', '-n', 'ns1', '')).to.equal('agentconfig-a\n:4\n');
    expect(await names('suspend', 'ts', '-n', 'ns1', '')).to.equal('taskspawner-a\n:4\n');
    expect(await names('resume', 'taskspawner', '-n', 'ns1', '')).to.equal('taskspawner-a\n:4\n');
    expect(await names('delete', 'ts', '-n', 'ns1', '')).to.equal('taskspawner-a\n:4\n');
    expect(await names('get', 'task', '-n', 'ns1', 't-one', '')).to.equal(':4\n');
    expect(await names('get', 'task', '-n', 'empty', '')).to.equal(':4\n');
  });
  it('scripts for bash, zsh and fish call __complete; other shells are rejected', async () => {
    for (const shell of ['bash', 'zsh', 'fish']) {
      const r = await run(['completion', shell]);
      expect(r.code).to.equal(0);
      expect(r.stdout).to.equal(completionScript(shell));
      expect(r.stdout).to.contain('__complete');
    }
    expect((await run(['completion', 'powershell'])).stderr).to.equal(
      'Error: unsupported shell "powershell": must be one of bash, zsh, fish\n',
    );
    expect((await run(['completion'])).stderr).to.equal('Error: accepts 1 arg(s), received 0\n');
  });
});

describe('cli: logs (through the port)', () => {
  const claude =
    '{"type":"system","subtype":"init","model":"m1"}\n{"type":"assistant","message":{"content":[{"type":"text","text":"hi"}]}}\n';
  it('task name required; no pod yet; not found', async () => {
    const kube = new FakeKube().add(task('waiting'));
    expect((await run(['logs'], withKube(kube))).stderr).to.equal('Error: task name is required\n');
    expect((await run(['logs', 'waiting'], withKube(kube))).stderr).to.equal(
      'Error: task "waiting" has no pod yet\n',
    );
    expect((await run(['logs', 'ghost'], withKube(kube))).stderr).to.equal(
      'Error: getting task: tasks.kelos.dev "ghost" not found\n',
    );
  });
  it('prints the agent container log through the agent printer', async () => {
    const kube = new FakeKube().add(task('t', {}, { phase: 'Running', podName: 't' }));
    kube.logs['claude-code'] = claude;
    const r = await run(['logs', 't'], withKube(kube));
    expect(r).to.deep.equal({ code: 0, stdout: 'hi\n', stderr: '[init] model=m1\n\n--- Turn 1 ---\n' });
    expect(kube.calls).to.include('logs t/claude-code');
  });
  it('-f: waits for the pod, streams git-clone raw, then the agent, retrying a container that is not started', async () => {
    const kube = new FakeKube().add(
      task('t', { type: 'codex', workspaceRef: { name: 'ws' } }, { phase: 'Waiting' }),
    );
    kube.logs['git-clone'] = "Cloning into '/workspace/repo'...\n";
    kube.logs['codex'] = apiError(
      'container "codex" in pod "t" is waiting to start: PodInitializing',
      400,
      'BadRequest',
    );
    let polls = 0;
    const sleep = async () => {
      polls++;
      if (polls === 1)
        kube.add(task('t', { type: 'codex', workspaceRef: { name: 'ws' } }, { phase: 'Pending' }));
      if (polls === 2) {
        kube.add(
          task('t', { type: 'codex', workspaceRef: { name: 'ws' } }, { phase: 'Running', podName: 't' }),
        );
      }
    };
    const r = await run(['logs', 't', '-f'], { ...withKube(kube), sleep });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.equal(
      'Waiting for task "t" to start...\ntask/t Waiting\ntask/t Pending\nStreaming init container (git-clone) logs...\nStreaming container (codex) logs...\n',
    );
    expect(r.stdout).to.equal("Cloning into '/workspace/repo'...\n");
    expect(kube.calls.filter((c) => c.startsWith('logs'))).to.deep.equal([
      'logs t/git-clone -f',
      'logs t/codex -f',
      'logs t/codex -f',
    ]);
  });
  it('-f: a Task that fails before starting is an error with its message', async () => {
    const kube = new FakeKube().add(task('t', {}, { phase: 'Failed', message: 'dependency "a" failed' }));
    expect((await run(['logs', 't', '-f'], withKube(kube))).stderr).to.equal(
      'Waiting for task "t" to start...\nError: task "t" failed before starting: dependency "a" failed\n',
    );
    const bare = new FakeKube().add(task('u', {}, { phase: 'Failed' }));
    expect((await run(['logs', 'u', '-f'], withKube(bare))).stderr).to.contain(
      'failed before starting: unknown error',
    );
  });
  it('without -f a log error is not retried', async () => {
    const kube = new FakeKube().add(task('t', {}, { podName: 't' }));
    kube.logs['claude-code'] = apiError('container is waiting to start: PodInitializing', 400, 'BadRequest');
    expect((await run(['logs', 't'], withKube(kube))).stderr).to.equal(
      'Error: streaming logs: container is waiting to start: PodInitializing\n',
    );
  });
});

describe('cli: suspend/resume, get, delete argument errors', () => {
  const kube = new FakeKube();
  const cases: [string[], string][] = [
    [['suspend'], 'must specify a resource type'],
    [['resume'], 'must specify a resource type'],
    [['suspend', 'taskspawner'], 'task spawner name is required'],
    [['resume', 'ts'], 'task spawner name is required'],
    [['suspend', 'ts', 'a', 'b'], 'too many arguments: expected 1 task spawner name, got 2'],
    [['resume', 'ts', 'a', 'b'], 'too many arguments: expected 1 task spawner name, got 2'],
    [['get'], 'must specify a resource type'],
    [['get', 'task', '-o', 'xml'], 'unknown output format "xml": must be one of yaml, json'],
    [['get', 'task', 'x', '-A'], 'a resource cannot be retrieved by name across all namespaces'],
    [
      ['get', 'task', '--phase', 'Done'],
      'unknown phase "Done": must be one of Pending, Running, Waiting, Succeeded, Failed',
    ],
    [
      ['get', 'task', '--phase', 'Running,done'],
      'unknown phase "done": must be one of Pending, Running, Waiting, Succeeded, Failed',
    ],
    [['get', 'ws', 'a', 'b'], 'accepts at most 1 arg(s), received 2'],
    [['delete'], 'must specify a resource type'],
    [['delete', 'task'], 'task name is required (or use --all)'],
    [['delete', 'ws'], 'workspace name is required (or use --all)'],
    [['delete', 'ts'], 'task spawner name is required (or use --all)'],
    [['delete', 'ac'], 'agent config name is required (or use --all)'],
    [['delete', 'ac', 'x', '--all'], 'cannot specify agent config name with --all'],
    [['delete', 'task', 'a', 'b'], 'too many arguments: expected 1 task name, got 2'],
  ];
  for (const [argv, msg] of cases) {
    it(`${argv.join(' ')} → ${msg}`, async () => {
      const r = await run(argv, withKube(kube));
      expect(r.code).to.equal(1);
      expect(r.stderr).to.equal(`Error: ${msg}\n`);
    });
  }
  it('argument errors never reach the cluster', () => expect(kube.calls).to.deep.equal([]));
  it('suspend retries when the spawner changed under it (409 Conflict)', async () => {
    const fake = new FakeKube().add({
      apiVersion: 'kelos.dev/v1alpha1',
      kind: 'TaskSpawner',
      metadata: { name: 'sp', namespace: 'default' },
      spec: { when: { cron: { schedule: '* * * * *' } }, taskTemplate: { type: 'codex' } },
    } as never);
    const replace = fake.replace.bind(fake);
    let conflicts = 1;
    fake.replace = async (obj) => {
      if (conflicts-- > 0) throw apiError('the object has been modified', 409, 'Conflict');
      return replace(obj);
    };
    const r = await run(['suspend', 'ts', 'sp'], withKube(fake));
    expect(r).to.deep.equal({ code: 0, stdout: 'taskspawner/sp suspended\n', stderr: '' });
    expect(fake.calls.filter((c) => c.startsWith('get'))).to.have.length(2);
  });
});

describe('cli: run -w and confirmations (through the port)', () => {
  const config = async (text: string) => {
    const { mkdtemp, mkdir, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const home = await mkdtemp(join(tmpdir(), 'kelos-run-'));
    await mkdir(join(home, '.kelos'));
    await writeFile(join(home, '.kelos', 'config.yaml'), text);
    return { HOME: home };
  };
  it('a "no" to the override prompt creates nothing', async () => {
    const kube = new FakeKube().add({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'kelos-credentials', namespace: 'default' },
      data: { ANTHROPIC_API_KEY: Buffer.from('old').toString('base64') },
    } as never);
    const r = await run(['run', '-p', 'p', '--name', 't'], {
      ...withKube(kube),
      env: await config('apiKey: new\n'),
      input: 'n\n',
    });
    expect(r.code).to.equal(1);
    expect(r.stderr).to.equal(
      'Resource secret/kelos-credentials already exists. Override? [y/N]: Error: aborted\n',
    );
    expect(kube.calls.filter((c) => !c.startsWith('get'))).to.deep.equal([]);
  });
  it('the same single key and value is left alone (no prompt)', async () => {
    const kube = new FakeKube().add({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'kelos-credentials', namespace: 'default' },
      data: { ANTHROPIC_API_KEY: Buffer.from('same').toString('base64') },
    } as never);
    const r = await run(['run', '-p', 'p', '--name', 't'], {
      ...withKube(kube),
      env: await config('apiKey: same\n'),
    });
    expect(r.stderr).to.equal('');
    expect(kube.calls.filter((c) => !c.startsWith('get'))).to.deep.equal(['create Task/default/t']);
  });
  it('create workspace --token: a "no" for an existing different Secret creates neither', async () => {
    const kube = new FakeKube().add({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'w-credentials', namespace: 'default' },
      data: { GITHUB_TOKEN: Buffer.from('old').toString('base64') },
    } as never);
    const r = await run(['create', 'ws', 'w', '--repo', 'https://github.com/o/r.git', '--token', 'new'], {
      ...withKube(kube),
      input: 'N\n',
    });
    expect(r.stderr).to.equal(
      'Resource secret/w-credentials already exists. Override? [y/N]: Error: aborted\n',
    );
    expect(kube.calls.filter((c) => !c.startsWith('get'))).to.deep.equal([]);
    const yes = await run(
      ['create', 'ws', 'w', '--repo', 'https://github.com/o/r.git', '--token', 'new', '-y'],
      withKube(kube),
    );
    expect(yes.stdout).to.equal('workspace/w created\n');
    expect(kube.calls).to.include('replace Secret/default/w-credentials');
  });
  it('delete --all skips objects that vanished after the list', async () => {
    const kube = new FakeKube().add(task('a'), task('b'));
    const del = kube.delete.bind(kube);
    kube.delete = async (ref) => {
      if (ref.name === 'a') kube.objects.delete('Task/default/a'); // someone else deleted it first
      return del(ref);
    };
    const r = await run(['delete', 'task', '--all'], withKube(kube));
    expect(r).to.deep.equal({ code: 0, stdout: 'task/b deleted\n', stderr: '' });
  });
  it('-w prints phase changes and fails with the Task', async () => {
    const kube = new FakeKube();
    let step = 0;
    const phases = ['Pending', 'Pending', 'Running', 'Failed'] as const;
    const sleep = async () => {
      const phase = phases[step++] ?? 'Failed';
      kube.add(task('t', {}, { phase, ...(phase === 'Failed' ? { message: 'agent exited 1' } : {}) }));
    };
    const r = await run(['run', '-p', 'p', '--name', 't', '--secret', 's', '-w'], {
      ...withKube(kube),
      sleep,
    });
    expect(r.code).to.equal(1);
    expect(r.stdout).to.equal('task/t created\ntask/t Pending\ntask/t Running\ntask/t Failed\n');
    expect(r.stderr).to.equal('Error: task "t" failed: agent exited 1\n');
  });
});
