import { expect } from 'chai';
import { authorized, parseCgiHead } from '../../../scripts/dev/git-server.js';
import { demoObjects } from '../../../scripts/dev/offline-demo.js';
import { AGENT_TYPES, commitAndPushCommand, podModelWiring } from '../../../scripts/dev/pod-model.js';
import { decideNode, nodeModeFromEnv } from '../../../scripts/dev/stack-node.js';

const ok = { ok: true } as const;
const notRoot = { ok: false, reason: 'not root' } as const;

describe('local stack: whether to run a node', () => {
  it('reads KELOS_LOCAL_NODE (default auto) and refuses anything else', () => {
    expect(nodeModeFromEnv({})).to.equal('auto');
    expect(nodeModeFromEnv({ KELOS_LOCAL_NODE: 'off' })).to.equal('off');
    expect(nodeModeFromEnv({ KELOS_LOCAL_NODE: 'on' })).to.equal('on');
    expect(() => nodeModeFromEnv({ KELOS_LOCAL_NODE: 'maybe' })).to.throw(
      /KELOS_LOCAL_NODE=maybe: use off, on or auto/,
    );
  });

  it('starts one for its own control plane where it can', () => {
    expect(
      decideNode({ mode: 'auto', origin: 'started', support: ok, hasNodeCredentials: true }),
    ).to.deep.equal({ start: true });
  });

  it('says why not: off, not root, the user cluster', () => {
    expect(decideNode({ mode: 'off', origin: 'started', support: ok, hasNodeCredentials: true })).to.include({
      start: false,
      agents: false,
    });
    const d = decideNode({ mode: 'auto', origin: 'started', support: notRoot, hasNodeCredentials: true });
    expect(d).to.deep.include({ start: false, agents: false, why: 'no local node: not root' });
    expect(decideNode({ mode: 'auto', origin: 'user', support: ok, hasNodeCredentials: false })).to.include({
      start: false,
      agents: true,
    });
  });

  it('fails when asked for a node that cannot run', () => {
    expect(() =>
      decideNode({ mode: 'on', origin: 'started', support: notRoot, hasNodeCredentials: true }),
    ).to.throw(/KELOS_LOCAL_NODE=on, but a local node cannot run here: not root/);
  });

  it('reuses the node of node:up on a reused control plane', () => {
    expect(decideNode({ mode: 'auto', origin: 'reused', support: ok, hasNodeCredentials: true })).to.include({
      start: false,
      reuse: true,
    });
    expect(decideNode({ mode: 'auto', origin: 'reused', support: ok, hasNodeCredentials: false })).to.include(
      { start: false, reuse: false },
    );
  });
});

describe('local git server: token check and CGI head', () => {
  const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
  it('takes the token as Basic password or Bearer, nothing else', () => {
    expect(authorized(basic('x-access-token', 's3cret'), 's3cret')).to.equal(true);
    expect(authorized('Bearer s3cret', 's3cret')).to.equal(true);
    expect(authorized(basic('x', 'wrong'), 's3cret')).to.equal(false);
    expect(authorized(basic('s3cret', ''), 's3cret')).to.equal(false);
    expect(authorized(undefined, 's3cret')).to.equal(false);
  });
  it('parses Status and headers', () => {
    expect(parseCgiHead('Status: 404 Not Found\r\nContent-Type: text/plain')).to.deep.equal({
      status: 404,
      headers: [['Content-Type', 'text/plain']],
    });
    expect(parseCgiHead('Content-Type: application/x-git-upload-pack-advertisement').status).to.equal(200);
  });
});

describe('agent Pods against the scripted model', () => {
  it('gives every agent type a model, a credential key and a way to the model', () => {
    for (const t of AGENT_TYPES) {
      const w = podModelWiring(t, 'http://10.213.0.1:9');
      expect(w.model, t).to.not.equal('');
      expect(JSON.stringify(w), t).to.include('http://10.213.0.1:9');
    }
  });
  it('quotes what the commit command writes', () => {
    expect(commitAndPushCommand("it's.md", "a 'b'", 'm'))
      .to.include(`'it'\\''s.md'`)
      .and.include('git push -q origin HEAD');
  });
  it('demo objects: a Workspace with the token Secret, a key per type, the endpoints ConfigMap', () => {
    const objs = demoObjects({ repoUrl: 'http://g/demo.git', gitToken: 't', modelUrl: 'http://m' }) as any[]; // eslint-disable-line @typescript-eslint/no-explicit-any -- read back
    const ws = objs.find((o) => o.kind === 'Workspace');
    expect(ws.spec).to.include({ repo: 'http://g/demo.git', ref: 'main' });
    expect(ws.spec.secretRef.name).to.equal('local-demo-git');
    const keys = objs.find((o) => o.kind === 'Secret' && o.metadata.name === 'local-model').stringData;
    expect(Object.keys(keys)).to.have.members([
      'ANTHROPIC_API_KEY',
      'CODEX_API_KEY',
      'GEMINI_API_KEY',
      'OPENCODE_API_KEY',
    ]);
    expect(objs.find((o) => o.kind === 'ConfigMap').data.ANTHROPIC_BASE_URL).to.equal('http://m');
  });
});
