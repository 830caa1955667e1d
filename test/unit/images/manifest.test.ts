import { expect } from 'chai';
import {
  emptyManifest,
  imageEnv,
  parseManifest,
  serializeManifest,
  withEntry,
  type ImageEntry,
} from '../../../scripts/images/manifest.js';

const entry = (name: string, env: string | null): ImageEntry => ({
  ref: `localhost/kelos-${name}:0123456789abcdef`,
  tar: `/c/images/${name}-0123456789abcdef.tar`,
  hash: '0123456789abcdef',
  env,
  bytes: 1234,
  buildSeconds: 1.5,
});

describe('images: images.json', () => {
  const manifest = withEntry(
    withEntry(
      withEntry(emptyManifest(), 'pause', entry('pause', null)),
      'git',
      entry('git', 'KELOS_GIT_IMAGE'),
    ),
    'claude-code',
    entry('claude-code', 'KELOS_CLAUDE_CODE_IMAGE'),
  );

  it('round-trips through its text, names sorted', () => {
    const text = serializeManifest(manifest);
    expect(parseManifest(text)).to.deep.equal(manifest);
    expect(Object.keys((JSON.parse(text) as { images: object }).images)).to.deep.equal([
      'claude-code',
      'git',
      'pause',
    ]);
  });

  it('replaces an entry without touching the others', () => {
    const next = withEntry(manifest, 'git', { ...entry('git', 'KELOS_GIT_IMAGE'), hash: 'ffff' });
    expect(next.images['git']?.hash).to.equal('ffff');
    expect(next.images['pause']).to.deep.equal(manifest.images['pause']);
    expect(manifest.images['git']?.hash).to.equal('0123456789abcdef');
  });

  it('gives launch-pod its environment: one variable per image with env, pull policy Never', () => {
    expect(imageEnv(manifest)).to.deep.equal({
      KELOS_IMAGE_PULL_POLICY: 'Never',
      KELOS_GIT_IMAGE: 'localhost/kelos-git:0123456789abcdef',
      KELOS_CLAUDE_CODE_IMAGE: 'localhost/kelos-claude-code:0123456789abcdef',
    });
  });

  it('refuses bad input with the field at fault', () => {
    expect(() => parseManifest('{')).to.throw(/not JSON/);
    expect(() => parseManifest('[]')).to.throw(/not an object/);
    expect(() => parseManifest('{"schema":2,"images":{}}')).to.throw(/schema 2 is not 1/);
    expect(() => parseManifest('{"schema":1}')).to.throw(/images is not an object/);
    const bad = (patch: Partial<Record<keyof ImageEntry, unknown>>): string =>
      JSON.stringify({ schema: 1, images: { git: { ...entry('git', 'KELOS_GIT_IMAGE'), ...patch } } });
    expect(() => parseManifest(bad({ ref: '' }))).to.throw(/images\["git"\]\.ref must be a non-empty string/);
    expect(() => parseManifest(bad({ tar: 3 }))).to.throw(/\.tar must be/);
    expect(() => parseManifest(bad({ bytes: -1 }))).to.throw(/\.bytes must be a number/);
    expect(() => parseManifest(bad({ env: 'PATH' }))).to.throw(/\.env must be null or a KELOS_\*_IMAGE name/);
    expect(() => parseManifest(JSON.stringify({ schema: 1, images: { git: 'x' } }))).to.throw(
      /images\["git"\] is not an object/,
    );
  });
});
