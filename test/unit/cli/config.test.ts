import { expect } from 'chai';
import { mkdtemp, readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../cli/config/config.js';
import { defaultConfigPath, expandHome } from '../../../cli/config/paths.js';
import { resolveContent, resolveCredentialValue } from '../../../cli/config/resolve-content.js';
import { isYes, overridePrompt, confirm, LineReader } from '../../../cli/confirm.js';
import { Readable } from 'node:stream';
import { Capture, run } from './support/run.js';

async function tempHome(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'kelos-cli-home-'));
}

describe('cli: config file', () => {
  it('loads every key', async () => {
    const home = await tempHome();
    const path = join(home, 'c.yaml');
    await writeFile(
      path,
      [
        'oauthToken: tok',
        'secret: s',
        'credentialType: oauth',
        'type: codex',
        'model: gpt-5',
        'namespace: team',
        'agentConfig: ac',
        'workspace:',
        '  name: ws',
        '  repo: https://github.com/o/r.git',
        '  ref: main',
        '  token: ght',
        '  githubApp:',
        '    appID: 12345',
        '    installationID: "678"',
        '    privateKeyPath: ~/key.pem',
      ].join('\n'),
    );
    expect(await loadConfig(path)).to.deep.equal({
      oauthToken: 'tok',
      secret: 's',
      credentialType: 'oauth',
      type: 'codex',
      model: 'gpt-5',
      namespace: 'team',
      agentConfig: 'ac',
      workspace: {
        name: 'ws',
        repo: 'https://github.com/o/r.git',
        ref: 'main',
        token: 'ght',
        githubApp: { appID: '12345', installationID: '678', privateKeyPath: '~/key.pem' },
      },
    });
  });
  it('a missing file is an empty config', async () => {
    expect(await loadConfig(join(await tempHome(), 'nope.yaml'))).to.deep.equal({});
  });
  it('an empty file is an empty config; partial files load what is there', async () => {
    const home = await tempHome();
    await writeFile(join(home, 'e.yaml'), '');
    expect(await loadConfig(join(home, 'e.yaml'))).to.deep.equal({});
    await writeFile(join(home, 'p.yaml'), 'apiKey: k\ntype: ""\n');
    expect(await loadConfig(join(home, 'p.yaml'))).to.deep.equal({ apiKey: 'k', type: '' });
  });
  it('malformed YAML → parsing config file <path>: ...', async () => {
    const path = join(await tempHome(), 'bad.yaml');
    await writeFile(path, 'oauthToken: [unclosed\n');
    let err: Error | undefined;
    await loadConfig(path).catch((e: Error) => (err = e));
    expect(err?.message).to.match(new RegExp(`^parsing config file ${path}: `));
  });
  it('a kelos command reports the parse error', async () => {
    const home = await tempHome();
    await mkdir(join(home, '.kelos'));
    await writeFile(join(home, '.kelos', 'config.yaml'), 'a: b: c\n');
    const r = await run(['run', '-p', 'x', '--dry-run'], { env: { HOME: home } });
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/^Error: parsing config file .*\.kelos\/config\.yaml: /);
  });
  it('default path is ~/.kelos/config.yaml; --config overrides it', async () => {
    expect(defaultConfigPath({ HOME: '/home/me' })).to.equal('/home/me/.kelos/config.yaml');
    const home = await tempHome();
    await writeFile(join(home, 'other.yaml'), 'apiKey: from-other\n');
    const r = await run(['run', '-p', 'x', '--dry-run', '--config', join(home, 'other.yaml')], {
      env: { HOME: home },
    });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.contain('name: kelos-credentials');
  });
  it('expands ~ (the fix the original lacked)', () => {
    expect(expandHome('~/a/b', { HOME: '/h' })).to.equal('/h/a/b');
    expect(expandHome('~', { HOME: '/h' })).to.equal('/h');
    expect(expandHome('/abs/~/x', { HOME: '/h' })).to.equal('/abs/~/x');
    expect(expandHome('~other/x', { HOME: '/h' })).to.equal('~other/x');
  });
});

