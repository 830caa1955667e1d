import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startGitServer, type GitServer } from '../../../scripts/dev/git-server.js';

const run = promisify(execFile);
const TOKEN = 'tok-3f9a';
const env = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_TERMINAL_PROMPT: '0',
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@t',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@t',
};
// The credential helper launch-pod's init containers use, token from the environment.
const helper = '!f() { echo "username=x-access-token"; echo "password=$GITHUB_TOKEN"; }; f';
const git = (args: string[], cwd?: string, token = TOKEN) =>
  run('git', ['-c', `credential.helper=${helper}`, ...args], { cwd, env: { ...env, GITHUB_TOKEN: token } });

describe('local git server (git http-backend over HTTP with a token)', () => {
  let dir: string;
  let server: GitServer;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kelos-git-server-'));
    server = await startGitServer({ root: join(dir, 'repos'), token: TOKEN });
    await server.createRepo('demo', { 'README.md': '# demo\n' });
  });
  after(async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('clones with the token and takes a pushed branch', async () => {
    const clone = join(dir, 'clone');
    await git(['clone', '-q', server.repoUrl('demo'), clone]);
    await writeFile(join(clone, 'hello.txt'), 'hello\n');
    await git(['add', 'hello.txt'], clone);
    await git(['commit', '-q', '-m', 'Add hello'], clone);
    await git(['push', '-q', 'origin', 'HEAD:refs/heads/feature/x'], clone);
    const { stdout } = await git(['rev-parse', 'HEAD'], clone);
    expect(await server.branchCommit('demo', 'feature/x')).to.equal(stdout.trim());
    expect(await server.show('demo', 'feature/x', 'hello.txt')).to.equal('hello\n');
    expect(await server.branchCommit('demo', 'absent')).to.equal(undefined);
  });

  it('refuses a clone without the right token', async () => {
    const err = await git(
      ['clone', '-q', server.repoUrl('demo'), join(dir, 'denied')],
      undefined,
      'wrong',
    ).then(
      () => undefined,
      (e: { stderr: string }) => e,
    );
    expect(err?.stderr).to.match(/401|Authentication failed/);
  });
});
