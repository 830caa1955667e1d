/** `kelos run`: create a Task (and the credentials it needs), optionally watch it. */
import { Command, Option } from 'commander';
import { stringify } from 'yaml';
import { AGENT_TYPES, CREDENTIAL_TYPES, type Task } from '../../functions/core/api/types.js';
import type { CliContext } from '../context.js';
import { openSession } from '../context.js';
import type { CompletionRegistry } from '../completion/registry.js';
import { applyChanges, confirmChanges, type Change } from '../changes.js';
import { buildTask, parseEnvFlag, parseTimeout, randomTaskName } from '../build-task.js';
import { planCredentials, planInlineWorkspace, INLINE_WORKSPACE } from './run-plan.js';
import { collect, given, requireFlag } from './options.js';
import { watchTask } from './watch-task.js';

interface RunOptions {
  prompt?: string;
  type: string;
  secret?: string;
  credentialType: string;
  model?: string;
  image?: string;
  name?: string;
  workspace?: string;
  watch?: boolean;
  dryRun?: boolean;
  yes?: boolean;
  timeout?: string;
  env?: string[];
  agentConfig?: string;
  dependsOn?: string[];
  branch?: string;
}

export function runCommand(ctx: CliContext, reg: CompletionRegistry): Command {
  const cmd = new Command('run')
    .description('Run an agent Task')
    .option('-p, --prompt <prompt>', 'task prompt (required)')
    .option('-t, --type <type>', 'agent type (claude-code, codex, gemini, opencode)', 'claude-code')
    .option('--secret <name>', 'secret name with credentials (overrides oauthToken/apiKey in config)')
    .option('--credential-type <type>', 'credential type (api-key, oauth)', 'api-key')
    .option('--model <model>', 'model override')
    .option('--image <image>', 'custom agent image (must implement the agent image interface)')
    .option('--name <name>', 'task name (auto-generated if omitted)')
    .option('--workspace <name>', 'name of the Workspace resource to use')
    .option('-w, --watch', 'watch the Task status until it finishes')
    .option('--dry-run', 'print the resources that would be created without submitting them')
    .option('-y, --yes', 'skip confirmation prompts')
    .option('--timeout <duration>', 'maximum run time of the agent (e.g. 30m, 1h)')
    .addOption(
      new Option('--env <NAME=VALUE>', 'extra environment variable for the agent (repeatable)').argParser(
        collect,
      ),
    )
    .option('--agent-config <name>', 'name of the AgentConfig resource to use')
    .addOption(
      new Option('--depends-on <task>', 'Task that must succeed first (repeatable)').argParser(collect),
    )
    .option('--branch <branch>', 'git branch to work on (Tasks on the same branch run one at a time)')
    .action(async (opts: RunOptions, c: Command) => run(ctx, c, opts));
  reg.setFlag(cmd, '--type', AGENT_TYPES);
  reg.setFlag(cmd, '--credential-type', CREDENTIAL_TYPES);
  return cmd;
}

async function run(ctx: CliContext, cmd: Command, opts: RunOptions): Promise<void> {
  // Validate every input before anything is written.
  const prompt = requireFlag(opts.prompt, 'prompt');
  const timeoutSeconds = opts.timeout === undefined ? undefined : parseTimeout(opts.timeout);
  const env = (opts.env ?? []).map(parseEnvFlag);
  const dryRun = Boolean(opts.dryRun);
  const session = await openSession(ctx, cmd, dryRun);
  const { config, kube, namespace } = session;

  const type = !given(cmd, 'type') && config.type ? config.type : opts.type;
  let secret = opts.secret ?? config.secret ?? '';
  let credentialType =
    !given(cmd, 'credentialType') && config.credentialType ? config.credentialType : opts.credentialType;
  const model = opts.model ?? config.model;
  let workspace = opts.workspace ?? config.workspace?.name;
  const agentConfig = opts.agentConfig ?? config.agentConfig;

  const changes: Change[] = [];
  if (!secret) {
    const creds = await planCredentials({ ctx, kube, namespace, config, type, dryRun });
    secret = creds.secret;
    credentialType = creds.credentialType;
    if (creds.change) changes.push(creds.change);
  }
  if (!secret)
    throw new Error('no credentials configured (set oauthToken/apiKey in config file, or use --secret flag)');
  if (!workspace && config.workspace?.repo) {
    workspace = INLINE_WORKSPACE;
    if (!dryRun) changes.push(...(await planInlineWorkspace({ ctx, kube, namespace, ws: config.workspace })));
  }

  const task = buildTask({
    name: opts.name || randomTaskName(ctx.random),
    namespace,
    type,
    prompt,
    secret,
    credentialType,
    model,
    image: opts.image,
    workspace,
    agentConfig,
    dependsOn: opts.dependsOn,
    branch: opts.branch,
    timeoutSeconds,
    env,
  });
  if (dryRun) {
    ctx.stdout.write(stringify(task));
    return;
  }
  const failCreate = (err: unknown): never => {
    throw new Error(`creating task: ${(err as Error).message}`, { cause: err });
  };
  // The API server checks the Task (schema, name, AlreadyExists) before any Secret or Workspace is written.
  await kube.create<Task>(task, { dryRun: true }).catch(failCreate);
  await confirmChanges(ctx, changes, Boolean(opts.yes));
  await applyChanges(changes);
  const created = await kube.create<Task>(task).catch(failCreate);
  ctx.stdout.write(`task/${created.metadata.name} created\n`);
  if (opts.watch) await watchTask(ctx, kube, namespace, created.metadata.name ?? task.metadata.name ?? '');
}
