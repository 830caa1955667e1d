/** KELOS-BEHAVIOUR §8.3 and §8.4 against the real API server, plus get/run/create on real objects. */
import { expect } from 'chai';
import { useCluster, type Cluster } from '../../support/cluster.js';
import { cliEnv, exists, k, kjson, spawnerYaml, taskYaml, type CliEnv } from './support.js';

describe('cli (integration): workspaces, delete, suspend/resume, completion', function () {
  this.timeout(60_000);
  let cluster: Cluster;
  let ns: string;
  let cli: CliEnv;

  before(async function () {
    this.timeout(180_000);
    cluster = await useCluster();
    await cluster.applyCrds();
  });
  beforeEach(async () => {
    ns = await cluster.newNamespace('cli');
    cli = await cliEnv(cluster, ns);
  });

  it('creates, gets (table, yaml, json), lists and deletes a workspace', async () => {
    const c = await cli.kelos([
      'create',
      'workspace',
      'my-ws',
      '--repo',
      'https://github.com/o/r.git',
      '--ref',
      'main',
    ]);
    expect(c, c.stderr).to.deep.include({ code: 0, stdout: 'workspace/my-ws created\n' });
    const ws = await kjson(cluster, ['get', 'workspace', 'my-ws', '-n', ns]);
    expect(ws.spec).to.deep.equal({ repo: 'https://github.com/o/r.git', ref: 'main' });
    const one = await cli.kelos(['get', 'workspace', 'my-ws']);
    expect(one.stdout).to.match(
      /^NAME\s+REPO\s+REF\s+AGE\nmy-ws\s+https:\/\/github.com\/o\/r.git\s+main\s+\d+s\n$/,
    );
    const list = await cli.kelos(['get', 'workspaces']);
    expect(list.stdout).to.contain('my-ws');
    const yaml = await cli.kelos(['get', 'workspace', 'my-ws', '-o', 'yaml']);
    expect(yaml.stdout).to.match(/^apiVersion: kelos.dev\/v1alpha1\nkind: Workspace\n/);
    expect(yaml.stdout).to.contain('creationTimestamp:');
    expect(yaml.stdout).not.to.contain('managedFields');
    const json = await cli.kelos(['get', 'workspace', 'my-ws', '-o', 'json']);
    const parsed = JSON.parse(json.stdout);
    expect(parsed).to.deep.include({ apiVersion: 'kelos.dev/v1alpha1', kind: 'Workspace' });
    expect(parsed.metadata.creationTimestamp).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(json.stdout).to.contain('\n  "kind": "Workspace"');
    const jsonList = JSON.parse((await cli.kelos(['get', 'workspace', '-o', 'json'])).stdout);
    expect(jsonList.kind).to.equal('WorkspaceList');
    expect(jsonList.items.map((i: { kind: string }) => i.kind)).to.deep.equal(['Workspace']);
    const detail = await cli.kelos(['get', 'workspace', 'my-ws', '-d']);
    expect(detail.stdout).to.equal(
      `Name:               my-ws\nNamespace:          ${ns}\nRepo:               https://github.com/o/r.git\nRef:                main\n`,
    );
    expect(await cli.kelos(['delete', 'workspace', 'my-ws'])).to.deep.include({
      code: 0,
      stdout: 'workspace/my-ws deleted\n',
    });
    expect(await exists(cluster, ['workspace', 'my-ws', '-n', ns])).to.equal(false);
  });

  it('create workspace --secret sets spec.secretRef; --token creates <name>-credentials', async () => {
    expect(
      (
        await cli.kelos([
          'create',
          'workspace',
          'a',
          '--repo',
          'https://github.com/o/r.git',
          '--secret',
          'gh',
        ])
      ).code,
    ).to.equal(0);
    expect((await kjson(cluster, ['get', 'workspace', 'a', '-n', ns])).spec.secretRef).to.deep.equal({
      name: 'gh',
    });
    expect(
      (
        await cli.kelos([
          'create',
          'workspace',
          'b',
          '--repo',
          'https://github.com/o/r.git',
          '--token',
          'ghp_x',
        ])
      ).code,
    ).to.equal(0);
    expect((await kjson(cluster, ['get', 'workspace', 'b', '-n', ns])).spec.secretRef).to.deep.equal({
      name: 'b-credentials',
    });
    const secret = await kjson(cluster, ['get', 'secret', 'b-credentials', '-n', ns]);
    expect(Buffer.from(secret.data.GITHUB_TOKEN, 'base64').toString()).to.equal('ghp_x');
  });

  it('create workspace on an existing name fails without touching its token Secret', async () => {
    await cli.kelos(['create', 'workspace', 'dup', '--repo', 'https://github.com/o/r.git']);
    const again = await cli.kelos([
      'create',
      'workspace',
      'dup',
      '--repo',
      'https://github.com/o/r2.git',
      '--token',
      't',
    ]);
    expect(again.stderr).to.equal('Error: creating workspace: workspaces.kelos.dev "dup" already exists\n');
    expect(await exists(cluster, ['secret', 'dup-credentials', '-n', ns])).to.equal(false);
  });

  it('the ws alias works for create, get and delete', async () => {
    expect(
      (await cli.kelos(['create', 'ws', 'aliased', '--repo', 'https://github.com/o/r.git'])).code,
    ).to.equal(0);
    expect((await cli.kelos(['get', 'ws', 'aliased'])).stdout).to.contain('aliased');
    expect((await cli.kelos(['delete', 'ws', 'aliased'])).stdout).to.equal('workspace/aliased deleted\n');
  });

  it('completes workspace names (get/delete workspace) with directive :4', async () => {
    await cli.kelos(['create', 'ws', 'ws-alpha', '--repo', 'https://github.com/o/r.git']);
    await cli.kelos(['create', 'ws', 'ws-beta', '--repo', 'https://github.com/o/r.git']);
    expect((await cli.kelos(['__complete', 'get', 'workspace', ''])).stdout).to.equal(
      'ws-alpha\nws-beta\n:4\n',
    );
    expect((await cli.kelos(['__complete', 'delete', 'workspace', ''])).stdout).to.equal(
      'ws-alpha\nws-beta\n:4\n',
    );
  });

  it('delete --all removes every task, workspace and task spawner; empty namespaces say so', async () => {
    expect((await cli.kelos(['delete', 'task', '--all'])).stdout).to.equal('No tasks found\n');
    expect((await cli.kelos(['delete', 'workspace', '--all'])).stdout).to.equal('No workspaces found\n');
    expect((await cli.kelos(['delete', 'taskspawner', '--all'])).stdout).to.equal('No task spawners found\n');
    expect((await cli.kelos(['delete', 'agentconfig', '--all'])).stdout).to.equal('No agent configs found\n');
    await k(cluster, ['apply', '-f', '-'], `${taskYaml('t1', ns)}---\n${taskYaml('t2', ns)}`);
    await k(cluster, ['apply', '-f', '-'], `${spawnerYaml('s1', ns)}---\n${spawnerYaml('s2', ns)}`);
    await cli.kelos(['create', 'ws', 'w1', '--repo', 'https://github.com/o/r.git']);
    expect((await cli.kelos(['delete', 'task', '--all'])).stdout).to.equal(
      'task/t1 deleted\ntask/t2 deleted\n',
    );
    expect((await cli.kelos(['delete', 'workspace', '--all'])).stdout).to.equal('workspace/w1 deleted\n');
    expect((await cli.kelos(['delete', 'taskspawner', '--all'])).stdout).to.equal(
      'taskspawner/s1 deleted\ntaskspawner/s2 deleted\n',
    );
    expect((await kjson(cluster, ['get', 'tasks,workspaces,taskspawners', '-n', ns])).items).to.deep.equal(
      [],
    );
  });

  it('delete <name> --all is refused for every kind', async () => {
    expect((await cli.kelos(['delete', 'task', 'x', '--all'])).stderr).to.equal(
      'Error: cannot specify task name with --all\n',
    );
    expect((await cli.kelos(['delete', 'workspace', 'x', '--all'])).stderr).to.equal(
      'Error: cannot specify workspace name with --all\n',
    );
    expect((await cli.kelos(['delete', 'taskspawner', 'x', '--all'])).stderr).to.equal(
      'Error: cannot specify task spawner name with --all\n',
    );
  });

  it('delete taskspawner <name> and the ts alias; deleting a missing task is an error', async () => {
    await k(cluster, ['apply', '-f', '-'], `${spawnerYaml('one', ns)}---\n${spawnerYaml('two', ns)}`);
    expect((await cli.kelos(['delete', 'taskspawner', 'one'])).stdout).to.equal('taskspawner/one deleted\n');
    expect((await cli.kelos(['delete', 'ts', 'two'])).stdout).to.equal('taskspawner/two deleted\n');
    expect(await exists(cluster, ['taskspawner', 'one', '-n', ns])).to.equal(false);
    expect(await exists(cluster, ['taskspawner', 'two', '-n', ns])).to.equal(false);
    expect((await cli.kelos(['delete', 'task', 'ghost'])).stderr).to.equal(
      'Error: deleting task: tasks.kelos.dev "ghost" not found\n',
    );
  });

  it('completes task spawner names for delete, suspend and resume', async () => {
    await k(cluster, ['apply', '-f', '-'], `${spawnerYaml('sp-a', ns)}---\n${spawnerYaml('sp-b', ns)}`);
    for (const verb of [
      ['delete', 'taskspawner'],
      ['suspend', 'taskspawner'],
      ['resume', 'ts'],
      ['get', 'taskspawner'],
    ]) {
      expect((await cli.kelos(['__complete', ...verb, ''])).stdout, verb.join(' ')).to.equal(
        'sp-a\nsp-b\n:4\n',
      );
    }
  });

  it('suspend / resume set spec.suspend, idempotently, also through the ts alias', async () => {
    await k(cluster, ['apply', '-f', '-'], spawnerYaml('sp', ns));
    const suspended = async () => (await kjson(cluster, ['get', 'taskspawner', 'sp', '-n', ns])).spec.suspend;
    expect((await cli.kelos(['suspend', 'taskspawner', 'sp'])).stdout).to.equal('taskspawner/sp suspended\n');
    expect(await suspended()).to.equal(true);
    expect(await cli.kelos(['suspend', 'taskspawner', 'sp'])).to.deep.include({
      code: 0,
      stdout: 'taskspawner/sp is already suspended\n',
    });
    expect(await suspended()).to.equal(true);
    expect((await cli.kelos(['resume', 'taskspawner', 'sp'])).stdout).to.equal('taskspawner/sp resumed\n');
    expect(await suspended()).to.equal(false);
    expect(await cli.kelos(['resume', 'taskspawner', 'sp'])).to.deep.include({
      code: 0,
      stdout: 'taskspawner/sp is not suspended\n',
    });
    expect((await cli.kelos(['suspend', 'ts', 'sp'])).stdout).to.equal('taskspawner/sp suspended\n');
    expect((await cli.kelos(['resume', 'ts', 'sp'])).stdout).to.equal('taskspawner/sp resumed\n');
    expect((await cli.kelos(['suspend', 'ts', 'ghost'])).stderr).to.equal(
      'Error: getting taskspawner: taskspawners.kelos.dev "ghost" not found\n',
    );
  });

  it('§8.4: completes task and spawner names; none after a name; none in an empty namespace', async () => {
    expect((await cli.kelos(['__complete', 'get', 'task', ''])).stdout).to.equal(':4\n');
    await k(
      cluster,
      ['apply', '-f', '-'],
      `${taskYaml('task-a', ns)}---\n${taskYaml('task-b', ns)}---\n${spawnerYaml('spawner-a', ns)}`,
    );
    expect((await cli.kelos(['__complete', 'get', 'task', ''])).stdout).to.equal('task-a\ntask-b\n:4\n');
    expect((await cli.kelos(['__complete', 'get', 'taskspawner', ''])).stdout).to.equal('spawner-a\n:4\n');
    expect((await cli.kelos(['__complete', 'get', 'task', 'task-a', ''])).stdout).to.equal(':4\n');
    expect((await cli.kelos(['__complete', 'logs', 'task-'])).stdout).to.equal('task-a\ntask-b\n:4\n');
  });
});
