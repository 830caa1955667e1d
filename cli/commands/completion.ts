/** `kelos completion <shell>` and the hidden `kelos __complete`. */
import { Command } from 'commander';
import type { CliContext } from '../context.js';
import type { CompletionRegistry } from '../completion/registry.js';
import { complete, NO_FILE_COMP } from '../completion/complete.js';
import { completionScript, SHELLS } from '../completion/scripts.js';

export function completionCommand(ctx: CliContext, reg: CompletionRegistry): Command {
  const cmd = new Command('completion')
    .description(`Generate the autocompletion script for the specified shell (${SHELLS.join(', ')})`)
    .argument('[shell...]')
    .action((args: string[]) => {
      if (args.length !== 1) throw new Error(`accepts 1 arg(s), received ${args.length}`);
      ctx.stdout.write(completionScript(args[0] as string));
    });
  reg.setArgs(cmd, async (_c, _g, args) => (args.length === 0 ? [...SHELLS] : []));
  return cmd;
}

/**
 * `kelos __complete ...` is answered before commander parses anything: its
 * words are a partial command line whose flags must not be taken as its own.
 */
export async function runComplete(
  ctx: CliContext,
  reg: CompletionRegistry,
  root: Command,
  args: string[],
): Promise<void> {
  const candidates = await complete(ctx, root, reg, args);
  for (const c of candidates) ctx.stdout.write(`${c}\n`);
  ctx.stdout.write(`:${NO_FILE_COMP}\n`);
  ctx.stderr.write('Completion ended with directive: ShellCompDirectiveNoFileComp\n');
}
