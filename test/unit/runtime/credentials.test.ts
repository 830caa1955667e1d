/** Kubeconfig and in-cluster credential loading (files in a temp dir, no network). */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadKubeCredentials } from '../../../functions/core/k8s/credentials.js';

describe('loadKubeCredentials', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kelos-creds-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const kubeconfig = (user: Record<string, unknown>, cluster: Record<string, unknown>) => `
apiVersion: v1
kind: Config
current-context: ctx
contexts:
- name: other
  context: { cluster: nope, user: nope }
- name: ctx
  context: { cluster: c, user: u }
clusters:
- name: c
  cluster: ${JSON.stringify(cluster)}
users:
- name: u
  user: ${JSON.stringify(user)}
`;

  it('reads token, inline CA and the current context', async () => {
    const path = join(dir, 'config');
    await writeFile(
      path,
      kubeconfig(
        { token: 'abc' },
        {
          server: 'https://127.0.0.1:6443/',
          'certificate-authority-data': Buffer.from('CA').toString('base64'),
        },
      ),
    );
    const c = await loadKubeCredentials({ KUBECONFIG: path });
    expect(c.server).to.equal('https://127.0.0.1:6443');
    expect(c.token).to.equal('abc');
    expect(c.ca?.toString()).to.equal('CA');
    expect(c.insecureSkipTlsVerify).to.equal(false);
  });

  it('resolves relative CA, client cert and key files against the kubeconfig directory', async () => {
    await writeFile(join(dir, 'ca.crt'), 'CAFILE');
    await writeFile(join(dir, 'client.crt'), 'CERT');
    await writeFile(join(dir, 'client.key'), 'KEY');
    const path = join(dir, 'config');
    await writeFile(
      path,
      kubeconfig(
        { 'client-certificate': 'client.crt', 'client-key': 'client.key' },
        { server: 'https://h:1', 'certificate-authority': 'ca.crt', 'insecure-skip-tls-verify': true },
      ),
    );
    const c = await loadKubeCredentials({ KUBECONFIG: `${path}:/elsewhere` });
    expect([c.ca?.toString(), c.cert?.toString(), c.key?.toString()]).to.deep.equal([
      'CAFILE',
      'CERT',
      'KEY',
    ]);
    expect(c.insecureSkipTlsVerify).to.equal(true);
  });

  it('uses the in-cluster ServiceAccount when KUBERNETES_SERVICE_HOST is set', async () => {
    await writeFile(join(dir, 'ca.crt'), 'CLUSTERCA');
    await writeFile(join(dir, 'token'), 'sa-token\n');
    const c = await loadKubeCredentials(
      { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443', HOME: dir },
      { serviceAccountDir: dir },
    );
    expect(c.server).to.equal('https://10.96.0.1:443');
    expect(c.tokenFile).to.equal(join(dir, 'token'));
    expect(c.ca?.toString()).to.equal('CLUSTERCA');
  });

  it('names what is wrong', async () => {
    const path = join(dir, 'config');
    await writeFile(path, 'apiVersion: v1\nkind: Config\ncurrent-context: missing\ncontexts: []\n');
    await loadKubeCredentials({ KUBECONFIG: path }).then(
      () => expect.fail('should throw'),
      (err: Error) => expect(err.message).to.equal(`kubeconfig ${path}: context "missing" not found`),
    );
    await loadKubeCredentials({ KUBECONFIG: join(dir, 'absent') }).then(
      () => expect.fail('should throw'),
      (err: Error) => expect(err.message).to.match(/^reading kubeconfig /),
    );
    await loadKubeCredentials({ HOME: dir }).then(
      () => expect.fail('should throw'),
      (err: Error) => expect(err.message).to.match(/no Kubernetes credentials/),
    );
  });
});
