import { expect } from 'chai';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { run as runCli, type RunOptions } from './support/run.js';

/** A HOME with the given config file, and a kube factory that fails: dry-run must not need a cluster. */
async function withConfig(config: string): Promise<RunOptions> {
  const home = await mkdtemp(join(tmpdir(), 'kelos-dry-'));
  const { mkdir } = await import('node:fs/promises');
  await mkdir(join(home, '.kelos'));
  await writeFile(join(home, '.kelos', 'config.yaml'), config);
  return {
    env: { HOME: home },
    kubeFactory: () => {
      throw new Error('no cluster in dry-run tests');
    },
  };
}

async function dry(argv: string[], config = 'apiKey: sk-test\n') {
  const r = await runCli(argv, await withConfig(config));
  return { ...r, doc: r.code === 0 ? (parse(r.stdout) as Record<string, any>) : undefined }; // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed YAML of the test's own output
}

describe('cli: kelos run --dry-run', () => {
  it('prints the Task YAML and creates nothing', async () => {
    const r = await dry(['run', '-p', 'Fix the bug', '--name', 't1', '-n', 'team', '--dry-run']);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).not.to.contain('created');
    expect(r.doc).to.deep.equal({
      apiVersion: 'kelos.dev/v1alpha1',
      kind: 'Task',
      metadata: { name: 't1', namespace: 'team' },
      spec: {
        type: 'claude-code',
        prompt: 'Fix the bug',
        credentials: { type: 'api-key', secretRef: { name: 'kelos-credentials' } },
      },
    });
  });
  it('every flag lands in the spec', async () => {
    const r = await dry([
      'run',
      '-p',
      'p',
      '--name',
      't2',
      '--dry-run',
      '-t',
      'codex',
      '--secret',
      's',
      '--credential-type',
      'oauth',
      '--model',
      'm',
      '--image',
      'img:1',
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
      '1h30m',
      '--env',
      'A=1',
      '--env',
      'B=x=y',
    ]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.doc?.['spec']).to.deep.equal({
      type: 'codex',
      prompt: 'p',
      credentials: { type: 'oauth', secretRef: { name: 's' } },
      model: 'm',
      image: 'img:1',
      workspaceRef: { name: 'ws' },
      agentConfigRef: { name: 'ac' },
      dependsOn: ['a', 'b'],
      branch: 'feat/x',
      podOverrides: {
        activeDeadlineSeconds: 5400,
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: 'x=y' },
        ],
      },
    });
  });
  it('default name is task-xxxxx and namespace falls back to default', async () => {
    const r = await dry(['run', '-p', 'p', '--dry-run']);
    expect(r.doc?.['metadata']?.name).to.match(/^task-[a-z0-9]{5}$/);
    expect(r.doc?.['metadata']?.namespace).to.equal('default');
  });
  for (const type of ['claude-code', 'codex', 'gemini', 'opencode']) {
    it(`--type ${type}`, async () => {
      expect((await dry(['run', '-p', 'p', '-t', type, '--dry-run'])).doc?.['spec']?.type).to.equal(type);
    });
  }
  it('config oauthToken → credential type oauth, secret kelos-credentials (codex, @file)', async () => {
    const home = await mkdtemp(join(tmpdir(), 'kelos-auth-'));
    await writeFile(join(home, 'auth.json'), '{"x":1}\n');
    const r = await dry(
      ['run', '-p', 'p', '--dry-run'],
      `oauthToken: "@${join(home, 'auth.json')}"\ntype: codex\n`,
    );
    expect(r.doc?.['spec']).to.deep.include({
      type: 'codex',
      credentials: { type: 'oauth', secretRef: { name: 'kelos-credentials' } },
    });
  });
  it('opencode with apiKey none', async () => {
    const r = await dry(['run', '-p', 'p', '--dry-run'], 'apiKey: none\ntype: opencode\n');
    expect(r.doc?.['spec']).to.deep.include({
      type: 'opencode',
      credentials: { type: 'api-key', secretRef: { name: 'kelos-credentials' } },
    });
  });
  it('config defaults apply only when the flag is not given', async () => {
    const cfg =
      'secret: cfg-secret\ncredentialType: oauth\ntype: gemini\nmodel: cfg-model\nnamespace: cfg-ns\nagentConfig: cfg-ac\nworkspace:\n  name: cfg-ws\n';
    const a = await dry(['run', '-p', 'p', '--dry-run'], cfg);
    expect(a.doc?.['metadata']?.namespace).to.equal('cfg-ns');
    expect(a.doc?.['spec']).to.deep.equal({
      type: 'gemini',
      prompt: 'p',
      credentials: { type: 'oauth', secretRef: { name: 'cfg-secret' } },
      model: 'cfg-model',
      workspaceRef: { name: 'cfg-ws' },
      agentConfigRef: { name: 'cfg-ac' },
    });
    const b = await dry(
      [
        'run',
        '-p',
        'p',
        '--dry-run',
        '-t',
        'claude-code',
        '--credential-type',
        'api-key',
        '--secret',
        'flag',
        '--model',
        'fm',
        '--workspace',
        'fw',
        '--agent-config',
        'fa',
        '-n',
        'flag-ns',
      ],
      cfg,
    );
    expect(b.doc?.['metadata']?.namespace).to.equal('flag-ns');
    expect(b.doc?.['spec']).to.deep.equal({
      type: 'claude-code',
      prompt: 'p',
      credentials: { type: 'api-key', secretRef: { name: 'flag' } },
      model: 'fm',
      workspaceRef: { name: 'fw' },
      agentConfigRef: { name: 'fa' },
    });
  });
  it('inline workspace config → references kelos-workspace', async () => {
    const r = await dry(
      ['run', '-p', 'p', '--dry-run'],
      'apiKey: k\nworkspace:\n  repo: https://github.com/o/r.git\n  token: t\n',
    );
    expect(r.doc?.['spec']?.workspaceRef).to.deep.equal({ name: 'kelos-workspace' });
  });
  it('errors: both oauthToken and apiKey; no credentials; missing prompt; bad flags', async () => {
    const both = await dry(['run', '-p', 'p', '--dry-run'], 'apiKey: a\noauthToken: o\n');
    expect(both.stderr).to.equal('Error: config file must specify either oauthToken or apiKey, not both\n');
    const none = await dry(['run', '-p', 'p', '--dry-run'], '');
    expect(none.stderr).to.equal(
      'Error: no credentials configured (set oauthToken/apiKey in config file, or use --secret flag)\n',
    );
    expect((await dry(['run', '--dry-run'])).stderr).to.equal('Error: required flag(s) "prompt" not set\n');
    expect((await dry(['run', '-p', 'p', '--timeout', 'x'])).stderr).to.equal(
      'Error: invalid --timeout value "x": time: invalid duration "x"\n',
    );
    expect((await dry(['run', '-p', 'p', '--timeout', '999ms'])).stderr).to.equal(
      'Error: --timeout must be at least 1s\n',
    );
    expect((await dry(['run', '-p', 'p', '--env', 'NOVALUE'])).stderr).to.equal(
      'Error: invalid --env value "NOVALUE": must be NAME=VALUE\n',
    );
    const unknown = await dry(['run', '-p', 'p', '--bogus']);
    expect(unknown.code).to.equal(1);
    expect(unknown.stderr).to.equal("Error: unknown option '--bogus'\n");
  });
});

