/**
 * Decide first, then act: commands collect the writes they intend as
 * `Change`s, ask every confirmation up front, and only then apply them, so an
 * answer of "no" (or any validation error) leaves the cluster untouched.
 */
import type { KubeObject } from '../functions/core/api/kube-types.js';
import type { CliKube } from './kube/client.js';
import type { CliContext } from './context.js';
import { confirm, overridePrompt } from './confirm.js';

export interface Change {
  /** `secret/<name>`, as the override prompt names it. */
  resource: string;
  /** True when the change overwrites an existing object (asks unless --yes). */
  overrides: boolean;
  apply(): Promise<void>;
}

export async function confirmChanges(ctx: CliContext, changes: Change[], yes: boolean): Promise<void> {
  if (yes) return;
  for (const change of changes) {
    if (change.overrides && !(await confirm(overridePrompt(change.resource), ctx.stdin, ctx.stderr))) {
      throw new Error('aborted');
    }
  }
}

export async function applyChanges(changes: Change[]): Promise<void> {
  for (const change of changes) await change.apply();
}

interface SecretObject extends KubeObject {
  type?: string;
  data?: Record<string, string>;
}

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

/**
 * Plans a credentials Secret: create if absent; nothing to do if it holds
 * exactly this one key with this value; else replace all its data (asks first).
 * `alwaysAsk` (GitHub App secrets) asks whenever it exists.
 */
export async function planSecret(
  kube: CliKube,
  ref: { namespace: string; name: string },
  data: Record<string, string>,
  alwaysAsk = false,
): Promise<Change | undefined> {
  const existing = await kube.get<SecretObject>({ apiVersion: 'v1', kind: 'Secret', ...ref });
  const encoded = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)]));
  if (!existing) {
    const secret: SecretObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: ref.name, namespace: ref.namespace },
      type: 'Opaque',
      data: encoded,
    };
    return {
      resource: `secret/${ref.name}`,
      overrides: false,
      apply: async () => void (await kube.create(secret)),
    };
  }
  if (!alwaysAsk && sameSingleKey(existing.data ?? {}, encoded)) return undefined;
  return {
    resource: `secret/${ref.name}`,
    overrides: true,
    apply: async () => void (await kube.replace({ ...existing, data: encoded })),
  };
}

function sameSingleKey(have: Record<string, string>, want: Record<string, string>): boolean {
  const keys = Object.keys(want);
  if (keys.length !== 1 || Object.keys(have).length !== 1) return false;
  const key = keys[0] as string;
  return have[key] !== undefined && have[key] === want[key];
}
