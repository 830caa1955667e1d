/** Small option helpers shared by the verbs. */
import { Command, Option } from 'commander';

/** Repeatable string flag (cobra StringArray). */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Repeatable, comma-separated string flag (cobra StringSlice). */
export function collectSlice(value: string, previous: string[] | undefined): string[] {
  return [
    ...(previous ?? []),
    ...value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
  ];
}

/** True when the user gave the option (not just its default). */
export function given(cmd: Command, key: string): boolean {
  const source = cmd.getOptionValueSource(key);
  return source !== undefined && source !== 'default';
}

/** The persistent flags of the original root command, added to every command (see program.ts). */
export function addGlobalOptions(cmd: Command): void {
  cmd.addOption(new Option('--config <path>', 'path to config file (default "~/.kelos/config.yaml")'));
  cmd.addOption(new Option('--kubeconfig <path>', 'path to kubeconfig file'));
  cmd.addOption(new Option('-n, --namespace <namespace>', 'Kubernetes namespace'));
}

/** Rejects more than one positional name, in the original's words. */
export function oneName(args: string[], what: string, required: string): string {
  if (args.length > 1) throw new Error(`too many arguments: expected 1 ${what}, got ${args.length}`);
  const [name] = args;
  if (!name) throw new Error(required);
  return name;
}

export function requireFlag(value: string | undefined, flag: string): string {
  if (!value) throw new Error(`required flag(s) "${flag}" not set`);
  return value;
}