describe('cli: kelos create --dry-run', () => {
  it('workspace', async () => {
    const r = await dry([
      'create',
      'workspace',
      'my-ws',
      '--repo',
      'https://github.com/o/r.git',
      '--ref',
      'main',
      '--dry-run',
    ]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.doc).to.deep.equal({
      apiVersion: 'kelos.dev/v1alpha1',
      kind: 'Workspace',
      metadata: { name: 'my-ws', namespace: 'default' },
      spec: { repo: 'https://github.com/o/r.git', ref: 'main' },
    });
  });
  it('workspace --token references <name>-credentials without calling the API', async () => {
    const r = await dry(['create', 'ws', 'w', '--repo', 'r', '--token', 'ghp', '--dry-run']);
    expect(r.doc?.['spec']).to.deep.equal({ repo: 'r', secretRef: { name: 'w-credentials' } });
    expect(r.stdout).not.to.contain('ghp');
  });
  it('workspace errors', async () => {
    const missing = await dry(['create', 'workspace', '--repo', 'r']);
    expect(missing.stderr).to.match(/^Error: workspace name is required\nUsage: kelos create workspace/);
    expect((await dry(['create', 'workspace', 'a', 'b', '--repo', 'r'])).stderr).to.equal(
      'Error: too many arguments: expected 1 workspace name, got 2\n',
    );
    expect(
      (await dry(['create', 'workspace', 'a', '--repo', 'r', '--secret', 's', '--token', 't'])).stderr,
    ).to.equal('Error: cannot specify both --secret and --token\n');
    expect((await dry(['create', 'workspace', 'a'])).stderr).to.equal(
      'Error: required flag(s) "repo" not set\n',
    );
  });
  it('no resource type, and no create taskspawner', async () => {
    const r = await dry(['create']);
    expect(r.code).to.equal(1);
    expect(r.stdout).to.contain('Usage: kelos create');
    expect(r.stderr).to.equal('Error: must specify a resource type\n');
    const ts = await dry(['create', 'taskspawner', 'x']);
    expect(ts.code).to.equal(1);
    expect(ts.stderr).to.equal('Error: must specify a resource type\n');
  });
  it('agentconfig with agents-md, skills, agents (one plugin "kelos") and MCP servers', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kelos-ac-'));
    await writeFile(join(dir, 'skill.md'), 'Review carefully.\n');
    await writeFile(
      join(dir, 'mcp.json'),
      '{"type":"stdio","command":"npx","args":["-y","srv"],"env":{"K":"V"}}',
    );
    const r = await dry([
      'create',
      'ac',
      'my-ac',
      '--dry-run',
      '--agents-md',
      'Be brief',
      '--skill',
      `review=@${join(dir, 'skill.md')}`,
      '--skill',
      'test=Run tests',
      '--agent',
      'critic=You criticise',
      '--mcp',
      'gh={"type":"http","url":"https://x/mcp","headers":{"Authorization":"Bearer t"}}',
      '--mcp',
      `fs=@${join(dir, 'mcp.json')}`,
    ]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.doc?.['spec']).to.deep.equal({
      agentsMD: 'Be brief',
      plugins: [
        {
          name: 'kelos',
          skills: [
            { name: 'review', content: 'Review carefully.' },
            { name: 'test', content: 'Run tests' },
          ],
          agents: [{ name: 'critic', content: 'You criticise' }],
        },
      ],
      mcpServers: [
        { name: 'gh', type: 'http', url: 'https://x/mcp', headers: { Authorization: 'Bearer t' } },
        { name: 'fs', type: 'stdio', command: 'npx', args: ['-y', 'srv'], env: { K: 'V' } },
      ],
    });
  });
  it('agentconfig --agents-md @file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kelos-md-'));
    await writeFile(join(dir, 'AGENTS.md'), '# Rules\nBe kind.\n');
    const r = await dry([
      'create',
      'agentconfig',
      'x',
      '--dry-run',
      '--agents-md',
      `@${join(dir, 'AGENTS.md')}`,
    ]);
    expect(r.doc?.['spec']).to.deep.equal({ agentsMD: '# Rules\nBe kind.' });
  });
  it('agentconfig errors', async () => {
    const cases: [string[], string][] = [
      [
        ['create', 'agentconfig', '--dry-run'],
        'Error: agentconfig name is required\nUsage: kelos create agentconfig <name> [flags]\n',
      ],
      [
        ['create', 'ac', 'x', '--skill', 'noequals'],
        'Error: invalid --skill value "noequals": must be name=content or name=@file\n',
      ],
      [
        ['create', 'ac', 'x', '--agent', '=c'],
        'Error: invalid --agent value "=c": must be name=content or name=@file\n',
      ],
      [
        ['create', 'ac', 'x', '--mcp', 'noeq'],
        'Error: invalid --mcp value "noeq": must be name=JSON or name=@file\n',
      ],
      [
        ['create', 'ac', 'x', '--mcp', '={"type":"http"}'],
        'Error: invalid --mcp value "={"type":"http"}": must be name=JSON or name=@file\n',
      ],
      [
        ['create', 'ac', 'x', '--mcp', 'a='],
        'Error: invalid --mcp value "a=": must be name=JSON or name=@file\n',
      ],
      [['create', 'ac', 'x', '--mcp', 'a={bad'], 'Error: invalid --mcp "a" JSON: '],
      [['create', 'ac', 'x', '--mcp', 'a={"url":"u"}'], 'Error: --mcp "a": "type" field is required\n'],
      [
        ['create', 'ac', 'x', '--mcp', 'a={"type":"ws"}'],
        'Error: --mcp "a": unsupported type "ws" (must be stdio, http, or sse)\n',
      ],
      [
        ['create', 'ac', 'x', '--mcp', 'a={"type":"sse","url":"u"}', '--mcp', 'a={"type":"http","url":"v"}'],
        'Error: duplicate --mcp server name "a"\n',
      ],
    ];
    for (const [argv, msg] of cases) {
      const r = await dry(argv);
      expect(r.code, argv.join(' ')).to.equal(1);
      expect(r.stderr.startsWith(msg), `${argv.join(' ')} → ${r.stderr}`).to.equal(true);
    }
  });
});
