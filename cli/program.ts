/** The `kelos` command tree (commander), built per run from the injected context. */
import { Command } from 'commander';
import type { CliContext } from './context.js';
import { CompletionRegistry } from './completion/registry.js';
import { addGlobalOptions } from './commands/options.js';
import { runCommand } from './commands/run.js';
import { createCommand } from './commands/create.js';
import { getCommand } from './commands/get.js';
import { deleteCommand } from './commands/delete.js';
import { logsCommand } from './commands/logs.js';
import { resumeCommand, suspendCommand } from './commands/suspend.js';
import { initCommand } from './commands/init.js';
import { installCommand, uninstallCommand } from './commands/install.js';
import { versionCommand } from './commands/version.js';
import { completionCommand } from './commands/completion.js';

export function buildProgram(ctx: CliContext): { program: Command; registry: CompletionRegistry } {
  const registry = new CompletionRegistry();
  const program = new Command('kelos')
    .description('CLI for managing AI agent Tasks on Kubernetes')
    .usage('[flags] [command]')
    .argument('[command...]')
    .action((args: string[], _opts: unknown, c: Command) => {
      if (args.length > 0) throw new Error(`unknown command "${args[0]}" for "kelos"`);
      c.outputHelp();
    });
  for (const sub of [
    runCommand(ctx, registry),
    createCommand(ctx, registry),
    getCommand(ctx, registry),
    logsCommand(ctx, registry),
    deleteCommand(ctx, registry),
    suspendCommand(ctx, registry),
    resumeCommand(ctx, registry),
    initCommand(ctx),
    installCommand(ctx),
    uninstallCommand(ctx),
    versionCommand(ctx),
    completionCommand(ctx, registry),
  ]) {
    program.addCommand(sub);
  }
  configureTree(program, ctx);
  return { program, registry };
}

/**
 * Settings every command needs (addCommand does not inherit them): the
 * persistent flags on every level so they may appear anywhere, output to the
 * injected streams, and errors thrown instead of exiting, so that runCli
 * prints `Error: <msg>` once, without usage.
 */
function configureTree(cmd: Command, ctx: CliContext): void {
  addGlobalOptions(cmd);
  cmd
    .exitOverride()
    .showHelpAfterError(false)
    .configureOutput({
      writeOut: (s) => void ctx.stdout.write(s),
      writeErr: (s) => void ctx.stderr.write(s),
      outputError: () => undefined,
    });
  for (const sub of cmd.commands) configureTree(sub, ctx);
}
