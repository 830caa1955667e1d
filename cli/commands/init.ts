/** `kelos init [-f]`: write the commented config template (dir 0700, file 0600). */
import { Command } from 'commander';
import { chmod, mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CliContext } from '../context.js';
import { configPath, globalOptions } from '../context.js';
import { CONFIG_TEMPLATE, nextSteps } from '../config/init-template.js';

export function initCommand(ctx: CliContext): Command {
  return new Command('init')
    .description('Create a config file with a commented template')
    .option('-f, --force', 'overwrite an existing config file')
    .action(async (opts: { force?: boolean }, c: Command) => {
      const path = configPath(ctx, globalOptions(c));
      const exists = await stat(path).then(
        () => true,
        () => false,
      );
      if (exists && !opts.force)
        throw new Error(`config file already exists: ${path} (use --force to overwrite)`);
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      await writeFile(path, CONFIG_TEMPLATE, { mode: 0o600 });
      await chmod(path, 0o600); // writeFile's mode only applies when it creates the file
      ctx.stdout.write(nextSteps(path));
    });
}
