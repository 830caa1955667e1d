/** Table and detail output of `kelos get agentconfig`. */
import type { Writable } from 'node:stream';
import type { AgentConfig } from '../../functions/core/api/types.js';
import { age } from './human-duration.js';
import { DetailWriter } from './detail.js';
import { writeTable } from './table.js';
import { withNamespace } from './task-printer.js';

const AGENTS_MD_PREVIEW = 80;

export function printAgentConfigTable(
  out: Writable,
  items: AgentConfig[],
  now: Date,
  allNamespaces: boolean,
): void {
  const rows = items.map((a) => [
    a.metadata.name ?? '',
    String(a.spec.plugins?.length ?? 0),
    String(a.spec.mcpServers?.length ?? 0),
    age(a.metadata.creationTimestamp, now),
  ]);
  writeTable(out, withNamespace(['NAME', 'PLUGINS', 'MCP SERVERS', 'AGE'], rows, items, allNamespaces));
}

export function printAgentConfigDetail(out: Writable, ac: AgentConfig): void {
  const md = ac.spec.agentsMD ?? '';
  const preview =
    [...md].length > AGENTS_MD_PREVIEW ? `${[...md].slice(0, AGENTS_MD_PREVIEW).join('')}...` : md;
  const plugins = (ac.spec.plugins ?? []).map((p) => {
    const skills = (p.skills ?? []).map((s) => s.name).join(',');
    const agents = (p.agents ?? []).map((a) => a.name).join(',');
    return `${p.name} (skills=[${skills}], agents=[${agents}])`;
  });
  const servers = (ac.spec.mcpServers ?? []).map((m) => `${m.name} (${m.type})`);
  const d = new DetailWriter()
    .field('Name', ac.metadata.name ?? '')
    .field('Namespace', ac.metadata.namespace ?? '')
    .optional('Agents MD', preview)
    .optional('Plugins', plugins.join('\n'))
    .optional('MCP Servers', servers.join('\n'));
  out.write(d.toString());
}
