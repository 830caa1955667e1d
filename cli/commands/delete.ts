/** `kelos delete task|workspace|taskspawner|agentconfig <name> | --all`. */
import { Command } from 'commander';
import { API_VERSION } from '../../functions/core/api/constants.js';
import type { CliContext } from '../context.js';
import { openSession } from '../context.js';
import type { CompletionRegistry } from '../completion/registry.js';
import { resourceNames } from '../completion/names.js';
import { isNotFound } from '../kube/errors.js';
import { AGENTCONFIG, TASK, TASKSPAWNER, WORKSPACE, ref, type ResourceInfo } from '../resources.js';

export function deleteCommand(ctx: CliContext, reg: CompletionRegistry): Command {
  const cmd = new Command('delete')
    .description('Delete resources')
    .argument('[args...]')
    .action(() => {
      throw new Error('must specify a resource type');
    });
  for (const r of [TASK, WORKSPACE, TASKSPAWNER, AGENTCONFIG]) cmd.addCommand(sub(ctx, reg, r));
  return cmd;
}

function sub(ctx: CliContext, reg: CompletionRegistry, r: ResourceInfo): Command {
  const cmd = new Command(r.name)
    .aliases(r.aliases)
    .description(`Delete a ${r.human} (or all with --all)`)
    .argument('[name...]')
    .option('--all', `delete all ${r.human}s in the namespace`)
    .action(async (args: string[], opts: { all?: boolean }, c: Command) =>
      del(ctx, c, r, args, Boolean(opts.all)),
    );
  reg.setArgs(cmd, resourceNames(r));
  return cmd;
}

async function del(
  ctx: CliContext,
  cmd: Command,
  r: ResourceInfo,
  args: string[],
  all: boolean,
): Promise<void> {
  if (all && args.length > 0) throw new Error(`cannot specify ${r.human} name with --all`);
  if (args.length > 1) throw new Error(`too many arguments: expected 1 ${r.human} name, got ${args.length}`);
  if (!all && args.length === 0) throw new Error(`${r.human} name is required (or use --all)`);
  const { kube, namespace } = await openSession(ctx, cmd);
  const names = all
    ? (await kube.list(API_VERSION, r.kind, namespace)).map((i) => i.metadata.name ?? '')
    : [args[0] as string];
  if (names.length === 0) {
    ctx.stdout.write(`${r.noneFound}\n`);
    return;
  }
  for (const name of names) {
    try {
      await kube.delete(ref(r, namespace, name));
    } catch (err) {
      // With --all, one that vanished since the list is already what was asked for.
      if (all && isNotFound(err)) continue;
      throw new Error(`deleting ${r.name}: ${(err as Error).message}`, { cause: err });
    }
    ctx.stdout.write(`${r.name}/${name} deleted\n`);
  }
}
