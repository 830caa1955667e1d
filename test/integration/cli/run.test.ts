/** `kelos run` and `kelos get task` / `logs` against the real API server; the test plays the controller. */
import { expect } from 'chai';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useCluster, type Cluster } from '../../support/cluster.js';
import { cliEnv, exists, k, kjson, setTaskStatus, taskYaml, type CliEnv } from './support.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const unb64 = (s: string) => Buffer.from(s, 'base64').toString();

describe('cli (integration): kelos run, get task, logs', function () {
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
    ns = await cluster.newNamespace('cli-run');
    cli = await cliEnv(cluster, ns);
  });

  /**
   * Runs `kelos run -w` and plays the controller: each time the CLI waits
   * between two polls, the next phase is written through the status
   * subresource (deterministic, no timing).
   */
  async function runAndPlay(argv: string[], phases: { phase: string; message?: string }[]) {
    const name = argv[argv.indexOf('--name') + 1] as string;
    const queue = [...phases];
    return cli.kelos(argv, { sleep: () => playNext(name, queue) });
  }

  async function playNext(name: string, queue: { phase: string; message?: string }[]): Promise<void> {
    const status = queue.shift();
    if (!status) return;
    const startTime = status.phase === 'Running' ? { startTime: new Date().toISOString() } : {};
    await setTaskStatus(cluster, ns, name, { ...status, ...startTime });
  }

  it("newcomer's path: init, edit the config, run -p ... -w creates the Secret and the Task and follows it to Succeeded", async () => {
    const init = await cli.kelos(['init']);
    expect(init.code, init.stderr).to.equal(0);
    await cli.writeConfig(`oauthToken: "@~/token.txt"\nnamespace: ${ns}\n`);
    await writeFile(join(cli.home, 'token.txt'), 'sk-ant-oat-123\n');
    const r = await runAndPlay(
      ['run', '-p', 'Fix the flaky test', '--name', 'first', '-w'],
      [{ phase: 'Pending' }, { phase: 'Running' }, { phase: 'Succeeded' }],
    );
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.equal(
      'task/first created\ntask/first Pending\ntask/first Running\ntask/first Succeeded\n',
    );
    const secret = await kjson(cluster, ['get', 'secret', 'kelos-credentials', '-n', ns]);
    expect(Object.keys(secret.data)).to.deep.equal(['CLAUDE_CODE_OAUTH_TOKEN']);
    expect(unb64(secret.data.CLAUDE_CODE_OAUTH_TOKEN)).to.equal('sk-ant-oat-123');
    const task = await kjson(cluster, ['get', 'task', 'first', '-n', ns]);
    expect(task.spec).to.deep.include({
      type: 'claude-code',
      prompt: 'Fix the flaky test',
      credentials: { type: 'oauth', secretRef: { name: 'kelos-credentials' } },
    });
  });

  it('run -w exits non-zero when the Task fails', async () => {
    await cli.writeConfig('apiKey: sk-1\n');
    const r = await runAndPlay(
      ['run', '-p', 'p', '--name', 'doomed', '-w'],
      [{ phase: 'Failed', message: 'agent exited with code 1' }],
    );
    expect(r.code).to.equal(1);
    expect(r.stdout).to.equal('task/doomed created\ntask/doomed Failed\n');
    expect(r.stderr).to.equal('Error: task "doomed" failed: agent exited with code 1\n');
  });

  it('an existing credentials Secret: same value is kept, a "no" aborts with nothing created, "y" or --yes replaces it', async () => {
    await cli.writeConfig('apiKey: sk-new\ntype: codex\n');
    await k(cluster, [
      'create',
      'secret',
      'generic',
      'kelos-credentials',
      '-n',
      ns,
      '--from-literal=CODEX_API_KEY=sk-old',
    ]);
    const no = await cli.kelos(['run', '-p', 'p', '--name', 'a'], { input: 'n\n' });
    expect(no.code).to.equal(1);
    expect(no.stderr).to.equal(
      'Resource secret/kelos-credentials already exists. Override? [y/N]: Error: aborted\n',
    );
    expect(await exists(cluster, ['task', 'a', '-n', ns])).to.equal(false);
    expect(
      unb64((await kjson(cluster, ['get', 'secret', 'kelos-credentials', '-n', ns])).data.CODEX_API_KEY),
    ).to.equal('sk-old');
    const eof = await cli.kelos(['run', '-p', 'p', '--name', 'a']);
    expect(eof.stderr).to.contain('Error: aborted');
    const yes = await cli.kelos(['run', '-p', 'p', '--name', 'a'], { input: 'Y\n' });
    expect(yes.stdout, yes.stderr).to.equal('task/a created\n');
    expect((await kjson(cluster, ['get', 'secret', 'kelos-credentials', '-n', ns])).data).to.deep.equal({
      CODEX_API_KEY: b64('sk-new'),
    });
    const same = await cli.kelos(['run', '-p', 'p', '--name', 'b']);
    expect(same).to.deep.include({ code: 0, stderr: '' });
    await cli.writeConfig('apiKey: sk-newer\ntype: codex\n');
    const forced = await cli.kelos(['run', '-p', 'p', '--name', 'c', '-y']);
    expect(forced).to.deep.include({ code: 0, stderr: '' });
    expect((await kjson(cluster, ['get', 'secret', 'kelos-credentials', '-n', ns])).data).to.deep.equal({
      CODEX_API_KEY: b64('sk-newer'),
    });
  });

  it('inline workspace with a token creates kelos-workspace and its Secret; a changed spec asks first', async () => {
    await cli.writeConfig(
      'apiKey: none\ntype: opencode\nworkspace:\n  repo: https://github.com/o/r.git\n  ref: main\n  token: ghp_1\n',
    );
    const r = await cli.kelos(['run', '-p', 'p', '--name', 'w1']);
    expect(r.stdout, r.stderr).to.equal('task/w1 created\n');
    expect((await kjson(cluster, ['get', 'secret', 'kelos-credentials', '-n', ns])).data).to.deep.equal({
      OPENCODE_API_KEY: '',
    });
    expect(
      (await kjson(cluster, ['get', 'secret', 'kelos-workspace-credentials', '-n', ns])).data,
    ).to.deep.equal({ GITHUB_TOKEN: b64('ghp_1') });
    expect((await kjson(cluster, ['get', 'workspace', 'kelos-workspace', '-n', ns])).spec).to.deep.equal({
      repo: 'https://github.com/o/r.git',
      ref: 'main',
      secretRef: { name: 'kelos-workspace-credentials' },
    });
    expect((await kjson(cluster, ['get', 'task', 'w1', '-n', ns])).spec.workspaceRef).to.deep.equal({
      name: 'kelos-workspace',
    });
    await cli.writeConfig(
      'apiKey: none\ntype: opencode\nworkspace:\n  repo: https://github.com/o/other.git\n  token: ghp_1\n',
    );
    const no = await cli.kelos(['run', '-p', 'p', '--name', 'w2'], { input: 'no\n' });
    expect(no.stderr).to.equal(
      'Resource workspace/kelos-workspace already exists. Override? [y/N]: Error: aborted\n',
    );
    expect((await kjson(cluster, ['get', 'workspace', 'kelos-workspace', '-n', ns])).spec.repo).to.equal(
      'https://github.com/o/r.git',
    );
    expect(await exists(cluster, ['task', 'w2', '-n', ns])).to.equal(false);
    const yes = await cli.kelos(['run', '-p', 'p', '--name', 'w2', '--yes']);
    expect(yes.stdout, yes.stderr).to.equal('task/w2 created\n');
    expect((await kjson(cluster, ['get', 'workspace', 'kelos-workspace', '-n', ns])).spec).to.deep.equal({
      repo: 'https://github.com/o/other.git',
      secretRef: { name: 'kelos-workspace-credentials' },
    });
  });

  it('inline workspace with a GitHub App reads privateKeyPath with ~ and always asks when the Secret exists', async () => {
    await writeFile(
      join(cli.home, 'app.pem'),
      '-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n',
    );
    await cli.writeConfig(
      'apiKey: k\nworkspace:\n  repo: https://github.com/o/r.git\n  githubApp:\n    appID: 12345\n    installationID: "678"\n    privateKeyPath: ~/app.pem\n',
    );
    expect((await cli.kelos(['run', '-p', 'p', '--name', 'g1'])).stdout).to.equal('task/g1 created\n');
    const data = (await kjson(cluster, ['get', 'secret', 'kelos-workspace-credentials', '-n', ns])).data;
    expect(unb64(data.appID)).to.equal('12345');
    expect(unb64(data.installationID)).to.equal('678');
    expect(unb64(data.privateKey)).to.contain('BEGIN RSA PRIVATE KEY');
    const again = await cli.kelos(['run', '-p', 'p', '--name', 'g2'], { input: 'n\n' });
    expect(again.stderr).to.equal(
      'Resource secret/kelos-workspace-credentials already exists. Override? [y/N]: Error: aborted\n',
    );
    expect(await exists(cluster, ['task', 'g2', '-n', ns])).to.equal(false);
    await cli.writeConfig(
      'apiKey: k\nworkspace:\n  repo: https://github.com/o/r.git\n  token: t\n  githubApp:\n    appID: "1"\n',
    );
    expect((await cli.kelos(['run', '-p', 'p', '--name', 'g3'])).stderr).to.equal(
      'Error: workspace config must specify either token or githubApp, not both\n',
    );
  });

  it('every flag reaches the created Task; the API server rejects what the CRD forbids', async () => {
    const r = await cli.kelos([
      'run',
      '-p',
      'p',
      '--name',
      'full',
      '--secret',
      's',
      '--credential-type',
      'oauth',
      '-t',
      'gemini',
      '--model',
      'gemini-2.5-pro',
      '--image',
      'example.com/g:1',
      '--workspace',
      'ws',
      '--agent-config',
      'ac',
      '--depends-on',
      'a',
      '--depends-on',
      'b',
      '--branch',
      'feat/x',
      '--timeout',
      '90s',
      '--env',
      'FOO=bar',
    ]);
    expect(r.stdout, r.stderr).to.equal('task/full created\n');
    expect((await kjson(cluster, ['get', 'task', 'full', '-n', ns])).spec).to.deep.include({
      type: 'gemini',
      model: 'gemini-2.5-pro',
      image: 'example.com/g:1',
      branch: 'feat/x',
      dependsOn: ['a', 'b'],
      workspaceRef: { name: 'ws' },
      agentConfigRef: { name: 'ac' },
      podOverrides: { activeDeadlineSeconds: 90, env: [{ name: 'FOO', value: 'bar' }] },
    });
    const bad = await cli.kelos(['run', '-p', 'p', '--name', 'bad', '--secret', 's', '-t', 'cursor']);
    expect(bad.code).to.equal(1);
    expect(bad.stderr).to.match(/^Error: creating task: .*cursor/);
    const dup = await cli.kelos(['run', '-p', 'p', '--name', 'full', '--secret', 's']);
    expect(dup.stderr).to.match(/^Error: creating task: .*already exists/);
  });

  it('a Task the API server rejects leaves no credentials Secret or Workspace behind', async () => {
    await cli.writeConfig('apiKey: sk-1\nworkspace:\n  repo: https://github.com/o/r.git\n  token: t\n');
    const r = await cli.kelos(['run', '-p', 'p', '--name', 'Not_A_Valid_Name']);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/^Error: creating task: .*Not_A_Valid_Name/);
    for (const obj of [
      ['secret', 'kelos-credentials'],
      ['secret', 'kelos-workspace-credentials'],
      ['workspace', 'kelos-workspace'],
    ]) {
      expect(await exists(cluster, [...obj, '-n', ns]), obj.join('/')).to.equal(false);
    }
  });

  it('get task: table, -A, --phase, -d, yaml, not found', async () => {
    await k(
      cluster,
      ['apply', '-f', '-'],
      `${taskYaml('t-run', ns, '  branch: feat/a\n')}---\n${taskYaml('t-ok', ns)}---\n${taskYaml('t-new', ns)}`,
    );
    await setTaskStatus(cluster, ns, 't-run', {
      phase: 'Running',
      startTime: new Date(Date.now() - 65_000).toISOString(),
    });
    await setTaskStatus(cluster, ns, 't-ok', {
      phase: 'Succeeded',
      podName: 't-ok',
      outputs: ['branch: feat/a'],
      results: { branch: 'feat/a' },
    });
    const table = await cli.kelos(['get', 'tasks']);
    expect(table.stdout.split('\n')[0]).to.match(
      /^NAME\s+TYPE\s+PHASE\s+BRANCH\s+WORKSPACE\s+AGENT CONFIG\s+DURATION\s+AGE$/,
    );
    expect(table.stdout).to.match(
      /\nt-run\s+claude-code\s+Running\s+feat\/a\s+-\s+-\s+(65|66|67|68)s\s+\d+s\n/,
    );
    const running = await cli.kelos(['get', 'task', '--phase', 'Running']);
    expect(
      running.stdout
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(/\s+/)[0]),
    ).to.deep.equal(['t-run']);
    const some = await cli.kelos(['get', 'task', '--phase', 'Running,Succeeded']);
    expect(some.stdout.trim().split('\n')).to.have.length(3);
    const all = await cli.kelos(['get', 'task', '-A']);
    expect(all.stdout.split('\n')[0]).to.match(/^NAMESPACE\s+NAME\s+TYPE/);
    expect(all.stdout).to.match(new RegExp(`\\n${ns}\\s+t-new\\s+claude-code`));
    const detail = await cli.kelos(['get', 'task', 't-ok', '-d']);
    expect(detail.stdout).to.contain('Phase:              Succeeded\n');
    expect(detail.stdout).to.contain('Pod:                t-ok\n');
    expect(detail.stdout).to.contain('Outputs:            branch: feat/a\n');
    expect(detail.stdout).to.contain('Results:            branch=feat/a\n');
    const yaml = await cli.kelos(['get', 'task', '-o', 'yaml']);
    expect(yaml.stdout).to.match(/^apiVersion: kelos.dev\/v1alpha1\nkind: TaskList\n/);
    expect((await cli.kelos(['get', 'task', 'ghost'])).stderr).to.equal(
      'Error: getting task: tasks.kelos.dev "ghost" not found\n',
    );
  });

  it('logs: no pod yet; -f waits and reports a Task that fails before starting', async () => {
    await k(cluster, ['apply', '-f', '-'], taskYaml('l1', ns));
    expect((await cli.kelos(['logs', 'l1'])).stderr).to.equal('Error: task "l1" has no pod yet\n');
    const queue = [
      { phase: 'Waiting', message: 'Waiting for dependency "a"' },
      { phase: 'Failed', message: 'Dependency "a" failed' },
    ];
    const pending = cli.kelos(['logs', 'l1', '-f'], { sleep: () => playNext('l1', queue) });
    const r = await pending;
    expect(r.code).to.equal(1);
    expect(r.stderr).to.equal(
      'Waiting for task "l1" to start...\ntask/l1 Waiting\nError: task "l1" failed before starting: Dependency "a" failed\n',
    );
  });
});
