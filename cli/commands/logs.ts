/** `kelos logs <task> [-f]`: init-container then agent logs, pretty-printed per agent. */
import { Command } from 'commander';
import { Writable } from 'node:stream';
import type { Task } from '../../functions/core/api/types.js';
import type { CliContext } from '../context.js';
import { openSession } from '../context.js';
import type { CompletionRegistry } from '../completion/registry.js';
import { resourceNames } from '../completion/names.js';
import type { CliKube } from '../kube/client.js';
import { TASK, notFoundMessage, ref } from '../resources.js';
import { formatterFor, lineWriter } from '../logs/format-logs.js';

export const GIT_CLONE_CONTAINER = 'git-clone';

export function logsCommand(ctx: CliContext, reg: CompletionRegistry): Command {
  const cmd = new Command('logs')
    .description("Show a Task's agent logs")
    .argument('[name...]')
    .option('-f, --follow', 'stream the logs as the Task runs')
    .action(async (args: string[], opts: { follow?: boolean }, c: Command) =>
      logs(ctx, c, args, Boolean(opts.follow)),
    );
  reg.setArgs(cmd, resourceNames(TASK));
  return cmd;
}

async function logs(ctx: CliContext, cmd: Command, args: string[], follow: boolean): Promise<void> {
  const [name] = args;
  if (!name) throw new Error('task name is required');
  if (args.length > 1) throw new Error(`too many arguments: expected 1 task name, got ${args.length}`);
  const { kube, namespace } = await openSession(ctx, cmd);
  const task = await waitForPod(ctx, kube, namespace, name, follow);
  const pod = task.status?.podName ?? '';
  if (follow && task.spec.workspaceRef) {
    ctx.stderr.write('Streaming init container (git-clone) logs...\n');
    await streamWithRetry(ctx, kube, {
      namespace,
      pod,
      container: GIT_CLONE_CONTAINER,
      follow,
      out: passThrough(ctx.stdout),
    });
  }
  if (follow) ctx.stderr.write(`Streaming container (${task.spec.type}) logs...\n`);
  const out = lineWriter(formatterFor(task.spec.type, { stdout: ctx.stdout, stderr: ctx.stderr }));
  await streamWithRetry(ctx, kube, { namespace, pod, container: task.spec.type, follow, out });
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
}

async function waitForPod(
  ctx: CliContext,
  kube: CliKube,
  namespace: string,
  name: string,
  follow: boolean,
): Promise<Task> {
  let announced = false;
  let last: string | undefined;
  for (;;) {
    const task = await kube.get<Task>(ref(TASK, namespace, name)).catch((err: unknown) => {
      throw new Error(`getting task: ${(err as Error).message}`, { cause: err });
    });
    if (!task) throw new Error(`getting task: ${notFoundMessage(TASK, name)}`);
    if (task.status?.podName) return task;
    if (!follow) throw new Error(`task "${name}" has no pod yet`);
    const phase = task.status?.phase ?? '';
    if (!announced) ctx.stderr.write(`Waiting for task "${name}" to start...\n`);
    announced = true;
    if (phase === 'Failed') {
      throw new Error(`task "${name}" failed before starting: ${task.status?.message || 'unknown error'}`);
    }
    if (phase && phase !== last) ctx.stderr.write(`task/${name} ${phase}\n`);
    last = phase;
    await ctx.sleep(ctx.pollMs);
  }
}

/** In follow mode a container that has not started yet is retried every poll interval. */
async function streamWithRetry(
  ctx: CliContext,
  kube: CliKube,
  req: { namespace: string; pod: string; container: string; follow: boolean; out: Writable },
): Promise<void> {
  for (;;) {
    try {
      await kube.streamLogs(req);
      return;
    } catch (err) {
      const message = (err as Error).message ?? '';
      const notStarted = message.includes('is waiting to start') || message.includes('PodInitializing');
      if (!req.follow || !notStarted) throw new Error(`streaming logs: ${message}`, { cause: err });
      await ctx.sleep(ctx.pollMs);
    }
  }
}

/** Writes to stdout without ever ending it. */
function passThrough(out: Writable): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      out.write(chunk);
      done();
    },
  });
}
