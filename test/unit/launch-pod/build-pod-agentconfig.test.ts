import { expect } from 'chai';
import type { AgentType, MCPServerSpec } from '../../../functions/core/api/types.js';
import { buildPod } from '../../../functions/launch-pod/build-pod.js';
import { PodBuildError } from '../../../functions/launch-pod/build-error.js';
import { env, envNames, IMAGES, init, main, makeAgentConfig, makeTask, makeWorkspace } from './fixtures.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe('buildPod: AgentConfig', () => {
  it('agentsMD → KELOS_AGENTS_MD', () => {
    const pod = buildPod({
      task: makeTask(),
      agentConfig: makeAgentConfig({ agentsMD: '# Be nice' }),
      prompt: 'p',
      images: IMAGES,
    });
    expect(env(main(pod), 'KELOS_AGENTS_MD')?.value).to.equal('# Be nice');
    expect(pod.spec).to.not.have.property('initContainers');
  });

  it('plugins → kelos-plugin volume, plugin-setup script, mount, KELOS_PLUGIN_DIR', () => {
    const ac = makeAgentConfig({
      plugins: [
        {
          name: 'team',
          skills: [{ name: 'review', content: 'Review it' }],
          agents: [{ name: 'critic', content: 'Be critical' }],
        },
      ],
    });
    const pod = buildPod({ task: makeTask(), agentConfig: ac, prompt: 'p', images: IMAGES });
    expect(pod.spec.volumes).to.deep.equal([{ name: 'kelos-plugin', emptyDir: {} }]);
    const c = init(pod, 'plugin-setup')!;
    expect(c.volumeMounts).to.deep.equal([{ name: 'kelos-plugin', mountPath: '/kelos/plugin' }]);
    const script = c.command![2]!;
    expect(script.split('\n')).to.deep.equal([
      'set -eu',
      `mkdir -p '/kelos/plugin/team/skills/review'`,
      `printf '%s' '${b64('Review it')}' | base64 -d > '/kelos/plugin/team/skills/review/SKILL.md'`,
      `mkdir -p '/kelos/plugin/team/agents'`,
      `printf '%s' '${b64('Be critical')}' | base64 -d > '/kelos/plugin/team/agents/critic.md'`,
    ]);
    expect(main(pod).volumeMounts).to.deep.equal([{ name: 'kelos-plugin', mountPath: '/kelos/plugin' }]);
    expect(env(main(pod), 'KELOS_PLUGIN_DIR')?.value).to.equal('/kelos/plugin');
    expect(pod.spec.securityContext).to.not.have.property('fsGroup');
  });

  it('full AgentConfig: all three envs, in order, after the credential', () => {
    const ac = makeAgentConfig({
      agentsMD: 'md',
      plugins: [{ name: 'p', skills: [{ name: 's', content: 'c' }] }],
      mcpServers: [{ name: 'gh', type: 'http', url: 'https://mcp.example/' }],
    });
    const pod = buildPod({ task: makeTask(), agentConfig: ac, prompt: 'p', images: IMAGES });
    expect(envNames(main(pod))).to.deep.equal([
      'KELOS_MODEL',
      'KELOS_AGENT_TYPE',
      'ANTHROPIC_API_KEY',
      'KELOS_AGENTS_MD',
      'KELOS_PLUGIN_DIR',
      'KELOS_MCP_SERVERS',
    ]);
  });

  it('with a workspace: both volumes, init containers and mounts', () => {
    const ac = makeAgentConfig({ plugins: [{ name: 'p', skills: [{ name: 's', content: 'c' }] }] });
    const pod = buildPod({
      task: makeTask(),
      workspace: makeWorkspace({ files: [{ path: 'a', content: 'b' }] }),
      agentConfig: ac,
      prompt: 'p',
      images: IMAGES,
    });
    expect(pod.spec.volumes!.map((v) => v.name)).to.deep.equal(['workspace', 'kelos-plugin']);
    expect(pod.spec.initContainers!.map((c) => c.name)).to.deep.equal([
      'git-clone',
      'workspace-files',
      'plugin-setup',
    ]);
    expect(main(pod).volumeMounts!.map((m) => m.mountPath)).to.deep.equal(['/workspace', '/kelos/plugin']);
  });

  it('without a workspace: plugin-setup only, no workingDir', () => {
    const ac = makeAgentConfig({ plugins: [{ name: 'p', agents: [{ name: 'a', content: 'c' }] }] });
    const pod = buildPod({ task: makeTask(), agentConfig: ac, prompt: 'p', images: IMAGES });
    expect(pod.spec.initContainers!.map((c) => c.name)).to.deep.equal(['plugin-setup']);
    expect(main(pod)).to.not.have.property('workingDir');
  });

  for (const type of ['codex', 'gemini', 'opencode'] as AgentType[]) {
    it(`${type} gets the same AgentConfig env`, () => {
      const ac = makeAgentConfig({
        agentsMD: 'md',
        plugins: [{ name: 'p', skills: [{ name: 's', content: 'c' }] }],
        mcpServers: [{ name: 'x', type: 'stdio', command: 'x' }],
      });
      const c = main(buildPod({ task: makeTask({ type }), agentConfig: ac, prompt: 'p', images: IMAGES }));
      expect(envNames(c)).to.include.members(['KELOS_AGENTS_MD', 'KELOS_PLUGIN_DIR', 'KELOS_MCP_SERVERS']);
    });
  }

  const badPlugins: [string, ReturnType<typeof makeAgentConfig>['spec'], string][] = [
    [
      'plugin traversal',
      { plugins: [{ name: '../../etc' }] },
      'invalid plugin configuration: plugin name "../../etc" contains path separators',
    ],
    [
      'plugin dot',
      { plugins: [{ name: '.' }] },
      'invalid plugin configuration: plugin name "." is a path traversal',
    ],
    [
      'skill traversal',
      { plugins: [{ name: 'ok', skills: [{ name: '../evil', content: 'x' }] }] },
      'invalid plugin configuration: skill name "../evil" contains path separators',
    ],
    [
      'agent dotdot',
      { plugins: [{ name: 'ok', agents: [{ name: '..', content: 'x' }] }] },
      'invalid plugin configuration: agent name ".." is a path traversal',
    ],
    [
      'empty skill',
      { plugins: [{ name: 'ok', skills: [{ name: '', content: 'x' }] }] },
      'invalid plugin configuration: skill name is empty',
    ],
    [
      'backslash',
      { plugins: [{ name: 'a\\b' }] },
      'invalid plugin configuration: plugin name "a\\\\b" contains path separators',
    ],
  ];
  for (const [name, spec, message] of badPlugins) {
    it(`rejects ${name}`, () => {
      expect(() =>
        buildPod({ task: makeTask(), agentConfig: makeAgentConfig(spec), prompt: 'p', images: IMAGES }),
      )
        .to.throw(PodBuildError)
        .with.property('message', message);
    });
  }
});

