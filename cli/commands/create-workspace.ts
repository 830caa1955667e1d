/** `kelos create workspace|ws <name> --repo ...`. */
import { Command } from 'commander';
import { stringify } from 'yaml';
import type { Workspace } from '../../functions/core/api/types.js';
import { API_VERSION } from '../../functions/core/api/constants.js';
import type { CliContext } from '../context.js';
import { openSession } from '../context.js';
import type { CompletionRegistry } from '../completion/registry.js';
import { resourceNames } from '../completion/names.js';
import { WORKSPACE } from '../resources.js';
import { applyChanges, confirmChanges, planSecret, type Change } from '../changes.js';
import { oneName, requireFlag } from './options.js';

interface Options {
  repo?: string;
  ref?: string;
  secret?: string;
  token?: string;
  dryRun?: boolean;
  yes?: boolean;
}

const USAGE =
  'Usage: kelos create workspace <name> --repo <url> [--ref <ref>] [--secret <name> | --token <token>]';

export function createWorkspaceCommand(ctx: CliContext, reg: CompletionRegistry): Command {
  const cmd = new Command('workspace')
    .alias('ws')
    .description('Create a Workspace')
    .argument('[name...]')
    .option('--repo <url>', 'git repository URL (required)')
    .option('--ref <ref>', 'git ref to check out')
    .option('--secret <name>', 'existing Secret holding GITHUB_TOKEN')
    .option('--token <token>', 'GitHub token; stored in the Secret <name>-credentials')
    .option('--dry-run', 'print the Workspace without creating it')
    .option('-y, --yes', 'skip confirmation prompts')
    .action(async (args: string[], opts: Options, c: Command) => createWorkspace(ctx, c, args, opts));
  reg.setArgs(cmd, resourceNames(WORKSPACE));
  return cmd;
}

async function createWorkspace(ctx: CliContext, cmd: Command, args: string[], opts: Options): Promise<void> {
  const name = oneName(args, 'workspace name', `workspace name is required\n${USAGE}`);
  const repo = requireFlag(opts.repo, 'repo');
  if (opts.secret && opts.token) throw new Error('cannot specify both --secret and --token');
  const { kube, namespace } = await openSession(ctx, cmd, Boolean(opts.dryRun));
  const secretName = opts.token ? `${name}-credentials` : opts.secret;
  const ws: Workspace = {
    apiVersion: API_VERSION,
    kind: 'Workspace',
    metadata: { name, namespace },
    spec: {
      repo,
      ...(opts.ref ? { ref: opts.ref } : {}),
      ...(secretName ? { secretRef: { name: secretName } } : {}),
    },
  };
  if (opts.dryRun) {
    ctx.stdout.write(stringify(ws));
    return;
  }
  const failCreate = (err: unknown): never => {
    throw new Error(`creating workspace: ${(err as Error).message}`, { cause: err });
  };
  // Validated by the API server (schema, AlreadyExists) before the token Secret is written.
  await kube.create(ws, { dryRun: true }).catch(failCreate);
  const changes: Change[] = [];
  if (opts.token) {
    const c = await planSecret(
      kube,
      { namespace, name: `${name}-credentials` },
      { GITHUB_TOKEN: opts.token },
    );
    if (c) changes.push(c);
  }
  await confirmChanges(ctx, changes, Boolean(opts.yes));
  await applyChanges(changes);
  await kube.create(ws).catch(failCreate);
  ctx.stdout.write(`workspace/${name} created\n`);
}
