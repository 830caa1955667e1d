import { expect } from 'chai';
import { AGENT_TYPES } from '../../../functions/core/api/types.js';
import { readImages } from '../../../functions/launch-pod/images.js';
import { IMAGE_NAMES, imageDef, imageRef, selectImages } from '../../../scripts/images/catalog.js';
import { mountsUnder } from '../../../scripts/images/base.js';
import { debianMirror } from '../../../scripts/images/debian-mirror.js';
import { imagesDir, runDir, tarPath, tarsToPrune } from '../../../scripts/images/paths.js';

describe('images: catalog, paths, mirror', () => {
  it('selects in build order; none = all; unknown names are refused with the known ones', () => {
    expect(selectImages([])).to.deep.equal(['pause', 'git', ...AGENT_TYPES]);
    expect(selectImages(['codex', 'pause'])).to.deep.equal(['pause', 'codex']);
    expect(() => selectImages(['git', 'nope'])).to.throw(
      /unknown image "nope" \(known: pause, git, claude-code/,
    );
  });

  it("each image's env variable is the one launch-pod reads", () => {
    const env: Record<string, string> = {};
    for (const name of IMAGE_NAMES) {
      const def = imageDef(name);
      if (def.env) env[def.env] = imageRef(name, 'h');
    }
    const images = readImages(env);
    expect(images.git).to.equal('localhost/kelos-git:h');
    for (const type of AGENT_TYPES) expect(images.agents[type]).to.equal(`localhost/kelos-${type}:h`);
    expect(imageDef('pause').env).to.equal(null);
  });

  it('agent images take Debian gh; git gets the base as BASE', () => {
    const codex = imageDef('codex');
    expect(codex.kind === 'dockerfile' && codex.buildArgs).to.deep.equal({ GH_SOURCE: 'debian' });
    const git = imageDef('git');
    expect(git.kind === 'dockerfile' && git.baseArg).to.equal(true);
  });

  it('puts the cache under KELOS_CACHE_DIR, else XDG_CACHE_HOME/kelos, else ~/.cache/kelos', () => {
    expect(imagesDir({ KELOS_CACHE_DIR: '/c' })).to.equal('/c/images');
    expect(imagesDir({ XDG_CACHE_HOME: '/x' })).to.equal('/x/kelos/images');
    expect(imagesDir({})).to.match(/\/\.cache\/kelos\/images$/);
    expect(tarPath('/c/images', 'git', 'ab')).to.equal('/c/images/git-ab.tar');
  });

  it('prunes leftover partials and all but the 3 most recently used tars, never one in use', () => {
    const files = [
      { file: 'git-aa.tar', mtimeMs: 1 },
      { file: 'git-bb.tar', mtimeMs: 5 },
      { file: 'git-cc.tar', mtimeMs: 4 },
      { file: 'git-dd.tar', mtimeMs: 3 },
      { file: 'git-ee.tar.partial', mtimeMs: 9 },
      { file: 'gitx-aa.tar', mtimeMs: 0 },
      { file: 'pause-aa.tar', mtimeMs: 0 },
    ];
    expect(tarsToPrune(files, 'git', new Set(['git-aa.tar']))).to.deep.equal([
      'git-ee.tar.partial',
      'git-dd.tar',
    ]);
    expect(tarsToPrune(files, 'git', new Set())).to.deep.equal(['git-ee.tar.partial', 'git-aa.tar']);
    expect(tarsToPrune(files, 'git', new Set(['git-aa.tar']), 1)).to.deep.equal([
      'git-ee.tar.partial',
      'git-bb.tar',
      'git-cc.tar',
      'git-dd.tar',
    ]);
    const agents = [
      { file: 'claude-code-01.tar', mtimeMs: 1 },
      { file: 'codex-01.tar', mtimeMs: 1 },
    ];
    expect(tarsToPrune(agents, 'claude-code', new Set(), 0)).to.deep.equal(['claude-code-01.tar']);
  });

  it("names a run's manifest folder by its images and hashes, in any order", () => {
    const a = runDir('/c/images', { git: { hash: '01' }, pause: { hash: '02' } });
    expect(a).to.match(/^\/c\/images\/runs\/[0-9a-f]{16}$/);
    expect(runDir('/c/images', { pause: { hash: '02' }, git: { hash: '01' } })).to.equal(a);
    expect(runDir('/c/images', { pause: { hash: '02' }, git: { hash: '03' } })).to.not.equal(a);
    expect(runDir('/c/images', { pause: { hash: '02' } })).to.not.equal(a);
  });

  it('reads the Debian mirror from deb822 and one-line sources', () => {
    const deb822 = [
      'Types: deb\nURIs: http://deb.debian.org/debian-security\nSuites: bookworm-security\nComponents: main',
      'Types: deb\nURIs: http://mirror.example/debian\nSuites: bookworm bookworm-updates\nComponents: main contrib',
    ].join('\n\n');
    expect(debianMirror([deb822], 'bookworm')).to.equal('http://mirror.example/debian');
    expect(
      debianMirror(
        ['Types: deb\nEnabled: no\nURIs: http://a/\nSuites: bookworm\nComponents: main'],
        'bookworm',
      ),
    ).to.equal(undefined);
    expect(debianMirror(['# x\ndeb [arch=amd64] http://b/debian bookworm main\n'], 'bookworm')).to.equal(
      'http://b/debian',
    );
    expect(debianMirror(['deb https://c/apt cloud-sdk main\n'], 'bookworm')).to.equal(undefined);
  });

  it('finds the mounts a failed debootstrap left in a tree, deepest first, nothing outside it', () => {
    const info = [
      '22 1 0:21 / /proc rw - proc proc rw',
      '90 60 0:5 / /c/root/proc rw - proc proc rw',
      '91 90 0:6 / /c/root/proc/sys/fs/binfmt_misc rw - binfmt_misc x rw',
      '92 60 0:7 / /c/root2/sys rw - sysfs sysfs rw',
      '93 60 0:8 / /c/root/my\\040dir rw - tmpfs t rw',
    ].join('\n');
    expect(mountsUnder(info, '/c/root')).to.deep.equal([
      '/c/root/proc/sys/fs/binfmt_misc',
      '/c/root/my dir',
      '/c/root/proc',
    ]);
  });
});
