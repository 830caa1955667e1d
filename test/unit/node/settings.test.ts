import { expect } from 'chai';
import { parse } from 'yaml';
import type { ImagesManifest } from '../../../scripts/images/images.js';
import { fromManifest } from '../../../scripts/node/local-images.js';
import {
  nodeSettings,
  renderCniConfig,
  renderContainerdConfig,
  renderKubeletConfig,
} from '../../../scripts/node/settings.js';

const settings = (slot: number) =>
  nodeSettings({
    slot,
    dir: `/state/${slot}`,
    cacheRoot: '/cache',
    nodeName: 'localhost',
    kubeletPort: 10250 + slot,
    sandboxImage: 'localhost/pause:x',
  });

describe('node settings', () => {
  it('gives two slots distinct bridges, subnets, cgroup roots and sockets', () => {
    const [a, b] = [settings(0), settings(1)];
    for (const key of ['bridge', 'subnet', 'gateway', 'cgroupRoot', 'network', 'runDir', 'cacheDir'] as const)
      expect(a[key], key).to.not.equal(b[key]);
    expect(a.paths.containerdSocket).to.not.equal(b.paths.containerdSocket);
    // unix socket paths are limited to 107 bytes
    expect(`${a.paths.containerdSocket}.ttrpc`.length).to.be.below(108);
  });

  it('refuses a slot outside the range', () => {
    expect(() => settings(-1)).to.throw(/outside/);
    expect(() => settings(32)).to.throw(/outside/);
  });

  it('containerd: the settings this machine needs', () => {
    const toml = renderContainerdConfig(settings(2));
    expect(toml).to.include('restrict_oom_score_adj = true');
    expect(toml).to.include('netns_mounts_under_state_dir = true');
    expect(toml).to.include('sandbox_image = "localhost/pause:x"');
    expect(toml).to.include('bin_dir = "/usr/lib/cni"');
    expect(toml).to.include('address = "/run/kelos-node/2/containerd.sock"');
  });

  it('CNI: the slot bridge and subnet, no masquerade', () => {
    const conf = JSON.parse(renderCniConfig(settings(3))) as { plugins: Record<string, unknown>[] };
    expect(conf.plugins[0]).to.include({ type: 'bridge', bridge: 'kelos3', ipMasq: false, isGateway: true });
    expect(JSON.stringify(conf)).to.include('10.213.3.0/24');
  });

  it('kubelet: no anonymous access, webhook authn/authz with the client CA, local images kept', () => {
    const c = parse(renderKubeletConfig(settings(4), '/pki/ca.crt')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- free-form YAML read back
    expect(c.authentication).to.deep.include({ anonymous: { enabled: false } });
    expect(c.authentication.x509.clientCAFile).to.equal('/pki/ca.crt');
    expect(c.authorization.mode).to.equal('Webhook');
    expect(c).to.include({
      cgroupRoot: '/kelos-node-4',
      port: 10254,
      address: '127.0.0.1',
      readOnlyPort: 0,
      imageGCHighThresholdPercent: 100,
      failCgroupV1: false,
    });
  });
});

describe('local images manifest', () => {
  const entry = (ref: string, tar: string, env: string | null) => ({
    ref,
    tar,
    env,
    hash: 'h',
    bytes: 1,
    buildSeconds: 1,
  });
  const manifest = {
    schema: 1,
    images: {
      pause: entry('localhost/kelos-pause:1', '/c/pause.tar', null),
      git: entry('localhost/kelos-git:2', '/c/git.tar', 'KELOS_GIT_IMAGE'),
      codex: entry('localhost/kelos-codex:3', '/c/codex.tar', 'KELOS_CODEX_IMAGE'),
    },
  } satisfies ImagesManifest;

  it('turns the images into archives to import and launch-pod env', () => {
    const r = fromManifest(manifest);
    expect(r.pause).to.deep.equal({ ref: 'localhost/kelos-pause:1', tar: '/c/pause.tar' });
    expect(r.others.map((o) => o.ref)).to.deep.equal(['localhost/kelos-git:2', 'localhost/kelos-codex:3']);
    expect(r.env).to.deep.equal({
      KELOS_IMAGE_PULL_POLICY: 'Never',
      KELOS_GIT_IMAGE: 'localhost/kelos-git:2',
      KELOS_CODEX_IMAGE: 'localhost/kelos-codex:3',
    });
  });

  it('keeps only the named images, and refuses a manifest without the pause image', () => {
    const only = fromManifest(manifest, ['git']);
    expect(only.others).to.have.length(1);
    expect(only.env).to.not.have.property('KELOS_CODEX_IMAGE');
    expect(() => fromManifest({ ...manifest, images: {} })).to.throw(/no pause/);
  });
});
