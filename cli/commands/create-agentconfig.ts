/** `kelos create agentconfig|ac <name>`: instructions, skills, agents and MCP servers. */
import { Command, Option } from 'commander';
import { stringify } from 'yaml';
import type { AgentConfig, MCPServerSpec } from '../../functions/core/api/types.js';
import { API_VERSION } from '../../functions/core/api/constants.js';
import type { CliContext } from '../context.js';
import { openSession } from '../context.js';
import { resolveContent } from '../config/resolve-content.js';
import { parseMcpFlag, parseNamedContent } from '../agentconfig-flags.js';
import { collect, oneName } from './options.js';

interface Options {
  agentsMd?: string;
  skill?: string[];
  agent?: string[];
  mcp?: string[];
  dryRun?: boolean;
}

/** Skills and agents from flags all go into one plugin of this name. */
export const CLI_PLUGIN = 'kelos';

export function createAgentConfigCommand(ctx: CliContext): Command {
  return new Command('agentconfig')
    .alias('ac')
    .description('Create an AgentConfig')
    .argument('[name...]')
    .option('--agents-md <text>', 'agent instructions (text or @file)')
    .addOption(
      new Option('--skill <name=content>', 'skill as name=content or name=@file (repeatable)').argParser(
        collect,
      ),
    )
    .addOption(
      new Option('--agent <name=content>', 'sub-agent as name=content or name=@file (repeatable)').argParser(
        collect,
      ),
    )
    .addOption(
      new Option('--mcp <name=JSON>', 'MCP server as name=JSON or name=@file (repeatable)').argParser(
        collect,
      ),
    )
    .option('--dry-run', 'print the AgentConfig without creating it')
    .action(async (args: string[], opts: Options, c: Command) => createAgentConfig(ctx, c, args, opts));
}

async function createAgentConfig(
  ctx: CliContext,
  cmd: Command,
  args: string[],
  opts: Options,
): Promise<void> {
  const name = oneName(
    args,
    'agentconfig name',
    'agentconfig name is required\nUsage: kelos create agentconfig <name> [flags]',
  );
  const env = ctx.env;
  const skills = await Promise.all((opts.skill ?? []).map((v) => parseNamedContent('skill', v, env)));
  const agents = await Promise.all((opts.agent ?? []).map((v) => parseNamedContent('agent', v, env)));
  const servers: MCPServerSpec[] = [];
  for (const v of opts.mcp ?? []) {
    const server = await parseMcpFlag(v, env);
    if (servers.some((s) => s.name === server.name))
      throw new Error(`duplicate --mcp server name "${server.name}"`);
    servers.push(server);
  }
  const spec: AgentConfig['spec'] = {};
  if (opts.agentsMd) spec.agentsMD = await resolveContent(opts.agentsMd, env);
  if (skills.length || agents.length) {
    spec.plugins = [
      { name: CLI_PLUGIN, ...(skills.length ? { skills } : {}), ...(agents.length ? { agents } : {}) },
    ];
  }
  if (servers.length) spec.mcpServers = servers;
  const { kube, namespace } = await openSession(ctx, cmd, Boolean(opts.dryRun));
  const ac: AgentConfig = {
    apiVersion: API_VERSION,
    kind: 'AgentConfig',
    metadata: { name, namespace },
    spec,
  };
  if (opts.dryRun) {
    ctx.stdout.write(stringify(ac));
    return;
  }
  await kube.create(ac).catch((err: unknown) => {
    throw new Error(`creating agentconfig: ${(err as Error).message}`, { cause: err });
  });
  ctx.stdout.write(`agentconfig/${name} created\n`);
}
