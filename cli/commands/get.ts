/** `kelos get task|taskspawner|workspace|agentconfig [name]`: tables, details, YAML/JSON. */
import { Command, Option } from 'commander';
import type { Writable } from 'node:stream';
import type { AnyObject } from '../kube/client.js';
import { API_VERSION } from '../../functions/core/api/constants.js';
import {
  TASK_PHASES,
  type AgentConfig,
  type Task,
  type TaskSpawner,
  type Workspace,
} from '../../functions/core/api/types.js';
import type { CliContext } from '../context.js';
import { openSession } from '../context.js';
import type { CompletionRegistry } from '../completion/registry.js';
import { resourceNames } from '../completion/names.js';
import {
  AGENTCONFIG,
  TASK,
  TASKSPAWNER,
  WORKSPACE,
  notFoundMessage,
  ref,
  type ResourceInfo,
} from '../resources.js';
import {
  asItem,
  asList,
  checkOutputFormat,
  OUTPUT_FORMATS,
  printStructured,
} from '../printers/structured.js';
import { printTaskDetail, printTaskTable } from '../printers/task-printer.js';
import { printTaskSpawnerDetail, printTaskSpawnerTable } from '../printers/taskspawner-printer.js';
import { printWorkspaceDetail, printWorkspaceTable } from '../printers/workspace-printer.js';
import { printAgentConfigDetail, printAgentConfigTable } from '../printers/agentconfig-printer.js';
import { collectSlice } from './options.js';

interface Printers<T> {
  table(out: Writable, items: T[], now: Date, allNamespaces: boolean): void;
  detail(out: Writable, item: T, now: Date): void;
}

interface GetOptions {
  output?: string;
  detail?: boolean;
  allNamespaces?: boolean;
  phase?: string[];
}

const PHASE_LIST = 'Pending, Running, Waiting, Succeeded, Failed';

export function validatePhases(phases: string[]): void {
  for (const p of phases) {
    if (!(TASK_PHASES as readonly string[]).includes(p))
      throw new Error(`unknown phase "${p}": must be one of ${PHASE_LIST}`);
  }
}

export function filterTasksByPhase(tasks: Task[], phases: string[]): Task[] {
  if (phases.length === 0) return tasks;
  return tasks.filter((t) => phases.includes(t.status?.phase ?? ''));
}

export function getCommand(ctx: CliContext, reg: CompletionRegistry): Command {
  const cmd = new Command('get')
    .description('Display one or many resources')
    .argument('[args...]')
    .action(() => {
      throw new Error('must specify a resource type');
    });
  const task = sub(ctx, reg, TASK, {
    table: (o, i: Task[], n, a) => printTaskTable(o, i, n, a),
    detail: (o, t: Task, n) => printTaskDetail(o, t, n),
  });
  task.addOption(
    new Option(
      '--phase <phases>',
      `filter by phase (${PHASE_LIST}); repeatable or comma-separated`,
    ).argParser(collectSlice),
  );
  reg.setFlag(task, '--phase', [...TASK_PHASES]);
  cmd.addCommand(task);
  cmd.addCommand(
    sub(ctx, reg, TASKSPAWNER, {
      table: (o, i: TaskSpawner[], n, a) => printTaskSpawnerTable(o, i, n, a),
      detail: (o, t: TaskSpawner) => printTaskSpawnerDetail(o, t),
    }),
  );
  cmd.addCommand(
    sub(ctx, reg, WORKSPACE, {
      table: (o, i: Workspace[], n, a) => printWorkspaceTable(o, i, n, a),
      detail: (o, w: Workspace) => printWorkspaceDetail(o, w),
    }),
  );
  cmd.addCommand(
    sub(ctx, reg, AGENTCONFIG, {
      table: (o, i: AgentConfig[], n, a) => printAgentConfigTable(o, i, n, a),
      detail: (o, w: AgentConfig) => printAgentConfigDetail(o, w),
    }),
  );
  return cmd;
}

function sub<T extends AnyObject>(
  ctx: CliContext,
  reg: CompletionRegistry,
  r: ResourceInfo,
  printers: Printers<T>,
): Command {
  const cmd = new Command(r.name)
    .aliases(r.aliases)
    .description(`Get ${r.human}s`)
    .argument('[name...]')
    .option('-o, --output <format>', 'output format (yaml, json)')
    .option('-d, --detail', 'show details of a single resource', false)
    .option('-A, --all-namespaces', 'list across all namespaces')
    .action(async (args: string[], opts: GetOptions, c: Command) => get(ctx, c, r, printers, args, opts));
  reg.setArgs(cmd, resourceNames(r));
  reg.setFlag(cmd, '--output', OUTPUT_FORMATS);
  return cmd;
}

async function get<T extends AnyObject>(
  ctx: CliContext,
  cmd: Command,
  r: ResourceInfo,
  printers: Printers<T>,
  args: string[],
  opts: GetOptions,
): Promise<void> {
  if (args.length > 1) throw new Error(`accepts at most 1 arg(s), received ${args.length}`);
  const format = opts.output === undefined ? undefined : checkOutputFormat(opts.output);
  const phases = opts.phase ?? [];
  validatePhases(phases);
  const [name] = args;
  if (name && opts.allNamespaces)
    throw new Error('a resource cannot be retrieved by name across all namespaces');
  const { kube, namespace } = await openSession(ctx, cmd);
  const now = ctx.now();
  const wrap = (err: unknown): never => {
    throw new Error(`getting ${r.name}: ${(err as Error).message}`, { cause: err });
  };
  if (name) {
    const item = await kube.get<T>(ref(r, namespace, name)).catch(wrap);
    if (!item) throw new Error(`getting ${r.name}: ${notFoundMessage(r, name)}`);
    if (format) printStructured(ctx.stdout, format, asItem(r.kind, item));
    else if (opts.detail) printers.detail(ctx.stdout, item, now);
    else printers.table(ctx.stdout, [item], now, false);
    return;
  }
  let items = await kube.list<T>(API_VERSION, r.kind, opts.allNamespaces ? undefined : namespace).catch(wrap);
  if (r === TASK) items = filterTasksByPhase(items as unknown as Task[], phases) as unknown as T[];
  if (format) printStructured(ctx.stdout, format, asList(r.kind, items));
  else printers.table(ctx.stdout, items, now, Boolean(opts.allNamespaces));
}