describe('buildPod: KELOS_MCP_SERVERS', () => {
  const mcp = (servers: MCPServerSpec[]): unknown => {
    const pod = buildPod({
      task: makeTask(),
      agentConfig: makeAgentConfig({ mcpServers: servers }),
      prompt: 'p',
      images: IMAGES,
    });
    return env(main(pod), 'KELOS_MCP_SERVERS')!.value;
  };

  it('stdio and http servers, names sorted, empty fields omitted', () => {
    const json = mcp([
      { name: 'zeta', type: 'stdio', command: 'npx', args: ['-y', 'server'], env: { B: '2', A: '1' } },
      { name: 'alpha', type: 'http', url: 'https://mcp.example/api' },
    ]);
    expect(json).to.equal(
      '{"mcpServers":{"alpha":{"type":"http","url":"https://mcp.example/api"},"zeta":{"type":"stdio","command":"npx","args":["-y","server"],"env":{"A":"1","B":"2"}}}}',
    );
  });
  it('http headers (sorted)', () => {
    expect(
      mcp([
        { name: 'gh', type: 'sse', url: 'https://x', headers: { 'X-B': 'b', Authorization: 'Bearer t' } },
      ]),
    ).to.equal(
      '{"mcpServers":{"gh":{"type":"sse","url":"https://x","headers":{"Authorization":"Bearer t","X-B":"b"}}}}',
    );
  });
  it('codex and gemini get it too', () => {
    for (const type of ['codex', 'gemini'] as AgentType[]) {
      const pod = buildPod({
        task: makeTask({ type }),
        agentConfig: makeAgentConfig({ mcpServers: [{ name: 'a', type: 'stdio', command: 'c' }] }),
        prompt: 'p',
        images: IMAGES,
      });
      expect(env(main(pod), 'KELOS_MCP_SERVERS')?.value).to.equal(
        '{"mcpServers":{"a":{"type":"stdio","command":"c"}}}',
      );
    }
  });
  it('coexists with plugins and agentsMD', () => {
    const pod = buildPod({
      task: makeTask(),
      agentConfig: makeAgentConfig({
        agentsMD: 'x',
        plugins: [{ name: 'p' }],
        mcpServers: [{ name: 'a', type: 'stdio', command: 'c' }],
      }),
      prompt: 'p',
      images: IMAGES,
    });
    expect(envNames(main(pod)).slice(-3)).to.deep.equal([
      'KELOS_AGENTS_MD',
      'KELOS_PLUGIN_DIR',
      'KELOS_MCP_SERVERS',
    ]);
  });
  const bad: [string, MCPServerSpec[], string][] = [
    [
      'empty name',
      [{ name: '', type: 'stdio' }],
      'invalid MCP server configuration: MCP server name is empty',
    ],
    [
      'duplicate',
      [
        { name: 'a', type: 'stdio' },
        { name: 'a', type: 'http' },
      ],
      'invalid MCP server configuration: duplicate MCP server name "a"',
    ],
    [
      'separator',
      [{ name: 'a/b', type: 'stdio' }],
      'invalid MCP server configuration: MCP server name "a/b" contains path separators',
    ],
    [
      'traversal',
      [{ name: '..', type: 'stdio' }],
      'invalid MCP server configuration: MCP server name ".." is a path traversal',
    ],
  ];
  for (const [name, servers, message] of bad) {
    it(`rejects ${name}`, () => {
      expect(() => mcp(servers))
        .to.throw(PodBuildError)
        .with.property('message', message);
    });
  }
});
