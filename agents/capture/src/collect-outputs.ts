/**
 * Decides the output lines of kelos-capture (KELOS-BEHAVIOUR §5.1): branch, PRs
 * (also in the upstream repo), commit, base branch, then token usage. All I/O
 * comes in through `deps`, so tests drive it with scripted command results.
 * Extra `key: value` lines from the results file (a custom image's own
 * results) come last.
 */
import { parseUsage } from './usage.js';

export interface CommandResult {
  ok: boolean;
  stdout: string;
}

export interface CaptureDeps {
  run(cmd: string, args: string[]): Promise<CommandResult>;
  /** The agent's JSON-lines output, or undefined when the file is missing. */
  readAgentOutput(): Promise<string | undefined>;
  /** Extra `key: value` lines the agent or a custom entrypoint left for the capture (KELOS_RESULTS_FILE), if any. */
  readExtraResults?(): Promise<string | undefined>;
  env: Record<string, string | undefined>;
}

function prLines(stdout: string): string[] {
  try {
    const entries: unknown = JSON.parse(stdout);
    if (!Array.isArray(entries)) return [];
    return entries
      .map((e: unknown) => (e !== null && typeof e === 'object' ? (e as { url?: unknown }).url : undefined))
      .filter((u): u is string => typeof u === 'string' && u !== '')
      .map((u) => `pr: ${u}`);
  } catch {
    return [];
  }
}

async function prs(deps: CaptureDeps, branch: string, repo?: string): Promise<string[]> {
  const args = ['pr', 'list', '--head', branch, '--json', 'url'];
  if (repo !== undefined) args.push('--repo', repo);
  const r = await deps.run('gh', args);
  return r.ok ? prLines(r.stdout) : [];
}

async function gitLines(deps: CaptureDeps): Promise<string[]> {
  const lines: string[] = [];
  const branch = await deps.run('git', ['branch', '--show-current']);
  const name = branch.ok ? branch.stdout.trim() : '';
  if (name !== '') {
    lines.push(`branch: ${name}`);
    lines.push(...(await prs(deps, name)));
    const upstream = deps.env['KELOS_UPSTREAM_REPO'];
    if (upstream) lines.push(...(await prs(deps, name, upstream)));
  }
  const head = await deps.run('git', ['rev-parse', 'HEAD']);
  if (head.ok && head.stdout.trim() !== '') lines.push(`commit: ${head.stdout.trim()}`);
  return lines;
}

async function baseBranch(deps: CaptureDeps, inRepo: boolean): Promise<string> {
  const fromEnv = deps.env['KELOS_BASE_BRANCH'];
  if (fromEnv) return fromEnv;
  if (!inRepo) return '';
  const r = await deps.run('git', ['symbolic-ref', 'refs/remotes/origin/HEAD']);
  return r.ok ? r.stdout.trim().replace(/^refs\/remotes\/origin\//, '') : '';
}

/** The `key: value` lines of the extra results file, trimmed; anything else (blank lines, markers, prose) is skipped. */
export function extraResultLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^[^\s:][^:]*: /.test(l) && !l.startsWith('---KELOS_OUTPUTS'));
}

export async function collectOutputs(deps: CaptureDeps): Promise<string[]> {
  const inside = await deps.run('git', ['rev-parse', '--is-inside-work-tree']);
  const inRepo = inside.ok && inside.stdout.trim() === 'true';
  const lines = inRepo ? await gitLines(deps) : [];
  const base = await baseBranch(deps, inRepo);
  if (base !== '') lines.push(`base-branch: ${base}`);
  const output = await deps.readAgentOutput();
  if (output !== undefined) {
    lines.push(...parseUsage(deps.env['KELOS_AGENT_TYPE'] ?? '', output).map(([k, v]) => `${k}: ${v}`));
  }
  lines.push(...extraResultLines((await deps.readExtraResults?.()) ?? ''));
  return lines;
}
