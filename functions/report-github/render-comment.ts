/**
 * The status comment's text for a Task as read (pure, deterministic: the same
 * Task gives the same text, so an unchanged state is never re-sent). First
 * line is the hidden marker (marker.ts); then one headline per phase and, when
 * finished, the branch, PR, tokens and cost, or the failure and where the logs are.
 */
import type { Task } from '../core/api/types.js';
import { formatMarker } from './marker.js';
import { phaseRank, reportPhase, type ReportPhase } from './phase-rank.js';

const HEADLINE: Record<ReportPhase, string> = {
  Queued: '⏳ **Queued**: the Task was created and will start shortly.',
  Waiting: '⏸️ **Waiting**',
  Pending: '🚀 **Starting**: the agent Pod is being scheduled.',
  Running: '🏃 **Running**: the agent is working on it.',
  Succeeded: '✅ **Succeeded**',
  Failed: '❌ **Failed**',
};

/** `1h2m3s` style, from two RFC 3339 times; undefined when either is missing. */
export function elapsed(from: string | undefined, to: string | undefined): string | undefined {
  const ms = Date.parse(to ?? '') - Date.parse(from ?? '');
  if (!Number.isFinite(ms) || ms < 0) return undefined;
  const s = Math.round(ms / 1000);
  const parts = [
    [Math.floor(s / 3600), 'h'],
    [Math.floor((s % 3600) / 60), 'm'],
    [s % 60, 's'],
  ] as const;
  return parts
    .filter(([n], i) => n > 0 || (i === 2 && s < 60))
    .map(([n, u]) => `${n}${u}`)
    .join('');
}

function inline(text: string): string {
  // One line, no backticks breaking out of the code span.
  return text.replace(/\s+/g, ' ').replace(/`/g, "'").trim();
}

export function finishedLines(task: Task): string[] {
  const status = task.status ?? {};
  const results = status.results ?? {};
  const lines: string[] = [];
  const branch = results['branch'] || task.spec.branch;
  if (branch) lines.push(`- Branch: \`${inline(branch)}\``);
  if (results['pr']) lines.push(`- Pull request: ${inline(results['pr'])}`);
  if (results['commit']) lines.push(`- Commit: \`${inline(results['commit'])}\``);
  const usage = status.usage;
  if (usage?.inputTokens !== undefined || usage?.outputTokens !== undefined) {
    lines.push(`- Tokens: ${usage.inputTokens ?? 0} in, ${usage.outputTokens ?? 0} out`);
  }
  if (usage?.costUSD) lines.push(`- Cost: $${inline(usage.costUSD)}`);
  return lines;
}

export function renderComment(task: Task, spawner: string): string {
  const phase = reportPhase(task);
  const ns = task.metadata.namespace ?? '';
  const name = task.metadata.name ?? '';
  const status = task.status ?? {};
  const lines = [
    formatMarker({ uid: task.metadata.uid ?? '', rank: phaseRank(phase), task: `${ns}/${name}`, phase }),
  ];
  const took = elapsed(status.startTime, status.completionTime);
  if (phase === 'Waiting') {
    lines.push(`${HEADLINE.Waiting}: ${inline(status.message || 'waiting for its dependencies')}`);
  } else if (phase === 'Succeeded' || phase === 'Failed') {
    lines.push(took ? `${HEADLINE[phase]} after ${took}.` : `${HEADLINE[phase]}.`);
  } else {
    lines.push(HEADLINE[phase]);
  }
  if (phase === 'Failed') {
    lines.push('', `> ${inline(status.message || 'the agent failed')}`);
  }
  if (phase === 'Succeeded' || phase === 'Failed') {
    const done = finishedLines(task);
    if (done.length > 0) lines.push('', ...done);
  }
  if (phase === 'Failed') {
    lines.push(
      '',
      `Logs: \`kelos logs ${name} -n ${ns}\` (or \`kubectl logs pod/${status.podName || name} -n ${ns}\`).`,
    );
  }
  lines.push(
    '',
    `<sub>Kelos Task \`${ns}/${name}\` (${task.spec.type}) from TaskSpawner \`${spawner}\`</sub>`,
  );
  return lines.join('\n');
}
