/**
 * The plugin tree the plugin-setup init container writes under KELOS_PLUGIN_DIR:
 * `<dir>/<plugin>/skills/<skill>/SKILL.md` and `<dir>/<plugin>/agents/<agent>.md`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PluginFile {
  name: string;
  content: string;
}
export interface Plugin {
  name: string;
  dir: string;
  skills: PluginFile[];
  agents: PluginFile[];
}

function dirs(path: string): string[] {
  if (!existsSync(path)) return [];
  return readdirSync(path, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

export function readPlugins(root: string | undefined): Plugin[] {
  if (root === undefined || root === '') return [];
  return dirs(root).map((name) => {
    const dir = join(root, name);
    const skills = dirs(join(dir, 'skills'))
      .filter((s) => existsSync(join(dir, 'skills', s, 'SKILL.md')))
      .map((s) => ({ name: s, content: readFileSync(join(dir, 'skills', s, 'SKILL.md'), 'utf8') }));
    const agentsDir = join(dir, 'agents');
    const agents = existsSync(agentsDir)
      ? readdirSync(agentsDir)
          .filter((f) => f.endsWith('.md'))
          .sort()
          .map((f) => ({ name: f.slice(0, -3), content: readFileSync(join(agentsDir, f), 'utf8') }))
      : [];
    return { name, dir, skills, agents };
  });
}

/** Splits `---\nkey: value\n---\nbody` into simple frontmatter fields and the body. */
export function splitFrontmatter(md: string): { fields: Record<string, string>; body: string } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(md);
  if (!m) return { fields: {}, body: md };
  const fields: Record<string, string> = {};
  for (const line of (m[1] ?? '').split(/\r?\n/)) {
    const kv = /^([A-Za-z0-9_-]+):\s*(.*)$/.exec(line);
    if (kv) fields[kv[1] ?? ''] = (kv[2] ?? '').replace(/^(["'])(.*)\1$/, '$2');
  }
  return { fields, body: m[2] ?? '' };
}

/** A Claude-style agent file as a Codex custom agent (`~/.codex/agents/<name>.toml`). */
export function codexAgentToml(plugin: string, agent: PluginFile): string {
  const { fields, body } = splitFrontmatter(agent.content);
  const name = fields['name'] || `${plugin}-${agent.name}`;
  const description = fields['description'] || `Agent ${agent.name} from plugin ${plugin}`;
  const q = (s: string): string => JSON.stringify(s);
  return `name = ${q(name)}\ndescription = ${q(description)}\ndeveloper_instructions = ${q(body.trim())}\n`;
}
