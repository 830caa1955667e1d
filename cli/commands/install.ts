/**
 * `kelos install` / `kelos uninstall`: the kelos CRDs plus the Knative
 * manifests in knative/ (read at run time, multi-document), applied with
 * server-side apply (field manager `kelos`, force) after checking that Knative
 * Serving and Eventing are there.
 */
import { Command } from 'commander';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { KubeObject } from '../../functions/core/api/kube-types.js';
import type { CliContext } from '../context.js';
import { globalOptions } from '../context.js';
import { expandHome } from '../config/paths.js';
import { CLI_VERSION } from '../version.js';
import { readManifestDir, versionedManifests, withImagePullPolicy } from '../install/manifests.js';
import { knativeMissingMessage, missingKnativeCrds } from '../install/knative-check.js';
import { waitEstablished } from '../install/wait-established.js';
import { releaseAgentPods } from '../install/release-agent-pods.js';
import { isNoMatch, isNotFound } from '../kube/errors.js';
import type { CliKube } from '../kube/client.js';

interface InstallOptions {
  dryRun?: boolean;
  version: string;
  imagePullPolicy?: string;
}

function noArgs(name: string, args: string[]): void {
  if (args.length > 0) throw new Error(`unknown command "${args[0]}" for "kelos ${name}"`);
}

function kubeFor(ctx: CliContext, cmd: Command): Promise<CliKube> | CliKube {
  const path = globalOptions(cmd).kubeconfig;
  return ctx.kubeFactory(path ? expandHome(path, ctx.env) : undefined, ctx.env);
}

export async function loadInstallManifests(
  root: string,
  opts: { version: string; imagePullPolicy?: string | undefined },
) {
  const crds = await readManifestDir(join(root, 'crds'));
  let functions = versionedManifests(await readManifestDir(join(root, 'knative')), opts.version);
  if (opts.imagePullPolicy) functions = withImagePullPolicy(functions, opts.imagePullPolicy);
  return { crds, functions };
}

export function installCommand(ctx: CliContext): Command {
  return new Command('install')
    .description('Install the kelos CRDs and functions into the cluster (needs Knative Serving and Eventing)')
    .argument('[args...]')
    .option('--dry-run', 'print the manifests instead of applying them')
    .option('--version <version>', 'image tag of the kelos images', CLI_VERSION)
    .option(
      '--image-pull-policy <policy>',
      'imagePullPolicy of every container (Always, IfNotPresent, Never)',
    )
    .action(async (args: string[], opts: InstallOptions, c: Command) => {
      noArgs('install', args);
      const { crds, functions } = await loadInstallManifests(ctx.manifestsRoot, opts);
      if (opts.dryRun) {
        ctx.stdout.write([...crds, ...functions].map((o) => stringify(o)).join('---\n'));
        return;
      }
      const kube = await kubeFor(ctx, c);
      const missing = await missingKnativeCrds(kube);
      if (missing.length > 0) throw new Error(knativeMissingMessage(missing));
      ctx.stdout.write('Installing kelos CRDs\n');
      for (const crd of crds) await apply(kube, crd);
      await waitEstablished(kube, crds, ctx);
      ctx.stdout.write(`Installing kelos functions (version: ${opts.version})\n`);
      for (const obj of functions) await apply(kube, obj);
      ctx.stdout.write('Kelos installed successfully\n');
    });
}

export function uninstallCommand(ctx: CliContext): Command {
  return new Command('uninstall')
    .description('Remove the kelos functions and CRDs (and with them every kelos resource)')
    .argument('[args...]')
    .action(async (args: string[], _o: unknown, c: Command) => {
      noArgs('uninstall', args);
      const { crds, functions } = await loadInstallManifests(ctx.manifestsRoot, { version: CLI_VERSION });
      const kube = await kubeFor(ctx, c);
      ctx.stdout.write('Removing kelos functions\n');
      for (const obj of [...functions].reverse()) await remove(kube, obj);
      // No capture-outputs from here on to let agent Pods go once their Tasks do.
      ctx.stdout.write('Releasing agent Pods\n');
      await releaseAgentPods(kube);
      ctx.stdout.write('Removing kelos CRDs\n');
      for (const obj of [...crds].reverse()) await remove(kube, obj);
      ctx.stdout.write('Kelos uninstalled successfully\n');
    });
}

function describe(obj: KubeObject): string {
  const ns = obj.metadata.namespace ? `${obj.metadata.namespace}/` : '';
  return `${obj.kind} ${ns}${obj.metadata.name ?? ''}`;
}

async function apply(kube: CliKube, obj: KubeObject): Promise<void> {
  await kube.apply(obj).catch((err: unknown) => {
    throw new Error(`applying ${describe(obj)}: ${(err as Error).message}`, { cause: err });
  });
}

async function remove(kube: CliKube, obj: KubeObject): Promise<void> {
  const { apiVersion, kind } = obj;
  const name = obj.metadata.name ?? '';
  const namespace = obj.metadata.namespace;
  try {
    await kube.delete({ apiVersion, kind, name, ...(namespace ? { namespace } : {}) });
  } catch (err) {
    if (isNotFound(err) || isNoMatch(err)) return;
    throw new Error(`deleting ${describe(obj)}: ${(err as Error).message}`, { cause: err });
  }
}
