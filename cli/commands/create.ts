/** `kelos create workspace|agentconfig` (there is no `create taskspawner`). */
import { Command } from 'commander';
import type { CliContext } from '../context.js';
import type { CompletionRegistry } from '../completion/registry.js';
import { createWorkspaceCommand } from './create-workspace.js';
import { createAgentConfigCommand } from './create-agentconfig.js';

export function createCommand(ctx: CliContext, reg: CompletionRegistry): Command {
  const cmd = new Command('create')
    .description('Create a resource')
    .argument('[args...]')
    .action((_args: string[], _opts: unknown, c: Command) => {
      c.outputHelp();
      throw new Error('must specify a resource type');
    });
  cmd.addCommand(createWorkspaceCommand(ctx, reg));
  cmd.addCommand(createAgentConfigCommand(ctx));
  return cmd;
}
