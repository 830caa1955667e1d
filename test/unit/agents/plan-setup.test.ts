import { expect } from 'chai';
import {
  planSetup,
  type AgentType,
  type FileWrite,
  type SetupInput,
} from '../../../agents/setup/src/plan-setup.js';
import type { Plugin } from '../../../agents/setup/src/plugins.js';

const HOME = '/home/agent';
const MCP = JSON.stringify({
  mcpServers: { files: { type: 'stdio', command: 'files-mcp', args: ['--root', '/w'] } },
});
const PLUGIN: Plugin = {
  name: 'kelos',
  dir: '/kelos/plugin/kelos',
  skills: [{ name: 'review', content: '---\nname: review\ndescription: Reviews.\n---\nReview it.\n' }],
  agents: [
    { name: 'tester', content: '---\nname: tester\ndescription: Tests things.\n---\nRun the tests.\n' },
  ],
};

function plan(
  type: AgentType,
  env: Record<string, string>,
  files: Record<string, string> = {},
  plugins: Plugin[] = [],
): FileWrite[] {
  const input: SetupInput = { type, home: HOME, env, plugins, read: (p) => files[p] };
  return planSetup(input);
}
const byPath = (writes: FileWrite[]): Record<string, string> =>
  Object.fromEntries(writes.map((w) => [w.path, w.content]));

