/**
 * What `kelos __complete` offers for a command's positional arguments and flag
 * values. Commands register here when they are built; nothing is global.
 */
import type { Command } from 'commander';
import type { CliContext, GlobalOptions } from '../context.js';

export type Completer = (ctx: CliContext, globals: GlobalOptions, args: string[]) => Promise<string[]>;

export class CompletionRegistry {
  private readonly args = new WeakMap<Command, Completer>();
  private readonly flags = new WeakMap<Command, Map<string, Completer>>();

  argsOf(cmd: Command): Completer | undefined {
    return this.args.get(cmd);
  }

  flagOf(cmd: Command, longFlag: string): Completer | undefined {
    return this.flags.get(cmd)?.get(longFlag);
  }

  setArgs(cmd: Command, fn: Completer): void {
    this.args.set(cmd, fn);
  }

  setFlag(cmd: Command, longFlag: string, values: readonly string[] | Completer): void {
    const fn: Completer = typeof values === 'function' ? values : () => Promise.resolve([...values]);
    const map = this.flags.get(cmd) ?? new Map<string, Completer>();
    map.set(longFlag, fn);
    this.flags.set(cmd, map);
  }
}