describe('cli: @file content', () => {
  it('literal, @file, @~/file, trailing newlines trimmed, missing file errors', async () => {
    const home = await tempHome();
    await writeFile(join(home, 'auth.json'), '{"token":"t"}\n\n');
    const env = { HOME: home };
    expect(await resolveContent('', env)).to.equal('');
    expect(await resolveContent('plain', env)).to.equal('plain');
    expect(await resolveContent(`@${join(home, 'auth.json')}`, env)).to.equal('{"token":"t"}');
    expect(await resolveContent('@~/auth.json', env)).to.equal('{"token":"t"}');
    let err: Error | undefined;
    await resolveContent('@~/missing.txt', env).catch((e: Error) => (err = e));
    expect(err?.message).to.contain(`reading file ${join(home, 'missing.txt')}`);
  });
  it('credential value none → empty', async () => {
    expect(await resolveCredentialValue('none', {})).to.equal('');
    expect(await resolveCredentialValue('sk-1', {})).to.equal('sk-1');
  });
});

describe('cli: confirm', () => {
  it('accepts y/yes in any case, everything else is no', () => {
    for (const a of ['y', 'Y', 'yes', 'YES', 'Yes', ' y ']) expect(isYes(a), a).to.equal(true);
    for (const a of ['n', 'no', 'N', '', 'yep', 'sure']) expect(isYes(a), a).to.equal(false);
  });
  it('EOF is a no; the prompt names the resource', async () => {
    const err = new Capture();
    const reader = new LineReader(Readable.from([]));
    expect(await confirm(overridePrompt('secret/kelos-credentials'), reader, err)).to.equal(false);
    expect(err.text).to.equal('Resource secret/kelos-credentials already exists. Override? [y/N]: ');
  });
  it('reads successive answers from one chunk', async () => {
    const reader = new LineReader(Readable.from(['y\nno\nyes\n']));
    const err = new Capture();
    expect(await confirm('a', reader, err)).to.equal(true);
    expect(await confirm('b', reader, err)).to.equal(false);
    expect(await confirm('c', reader, err)).to.equal(true);
    expect(await confirm('d', reader, err)).to.equal(false);
    reader.close();
  });
});

describe('cli: kelos init', () => {
  it('creates the file (0600) and its directory (0700) with the template', async () => {
    const home = await tempHome();
    const r = await run(['init'], { env: { HOME: home } });
    const path = join(home, '.kelos', 'config.yaml');
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.contain(`Config file created: ${path}`);
    expect(r.stdout).to.contain('Next steps:');
    expect(r.stdout).to.match(/1\. .*\n.*2\. .*\n.*3\. .*\n.*4\. /);
    expect((await stat(path)).mode & 0o777).to.equal(0o600);
    expect((await stat(join(home, '.kelos'))).mode & 0o777).to.equal(0o700);
    const text = await readFile(path, 'utf8');
    expect(text).to.contain('oauthToken: ""');
    for (const key of [
      '# apiKey:',
      '# type:',
      '# model:',
      '# namespace:',
      '# workspace:',
      '#   name:',
      '#   repo:',
      '#   ref:',
      '#   token:',
      '# agentConfig:',
      '# secret:',
      '# credentialType:',
    ]) {
      expect(text).to.contain(key);
    }
    expect(await loadConfig(path)).to.deep.equal({ oauthToken: '' });
  });
  it('refuses to overwrite without --force, overwrites with it', async () => {
    const home = await tempHome();
    const path = join(home, 'nested', 'dir', 'kelos.yaml');
    expect((await run(['init', '--config', path], { env: { HOME: home } })).code).to.equal(0);
    await writeFile(path, 'apiKey: mine\n');
    const again = await run(['init', '--config', path], { env: { HOME: home } });
    expect(again.code).to.equal(1);
    expect(again.stderr).to.equal(`Error: config file already exists: ${path} (use --force to overwrite)\n`);
    expect(await readFile(path, 'utf8')).to.equal('apiKey: mine\n');
    const forced = await run(['init', '--config', path, '-f'], { env: { HOME: home } });
    expect(forced.code).to.equal(0);
    expect(await readFile(path, 'utf8')).to.contain('oauthToken: ""');
  });
});
