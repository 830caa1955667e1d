/** `kelos suspend|resume taskspawner <name>`: flip spec.suspend, retrying on conflicts. */
import { Command } from 'commander';
import type { TaskSpawner } from '../../functions/core/api/types.js';
import type { CliContext } from '../context.js';
import { openSession } from '../context.js';
import type { CompletionRegistry } from '../completion/registry.js';
import { resourceNames } from '../completion/names.js';
import { isConflict } from '../kube/errors.js';
import { TASKSPAWNER, notFoundMessage, ref } from '../resources.js';
import { oneName } from './options.js';

export function suspendCommand(ctx: CliContext, reg: CompletionRegistry): Command {
  return verb(ctx, reg, 'suspend', true);
}

export function resumeCommand(ctx: CliContext, reg: CompletionRegistry): Command {
  return verb(ctx, reg, 'resume', false);
}

function verb(ctx: CliContext, reg: CompletionRegistry, name: string, suspend: boolean): Command {
  const cmd = new Command(name)
    .description(
      suspend ? 'Suspend a TaskSpawner (no new Tasks are created)' : 'Resume a suspended TaskSpawner',
    )
    .argument('[args...]')
    .action(() => {
      throw new Error('must specify a resource type');
    });
  const sub = new Command(TASKSPAWNER.name)
    .aliases(TASKSPAWNER.aliases)
    .description(`${suspend ? 'Suspend' : 'Resume'} a TaskSpawner`)
    .argument('[name...]')
    .action(async (args: string[], _o: unknown, c: Command) => setSuspend(ctx, c, args, suspend));
  reg.setArgs(sub, resourceNames(TASKSPAWNER));
  cmd.addCommand(sub);
  return cmd;
}

async function setSuspend(ctx: CliContext, cmd: Command, args: string[], suspend: boolean): Promise<void> {
  const name = oneName(args, 'task spawner name', 'task spawner name is required');
  const { kube, namespace } = await openSession(ctx, cmd);
  for (;;) {
    const ts = await kube.get<TaskSpawner>(ref(TASKSPAWNER, namespace, name));
    if (!ts) throw new Error(`getting taskspawner: ${notFoundMessage(TASKSPAWNER, name)}`);
    if (Boolean(ts.spec.suspend) === suspend) {
      ctx.stdout.write(`taskspawner/${name} ${suspend ? 'is already suspended' : 'is not suspended'}\n`);
      return;
    }
    try {
      await kube.replace({ ...ts, spec: { ...ts.spec, suspend } });
    } catch (err) {
      if (isConflict(err)) continue;
      throw new Error(`updating taskspawner: ${(err as Error).message}`, { cause: err });
    }
    ctx.stdout.write(`taskspawner/${name} ${suspend ? 'suspended' : 'resumed'}\n`);
    return;
  }
}
