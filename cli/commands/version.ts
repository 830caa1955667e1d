/** `kelos version`. */
import { Command } from 'commander';
import type { CliContext } from '../context.js';
import { CLI_VERSION } from '../version.js';

export function versionCommand(ctx: CliContext): Command {
  return new Command('version').description('Print the kelos version').action(() => {
    ctx.stdout.write(`${CLI_VERSION}\n`);
  });
}
