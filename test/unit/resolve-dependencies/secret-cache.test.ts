/** The gates' Secret cache: positive only, short, and never the reason a Task waits. */
import { expect } from 'chai';
import type { KubeObject } from '../../../functions/core/api/kube-types.js';
import type { KubePort, ObjectRef } from '../../../functions/core/k8s/port.js';
import { readSecretSummary, SECRET_CACHE_MS } from '../../../functions/resolve-dependencies/secret-cache.js';
import type { SecretSummary } from '../../../functions/resolve-dependencies/secret-summary.js';
import { memoryKube, type MemoryKube } from './memory-kube.js';

const T0 = new Date('2026-11-25T12:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const secret = (
  name: string,
  data: Record<string, string>,
): KubeObject & { data: Record<string, string> } => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, namespace: 'ns' },
  data,
});
const hasKey = (key: string) => (s: SecretSummary) => s.keys.has(key);
const anything = () => true;

/** The memory API server, counting the Secret reads that reach it. */
function counting(kube: MemoryKube): { kube: KubePort; reads: () => number } {
  let reads = 0;
  const port: KubePort = {
    ...kube,
    get: <T extends KubeObject>(ref: ObjectRef) => {
      if (ref.kind === 'Secret') reads++;
      return kube.get<T>(ref);
    },
  };
  return { kube: port, reads: () => reads };
}

describe('secret cache (resolve-dependencies gates)', () => {
  it('answers repeated reads within the window from one API read, keys only', async () => {
    const { kube, reads } = counting(memoryKube([secret('creds', { ANTHROPIC_API_KEY: 'c2s=' })]));
    for (let i = 0; i < 5; i++) {
      const s = await readSecretSummary(kube, 'ns', 'creds', at(i * 1000), hasKey('ANTHROPIC_API_KEY'));
      expect([...s!.keys]).to.deep.equal(['ANTHROPIC_API_KEY']);
      expect(s).to.not.have.property('data');
    }
    expect(reads()).to.equal(1);
  });

  it('reads again once the window is over', async () => {
    const { kube, reads } = counting(memoryKube([secret('creds', { K: 'dg==' })]));
    await readSecretSummary(kube, 'ns', 'creds', at(0), anything);
    await readSecretSummary(kube, 'ns', 'creds', at(SECRET_CACHE_MS - 1), anything);
    expect(reads()).to.equal(1);
    await readSecretSummary(kube, 'ns', 'creds', at(SECRET_CACHE_MS), anything);
    expect(reads()).to.equal(2);
  });

  it('never caches a missing Secret: it is read every time, and seen as soon as it exists', async () => {
    const mem = memoryKube();
    const { kube, reads } = counting(mem);
    expect(await readSecretSummary(kube, 'ns', 'creds', at(0), anything)).to.equal(undefined);
    expect(await readSecretSummary(kube, 'ns', 'creds', at(1), anything)).to.equal(undefined);
    expect(reads()).to.equal(2);
    await mem.create(secret('creds', { K: 'dg==' }));
    expect(await readSecretSummary(kube, 'ns', 'creds', at(2), anything)).to.not.equal(undefined);
  });

  it('re-reads a cached Secret that lacks the key this Task needs (a missing key is never cached)', async () => {
    const mem = memoryKube([secret('creds', { ANTHROPIC_API_KEY: 'c2s=' })]);
    const { kube, reads } = counting(mem);
    await readSecretSummary(kube, 'ns', 'creds', at(0), hasKey('ANTHROPIC_API_KEY'));
    await mem.delete({ apiVersion: 'v1', kind: 'Secret', namespace: 'ns', name: 'creds' });
    await mem.create(secret('creds', { ANTHROPIC_API_KEY: 'c2s=', CLAUDE_CODE_OAUTH_TOKEN: 'dA==' }));
    const s = await readSecretSummary(kube, 'ns', 'creds', at(1), hasKey('CLAUDE_CODE_OAUTH_TOKEN'));
    expect(s!.keys.has('CLAUDE_CODE_OAUTH_TOKEN')).to.equal(true);
    expect(reads()).to.equal(2);
    // Still lacking for a third key: read each time, never answered "missing" from memory.
    await readSecretSummary(kube, 'ns', 'creds', at(2), hasKey('OTHER'));
    await readSecretSummary(kube, 'ns', 'creds', at(3), hasKey('OTHER'));
    expect(reads()).to.equal(4);
  });

  it('is per API client: another process (client) reads for itself', async () => {
    const mem = memoryKube([secret('creds', { K: 'dg==' })]);
    const a = counting(mem);
    const b = counting(mem);
    await readSecretSummary(a.kube, 'ns', 'creds', at(0), anything);
    await readSecretSummary(b.kube, 'ns', 'creds', at(0), anything);
    expect(a.reads() + b.reads()).to.equal(2);
  });
});
