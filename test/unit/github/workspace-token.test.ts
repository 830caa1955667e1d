/** The one Workspace → Secret → GitHub token lookup that spawn and report-github share. */
import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import type { KubeObject, Stored } from '../../../functions/core/api/kube-types.js';
import type { TaskSpawner, Workspace } from '../../../functions/core/api/types.js';
import type { InstallationToken } from '../../../functions/core/github/app-token.js';
import {
  APP_TOKEN_MARGIN_MS,
  spawnerWorkspace,
  workspaceToken,
  type WorkspaceTokenOptions,
} from '../../../functions/core/github/workspace-token.js';
import { memoryKube } from '../launch-pod/memory-kube.js';

const NS = 'team-a';
const NOW = new Date('2026-12-03T12:00:00Z');
const b64 = (s: string) => Buffer.from(s).toString('base64');
const pem = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const appData = { appID: '12345', installationID: '67890', privateKey: pem };

function secret(name: string, data: Record<string, string>, namespace = NS): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace },
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])),
  };
}

function workspace(secretName?: string, namespace = NS): Stored<Workspace> & KubeObject {
  return {
    apiVersion: 'kelos.dev/v1alpha1',
    kind: 'Workspace',
    metadata: { name: 'ws', namespace },
    spec: {
      repo: 'https://github.com/example/repo.git',
      ...(secretName ? { secretRef: { name: secretName } } : {}),
    },
  };
}

function spawner(workspaceName?: string): Stored<TaskSpawner> {
  return {
    apiVersion: 'kelos.dev/v1alpha1',
    kind: 'TaskSpawner',
    metadata: { name: 'sp', namespace: NS },
    spec: {
      when: { githubIssues: {} },
      taskTemplate: {
        type: 'claude-code',
        credentials: { type: 'api-key', secretRef: { name: 'creds' } },
        ...(workspaceName ? { workspaceRef: { name: workspaceName } } : {}),
      },
    },
  };
}

/** A GitHub stand-in for the access_tokens call: records each URL, answers with numbered tokens. */
function mintingFetch(urls: string[], expiresAt = '2026-12-03T13:00:00Z'): typeof fetch {
  return (async (url: string | URL | Request) => {
    urls.push(String(url));
    return new Response(JSON.stringify({ token: `ghs_${urls.length}`, expires_at: expiresAt }), {
      status: 201,
    });
  }) as typeof fetch;
}

function options(fetch: typeof globalThis.fetch, appTokens = new Map<string, InstallationToken>()) {
  return { apiBaseUrl: 'https://api.github.com', appTokens, now: NOW, fetch } satisfies WorkspaceTokenOptions;
}

describe('spawnerWorkspace', () => {
  it("reads the taskTemplate's Workspace in the spawner's namespace", async () => {
    const kube = memoryKube([workspace('tok'), workspace('other', 'team-b')]);
    const got = await spawnerWorkspace(kube, spawner('ws'));
    expect(got?.metadata).to.include({ name: 'ws', namespace: NS });
    expect(kube.calls).to.deep.equal([`get Workspace/${NS}/ws`]);
  });

  it('is undefined without a workspaceRef (no read) or when the Workspace does not exist', async () => {
    const kube = memoryKube();
    expect(await spawnerWorkspace(kube, spawner())).to.equal(undefined);
    expect(kube.calls).to.deep.equal([]);
    expect(await spawnerWorkspace(kube, spawner('missing'))).to.equal(undefined);
  });
});

describe('workspaceToken', () => {
  it('a PAT Secret: its GITHUB_TOKEN, trimmed, read in the Workspace namespace, no GitHub call', async () => {
    const kube = memoryKube([secret('tok', { GITHUB_TOKEN: 'ghp_abc\n' }), secret('tok', {}, 'team-b')]);
    const urls: string[] = [];
    expect(await workspaceToken(kube, workspace('tok'), options(mintingFetch(urls)))).to.equal('ghp_abc');
    expect(kube.calls).to.deep.equal([`get Secret/${NS}/tok`]);
    expect(urls).to.deep.equal([]);
  });

  const none: [string, Stored<Workspace> | undefined, KubeObject[]][] = [
    ['no Workspace', undefined, []],
    ['a Workspace without secretRef', workspace(), []],
    ['a Secret that does not exist', workspace('gone'), []],
    ['an empty GITHUB_TOKEN', workspace('tok'), [secret('tok', { GITHUB_TOKEN: ' \n' })]],
    ['a Secret without GITHUB_TOKEN or App keys', workspace('tok'), [secret('tok', { other: 'x' })]],
  ];
  for (const [name, ws, objects] of none) {
    it(`is undefined for ${name}, so the caller falls back to its own token`, async () => {
      const urls: string[] = [];
      expect(await workspaceToken(memoryKube(objects), ws, options(mintingFetch(urls)))).to.equal(undefined);
      expect(urls).to.deep.equal([]);
    });
  }

  it('an App Secret: mints at the API base given, then reuses the token for the same Secret version', async () => {
    const kube = memoryKube([secret('app', appData)]);
    const urls: string[] = [];
    const opts = options(mintingFetch(urls));
    expect(await workspaceToken(kube, workspace('app'), opts)).to.equal('ghs_1');
    expect(await workspaceToken(kube, workspace('app'), opts)).to.equal('ghs_1');
    expect(urls).to.deep.equal(['https://api.github.com/app/installations/67890/access_tokens']);

    const enterprise = { ...opts, apiBaseUrl: 'https://ghe.example.com/api/v3' };
    expect(await workspaceToken(kube, workspace('app'), enterprise)).to.equal('ghs_2');
    expect(urls[1]).to.equal('https://ghe.example.com/api/v3/app/installations/67890/access_tokens');
  });

  it('mints again when the Secret changed or the cached token is within the margin of expiry', async () => {
    const kube = memoryKube([secret('app', appData)]);
    const urls: string[] = [];
    const expiresAt = new Date(NOW.getTime() + APP_TOKEN_MARGIN_MS + 60_000).toISOString();
    const opts = options(mintingFetch(urls, expiresAt));
    await workspaceToken(kube, workspace('app'), opts);
    await kube.replace(secret('app', { ...appData, appID: '12345' })); // a new resourceVersion
    expect(await workspaceToken(kube, workspace('app'), opts)).to.equal('ghs_2');
    const later = { ...opts, now: new Date(NOW.getTime() + 2 * 60_000) };
    expect(await workspaceToken(kube, workspace('app'), later)).to.equal('ghs_3');
    expect(urls).to.have.length(3);
  });

  it('passes a failed mint on (GitHub unreachable is a TypeError the callers retry on)', async () => {
    const kube = memoryKube([secret('app', appData)]);
    const unreachable = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    const appTokens = new Map<string, InstallationToken>();
    let caught: unknown;
    await workspaceToken(kube, workspace('app'), options(unreachable, appTokens)).catch((e: unknown) => {
      caught = e;
    });
    expect(caught).to.be.instanceOf(TypeError);
    expect(appTokens.size).to.equal(0);
  });
});
