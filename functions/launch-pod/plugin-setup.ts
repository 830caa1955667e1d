/**
 * The plugin-setup init container: writes AgentConfig plugins (skills and
 * agents) under /kelos/plugin, where every reference entrypoint picks them up
 * through KELOS_PLUGIN_DIR (KELOS-BEHAVIOUR §2.8, §4.4).
 */
import type { PluginSpec } from '../core/api/types.js';
import type { Container } from '../core/task/pod-types.js';
import { checkSafeName, wrapBuildError } from './safe-name.js';
import { shellQuote } from './shell-quote.js';

export const PLUGIN_VOLUME = 'kelos-plugin';
export const PLUGIN_DIR = '/kelos/plugin';

function writeFile(dir: string, file: string, content: string): string[] {
  const b64 = Buffer.from(content, 'utf8').toString('base64');
  return [
    `mkdir -p ${shellQuote(dir)}`,
    `printf '%s' ${shellQuote(b64)} | base64 -d > ${shellQuote(`${dir}/${file}`)}`,
  ];
}

/** The script, or `invalid plugin configuration: ...` for an unsafe name. */
export function pluginScript(plugins: readonly PluginSpec[]): string {
  return wrapBuildError('invalid plugin configuration', () => {
    const lines = ['set -eu'];
    for (const plugin of plugins) {
      checkSafeName('plugin', plugin.name);
      for (const skill of plugin.skills ?? []) {
        checkSafeName('skill', skill.name);
        lines.push(
          ...writeFile(`${PLUGIN_DIR}/${plugin.name}/skills/${skill.name}`, 'SKILL.md', skill.content),
        );
      }
      for (const agent of plugin.agents ?? []) {
        checkSafeName('agent', agent.name);
        lines.push(...writeFile(`${PLUGIN_DIR}/${plugin.name}/agents`, `${agent.name}.md`, agent.content));
      }
    }
    return lines.join('\n');
  });
}

export function pluginSetupContainer(plugins: readonly PluginSpec[], image: string): Container {
  return {
    name: 'plugin-setup',
    image,
    command: ['sh', '-c', pluginScript(plugins)],
    volumeMounts: [{ name: PLUGIN_VOLUME, mountPath: PLUGIN_DIR }],
  };
}
