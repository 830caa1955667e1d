/**
 * report-github: spawn's dev.kelos.taskspawner.spawned (a new Task from a
 * GitHub item: spawned-task.ts), Task events (the functions' own
 * dev.kelos.task.*, and ApiServerSource's where a Trigger sends them) and
 * resync ticks. An event reports its Task (unless the event itself shows the
 * Task has no GitHub origin: may-need-report.ts); a tick sweeps every Task
 * recorded as spawned from a GitHub item whose current state is not yet on
 * GitHub (reported.ts), so a lost event is made good within one tick.
 */
import { API_VERSION } from '../core/api/constants.js';
import type { Handler, HandlerDeps, HandlerResult } from '../core/runtime/contract.js';
import { sweep } from '../core/runtime/sweep.js';
import { LABEL_GITHUB_KIND } from '../core/task/github-origin.js';
import type { TaskObject } from '../core/task/objects.js';
import type { ReportConfig } from './config.js';
import { mayNeedReport } from './may-need-report.js';
import { reportedCondition } from './report-condition.js';
import { newReportState, type ReportState } from './report-state.js';
import { reportTask } from './report-task.js';
import { spawnedTask } from './spawned-task.js';
import { alreadyReported } from './reported.js';

export function makeHandler(state: ReportState = newReportState()): Handler<ReportConfig> {
  return async (request, deps) => {
    if (request.type === 'resync') return resync({ ...deps, state });
    if (request.type !== 'object' || request.apiVersion !== API_VERSION) return 'ignored';
    if (request.kind === 'TaskSpawner') {
      const task = spawnedTask(request);
      if (!task) return 'ignored';
      const log = deps.log.child({ namespace: task.namespace, name: task.name });
      return reportTask({ ...deps, log, state }, task.namespace, task.name);
    }
    if (request.kind !== 'Task') return 'ignored';
    if (request.verb === 'delete' || !mayNeedReport(request)) return 'ignored';
    return reportTask({ ...deps, state }, request.namespace, request.name);
  };
}

export const handle = makeHandler();

async function resync(deps: HandlerDeps<ReportConfig> & { state: ReportState }): Promise<HandlerResult> {
  const target = {
    apiVersion: API_VERSION,
    kind: 'Task',
    labelSelector: LABEL_GITHUB_KIND,
    ...(deps.config.watchNamespace ? { namespace: deps.config.watchNamespace } : {}),
  };
  await sweep<TaskObject>(deps, target, async (task) => {
    // Decided from the listed copy, no read and no GitHub call: GitHub already shows the
    // Task as it is (its condition says so), or GitHub refused (retried on the Task's next
    // event, not every tick). A Task that moved on without its event is reported.
    if (alreadyReported(task) || reportedCondition(task)?.status === 'False') return;
    await reportTask(
      { ...deps, log: deps.log.child({ namespace: task.metadata.namespace, name: task.metadata.name }) },
      task.metadata.namespace,
      task.metadata.name,
    );
  });
  return 'handled';
}
