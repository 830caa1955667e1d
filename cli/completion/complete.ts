/**
 * The hidden `kelos __complete <args...> <toComplete>` command, in cobra's
 * protocol: one candidate per line, then `:<directive>` (always 4,
 * NoFileComp). The shell scripts of `kelos completion` call it.
 */
import type { Command, Option } from 'commander';
import type { CliContext, GlobalOptions } from '../context.js';
import type { CompletionRegistry } from './registry.js';

export const NO_FILE_COMP = 4;

interface Position {
  cmd: Command;
  positionals: string[];
  globals: GlobalOptions;
  /** The option whose value is being completed, if any. */
  pendingOption?: Option | undefined;
}

function findOption(cmd: Command, flag: string): Option | undefined {
  for (let c: Command | null = cmd; c; c = c.parent) {
    const o = c.options.find((opt) => opt.long === flag || opt.short === flag);
    if (o) return o;
  }
  return undefined;
}

function setGlobal(globals: GlobalOptions, opt: Option, value: string): void {
  const key = opt.attributeName();
  if (key === 'config' || key === 'kubeconfig' || key === 'namespace') globals[key] = value;
}

/** Walks the words before the one being completed: subcommands, flags (and their values), positionals. */
export function locate(root: Command, words: string[]): Position {
  const pos: Position = { cmd: root, positionals: [], globals: {} };
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (word.startsWith('-') && word !== '-') {
      const [flag, inline] = word.includes('=')
        ? [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)]
        : [word, undefined];
      const opt = findOption(pos.cmd, flag);
      if (opt && (opt.required || opt.optional) && inline === undefined) {
        const value = words[i + 1];
        if (value === undefined) {
          pos.pendingOption = opt;
          return pos;
        }
        setGlobal(pos.globals, opt, value);
        i++;
      } else if (opt && inline !== undefined) setGlobal(pos.globals, opt, inline);
      continue;
    }
    const sub =
      pos.positionals.length === 0
        ? pos.cmd.commands.find((c) => c.name() === word || c.aliases().includes(word))
        : undefined;
    if (sub) pos.cmd = sub;
    else pos.positionals.push(word);
  }
  return pos;
}

export async function complete(
  ctx: CliContext,
  root: Command,
  reg: CompletionRegistry,
  args: string[],
): Promise<string[]> {
  const words = args.slice(0, -1);
  const toComplete = args[args.length - 1] ?? '';
  const pos = locate(root, words);
  let candidates: string[] = [];
  if (pos.pendingOption) {
    const fn = pos.pendingOption.long ? reg.flagOf(pos.cmd, pos.pendingOption.long) : undefined;
    candidates = fn ? await fn(ctx, pos.globals, pos.positionals) : [];
  } else if (toComplete.startsWith('-')) {
    candidates = flagsOf(pos.cmd);
  } else {
    const subs =
      pos.positionals.length === 0 ? pos.cmd.commands.filter((c) => !isHidden(c)).map((c) => c.name()) : [];
    const fn = reg.argsOf(pos.cmd);
    candidates = subs.length > 0 ? subs : fn ? await fn(ctx, pos.globals, pos.positionals) : [];
  }
  return candidates.filter((c) => c.startsWith(toComplete));
}

function flagsOf(cmd: Command): string[] {
  const out: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) {
    for (const o of c.options) if (o.long && !out.includes(o.long) && !o.hidden) out.push(o.long);
  }
  return out;
}

function isHidden(cmd: Command): boolean {
  // commander keeps `hidden` on the instance; the typings do not expose it.
  return (cmd as unknown as { _hidden?: boolean })._hidden === true || cmd.name() === 'help';
}