describe('agents/setup planSetup', () => {
  it('writes nothing when there is no AgentConfig (gemini still gets its unattended settings)', () => {
    for (const t of ['claude-code', 'codex', 'opencode'] as const) expect(plan(t, {})).to.deep.equal([]);
    expect(Object.keys(byPath(plan('gemini', {})))).to.deep.equal([`${HOME}/.gemini/settings.json`]);
  });

  it('puts agentsMD where each CLI reads its user instructions', () => {
    const want: Record<AgentType, string> = {
      'claude-code': `${HOME}/.claude/CLAUDE.md`,
      codex: `${HOME}/.codex/AGENTS.md`,
      gemini: `${HOME}/.gemini/GEMINI.md`,
      opencode: `${HOME}/.config/opencode/AGENTS.md`,
    };
    for (const [type, path] of Object.entries(want)) {
      expect(byPath(plan(type as AgentType, { KELOS_AGENTS_MD: '# Rules' }))[path]).to.equal('# Rules');
    }
  });

  it('opencode honours XDG_CONFIG_HOME', () => {
    const writes = byPath(plan('opencode', { KELOS_AGENTS_MD: 'x', XDG_CONFIG_HOME: '/xdg' }));
    expect(writes).to.have.property('/xdg/opencode/AGENTS.md');
  });

  it('claude-code: MCP servers merged into ~/.claude.json, other keys kept', () => {
    const existing = JSON.stringify({
      hasCompletedOnboarding: true,
      mcpServers: { old: { command: 'old' } },
    });
    const w = byPath(plan('claude-code', { KELOS_MCP_SERVERS: MCP }, { [`${HOME}/.claude.json`]: existing }));
    expect(JSON.parse(w[`${HOME}/.claude.json`] ?? '')).to.deep.equal({
      hasCompletedOnboarding: true,
      mcpServers: {
        old: { command: 'old' },
        files: { type: 'stdio', command: 'files-mcp', args: ['--root', '/w'] },
      },
    });
  });

  it('codex: MCP tables appended to an existing config.toml', () => {
    const w = byPath(
      plan('codex', { KELOS_MCP_SERVERS: MCP }, { [`${HOME}/.codex/config.toml`]: 'model = "o3"\n' }),
    );
    expect(w[`${HOME}/.codex/config.toml`]).to.equal(
      'model = "o3"\n\n[mcp_servers."files"]\ncommand = "files-mcp"\nargs = ["--root", "/w"]\n',
    );
  });

  it('codex: CODEX_AUTH_JSON to ~/.codex/auth.json without line breaks, mode 0600', () => {
    const writes = plan('codex', { CODEX_AUTH_JSON: '{\n  "tokens": {}\r\n}\n' });
    expect(writes).to.deep.equal([
      { path: `${HOME}/.codex/auth.json`, content: '{  "tokens": {}}', mode: 0o600 },
    ]);
  });

  it('gemini: settings.json gets API-key auth, folder trust off and the MCP servers, keeping its own choices', () => {
    const existing = JSON.stringify({
      ui: { theme: 'x' },
      security: { auth: { selectedType: 'vertex-ai' } },
    });
    const w = byPath(
      plan(
        'gemini',
        { KELOS_MCP_SERVERS: MCP, GEMINI_API_KEY: 'k' },
        { [`${HOME}/.gemini/settings.json`]: existing },
      ),
    );
    expect(JSON.parse(w[`${HOME}/.gemini/settings.json`] ?? '')).to.deep.equal({
      ui: { theme: 'x' },
      security: { auth: { selectedType: 'vertex-ai' }, folderTrust: { enabled: false } },
      mcpServers: { files: { command: 'files-mcp', args: ['--root', '/w'] } },
    });
    const fresh = byPath(plan('gemini', { GEMINI_API_KEY: 'k' }));
    expect(JSON.parse(fresh[`${HOME}/.gemini/settings.json`] ?? '')).to.deep.equal({
      security: { auth: { selectedType: 'gemini-api-key' }, folderTrust: { enabled: false } },
    });
  });

  it('opencode: MCP servers under "mcp" in opencode.json, provider config kept', () => {
    const path = `${HOME}/.config/opencode/opencode.json`;
    const existing = JSON.stringify({ provider: { anthropic: {} } });
    const w = byPath(plan('opencode', { KELOS_MCP_SERVERS: MCP }, { [path]: existing }));
    expect(JSON.parse(w[path] ?? '')).to.deep.equal({
      provider: { anthropic: {} },
      mcp: { files: { type: 'local', command: ['files-mcp', '--root', '/w'], enabled: true } },
    });
  });

  it('an existing config that is not JSON is an error naming the file', () => {
    const path = `${HOME}/.claude.json`;
    expect(() => plan('claude-code', { KELOS_MCP_SERVERS: MCP }, { [path]: '{oops' })).to.throw(path);
  });

  it('plugins: nothing to copy for claude-code (it gets --plugin-dir)', () => {
    expect(plan('claude-code', {}, {}, [PLUGIN])).to.deep.equal([]);
  });

  it('plugins: codex skills as <plugin>-<skill> and agents as custom agent TOML', () => {
    const w = byPath(plan('codex', {}, {}, [PLUGIN]));
    expect(w[`${HOME}/.codex/skills/kelos-review/SKILL.md`]).to.equal(PLUGIN.skills[0]?.content);
    expect(w[`${HOME}/.codex/agents/kelos-tester.toml`]).to.equal(
      'name = "tester"\ndescription = "Tests things."\ndeveloper_instructions = "Run the tests."\n',
    );
  });

  it('plugins: gemini extension with manifest, skills and agents', () => {
    const w = byPath(plan('gemini', {}, {}, [PLUGIN]));
    const ext = `${HOME}/.gemini/extensions/kelos`;
    expect(JSON.parse(w[`${ext}/gemini-extension.json`] ?? '')).to.deep.equal({
      name: 'kelos',
      version: '1.0.0',
    });
    expect(w[`${ext}/skills/review/SKILL.md`]).to.equal(PLUGIN.skills[0]?.content);
    expect(w[`${ext}/agents/tester.md`]).to.equal(PLUGIN.agents[0]?.content);
  });

  it('plugins: opencode skills as <plugin>-<skill>, agents into agents/', () => {
    const w = byPath(plan('opencode', {}, {}, [PLUGIN]));
    expect(w[`${HOME}/.config/opencode/skills/kelos-review/SKILL.md`]).to.equal(PLUGIN.skills[0]?.content);
    expect(w[`${HOME}/.config/opencode/agents/tester.md`]).to.equal(PLUGIN.agents[0]?.content);
  });
});
