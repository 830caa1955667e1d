/** `kelos run -w`: poll the Task, print each phase change, fail when the Task fails. */
import type { Task } from '../../functions/core/api/types.js';
import type { CliContext } from '../context.js';
import type { CliKube } from '../kube/client.js';
import { TASK, notFoundMessage, ref } from '../resources.js';

export async function watchTask(
  ctx: CliContext,
  kube: CliKube,
  namespace: string,
  name: string,
): Promise<void> {
  let last: string | undefined;
  for (;;) {
    const task = await kube.get<Task>(ref(TASK, namespace, name));
    if (!task) throw new Error(`watching task: ${notFoundMessage(TASK, name)}`);
    const phase = task.status?.phase ?? '';
    if (phase && phase !== last) {
      ctx.stdout.write(`task/${name} ${phase}\n`);
      last = phase;
    }
    if (phase === 'Succeeded') return;
    if (phase === 'Failed') {
      const why = task.status?.message;
      throw new Error(`task "${name}" failed${why ? `: ${why}` : ''}`);
    }
    await ctx.sleep(ctx.pollMs);
  }
}
