import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import type { KubeObject } from '../../../functions/core/api/kube-types.js';
import { resolveGitHubTokenSecret } from '../../../functions/launch-pod/github-token.js';
import { makeTask, makeWorkspace } from './fixtures.js';
import { memoryKube } from './memory-kube.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const pem = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

function secret(name: string, data: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: 'default' },
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])),
  };
}

function recordingFetch(urls: string[], status = 201): typeof fetch {
  return (async (url: string | URL | Request) => {
    urls.push(String(url));
    return new Response(JSON.stringify({ token: 'ghs_minted', expires_at: '2030-01-01T00:00:00Z' }), {
      status,
    });
  }) as typeof fetch;
}

const appData = { appID: '12345', installationID: '67890', privateKey: pem };

describe('resolveGitHubTokenSecret', () => {
  it('github.com repo: uses the configured API base, writes <task>-github-token owned by the Task', async () => {
    const kube = memoryKube([secret('app', appData)]);
    const urls: string[] = [];
    const name = await resolveGitHubTokenSecret({
      kube,
      task: makeTask(),
      workspace: makeWorkspace({ secretRef: { name: 'app' } }),
      githubApiBaseUrl: 'https://api.github.com',
      fetch: recordingFetch(urls),
    });
    expect(name).to.equal('test-task-github-token');
    expect(urls).to.deep.equal(['https://api.github.com/app/installations/67890/access_tokens']);
    const written = kube.objects.get('Secret/default/test-task-github-token') as KubeObject & {
      data: Record<string, string>;
    };
    expect(Buffer.from(written.data['GITHUB_TOKEN']!, 'base64').toString()).to.equal('ghs_minted');
    expect(written.metadata.ownerReferences).to.deep.equal([
      {
        apiVersion: 'kelos.dev/v1alpha1',
        kind: 'Task',
        name: 'test-task',
        uid: 'uid-1',
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
  });

  it('Enterprise repo: calls https://<host>/api/v3', async () => {
    const kube = memoryKube([secret('app', appData)]);
    const urls: string[] = [];
    await resolveGitHubTokenSecret({
      kube,
      task: makeTask(),
      workspace: makeWorkspace({
        repo: 'https://github.example.com:8443/org/repo.git',
        secretRef: { name: 'app' },
      }),
      githubApiBaseUrl: 'https://api.github.com',
      fetch: recordingFetch(urls),
    });
    expect(urls).to.deep.equal([
      'https://github.example.com:8443/api/v3/app/installations/67890/access_tokens',
    ]);
  });

  it('PAT secret: workspace unchanged, no token Secret, no GitHub call', async () => {
    const kube = memoryKube([secret('pat', { GITHUB_TOKEN: 'ghp_x' })]);
    const urls: string[] = [];
    const name = await resolveGitHubTokenSecret({
      kube,
      task: makeTask(),
      workspace: makeWorkspace({ secretRef: { name: 'pat' } }),
      githubApiBaseUrl: 'x',
      fetch: recordingFetch(urls),
    });
    expect(name).to.equal(undefined);
    expect(urls).to.deep.equal([]);
    expect(kube.calls.filter((c) => c.startsWith('create'))).to.deep.equal([]);
  });

  it('no secretRef: nothing to do', async () => {
    const kube = memoryKube();
    expect(
      await resolveGitHubTokenSecret({
        kube,
        task: makeTask(),
        workspace: makeWorkspace(),
        githubApiBaseUrl: 'x',
      }),
    ).to.equal(undefined);
    expect(kube.calls).to.deep.equal([]);
  });

  it('missing workspace Secret: error naming it', async () => {
    const kube = memoryKube();
    let message = '';
    try {
      await resolveGitHubTokenSecret({
        kube,
        task: makeTask(),
        workspace: makeWorkspace({ secretRef: { name: 'gone' } }),
        githubApiBaseUrl: 'x',
      });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).to.equal('fetching workspace secret default/gone: not found');
  });

  it('GitHub answering non-201: the original error text, no token Secret', async () => {
    const kube = memoryKube([secret('app', appData)]);
    let message = '';
    try {
      await resolveGitHubTokenSecret({
        kube,
        task: makeTask(),
        workspace: makeWorkspace({ secretRef: { name: 'app' } }),
        githubApiBaseUrl: 'https://api.github.com',
        fetch: recordingFetch([], 401),
      });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).to.match(/^GitHub API returned status 401: /);
    expect(kube.objects.has('Secret/default/test-task-github-token')).to.equal(false);
  });

  it('a token Secret left by an earlier attempt of this Task is refreshed', async () => {
    const stale = secret('test-task-github-token', { GITHUB_TOKEN: 'old' });
    stale.metadata.ownerReferences = [
      { apiVersion: 'kelos.dev/v1alpha1', kind: 'Task', name: 'test-task', uid: 'uid-1' },
    ];
    const kube = memoryKube([secret('app', appData), stale]);
    await resolveGitHubTokenSecret({
      kube,
      task: makeTask(),
      workspace: makeWorkspace({ secretRef: { name: 'app' } }),
      githubApiBaseUrl: 'https://api.github.com',
      fetch: recordingFetch([]),
    });
    const written = kube.objects.get('Secret/default/test-task-github-token') as KubeObject & {
      data: Record<string, string>;
    };
    expect(Buffer.from(written.data['GITHUB_TOKEN']!, 'base64').toString()).to.equal('ghs_minted');
  });

  it('a token Secret owned by someone else is not overwritten', async () => {
    const kube = memoryKube([
      secret('app', appData),
      secret('test-task-github-token', { GITHUB_TOKEN: 'theirs' }),
    ]);
    let message = '';
    try {
      await resolveGitHubTokenSecret({
        kube,
        task: makeTask(),
        workspace: makeWorkspace({ secretRef: { name: 'app' } }),
        githubApiBaseUrl: 'https://api.github.com',
        fetch: recordingFetch([]),
      });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).to.equal(
      'secret default/test-task-github-token exists and is not owned by task test-task',
    );
  });
});
