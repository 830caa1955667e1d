/** The real `kelos` executable (bin/kelos.js) as a child process: exit codes, stderr, a call to the API server, bash completion. */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, useCluster, type Cluster } from '../../support/cluster.js';
import { k } from './support.js';

const BIN = join(REPO_ROOT, 'bin', 'kelos.js');

function spawnKelos(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, ...env, KELOS_CLI_FROM_SOURCE: '1' } },
      (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

describe('cli (integration): bin/kelos.js as a process', function () {
  this.timeout(180_000); // every case spawns the CLI through tsx, several seconds each on a loaded machine
  let cluster: Cluster;
  let home: string;
  const tempDirs: string[] = [];

  before(async function () {
    this.timeout(180_000);
    cluster = await useCluster();
    await cluster.applyCrds();
    home = await mkdtemp(join(tmpdir(), 'kelos-bin-'));
    tempDirs.push(home);
  });
  after(() => Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  it('prints `Error: <msg>` without usage and exits 1; version exits 0', async () => {
    const bad = await spawnKelos(['delete', 'task'], { HOME: home });
    expect(bad).to.deep.equal({
      code: 1,
      stdout: '',
      stderr: 'Error: task name is required (or use --all)\n',
    });
    const unknown = await spawnKelos(['frobnicate'], { HOME: home });
    expect(unknown).to.deep.equal({
      code: 1,
      stdout: '',
      stderr: 'Error: unknown command "frobnicate" for "kelos"\n',
    });
    expect(await spawnKelos(['version'], { HOME: home })).to.deep.equal({
      code: 0,
      stdout: 'latest\n',
      stderr: '',
    });
  });

  it('talks to the API server through KUBECONFIG', async () => {
    const ns = await cluster.newNamespace('cli-bin');
    const created = await spawnKelos(
      ['create', 'workspace', 'from-bin', '--repo', 'https://github.com/o/r.git', '-n', ns],
      {
        HOME: home,
        KUBECONFIG: cluster.kubeconfigPath,
      },
    );
    expect(created, created.stderr).to.deep.include({ code: 0, stdout: 'workspace/from-bin created\n' });
    const got = await spawnKelos(['get', 'ws', '-n', ns], { HOME: home, KUBECONFIG: cluster.kubeconfigPath });
    expect(got.stdout).to.match(
      /^NAME\s+REPO\s+REF\s+AGE\nfrom-bin\s+https:\/\/github.com\/o\/r.git\s+\d+s\n$/,
    );
  });

  it('bash completion script completes commands, kinds and names through `kelos __complete`', async () => {
    const ns = await cluster.newNamespace('cli-bash');
    await k(
      cluster,
      ['apply', '-f', '-'],
      `apiVersion: kelos.dev/v1alpha1
kind: Workspace
metadata: { name: repo-one, namespace: ${ns} }
spec: { repo: https://github.com/o/r.git }
`,
    );
    const run = await shellWithKelos('bash');
    const complete = (line: string) => {
      const words = line.split(' ');
      return run(
        [
          'source completion.bash',
          `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})`,
          `COMP_CWORD=${words.length - 1}`,
          '_kelos_complete',
          'printf "%s\\n" "${COMPREPLY[@]}"',
        ].join('\n'),
      );
    };
    expect(await complete('kelos sus')).to.equal('suspend\n');
    expect(await complete('kelos get w')).to.equal('workspace\n');
    expect(await complete(`kelos get workspace -n ${ns} re`)).to.equal('repo-one\n');
    expect(await complete('kelos run --type co')).to.equal('codex\n');
  });

  /**
   * A temporary folder holding a `kelos` wrapper and `completion.<shell>`;
   * the returned function runs a snippet of that shell there with `kelos` on
   * PATH (undefined when the shell is not installed).
   */
  async function shellWithKelos(shell: string): Promise<(program: string) => Promise<string | undefined>> {
    const dir = await mkdtemp(join(tmpdir(), `kelos-${shell}-`));
    tempDirs.push(dir);
    await writeFile(join(dir, 'kelos'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    await chmod(join(dir, 'kelos'), 0o755);
    await writeFile(
      join(dir, `completion.${shell}`),
      (await spawnKelos(['completion', shell], { HOME: home })).stdout,
    );
    const env = {
      ...process.env,
      PATH: `${dir}:${process.env['PATH']}`,
      HOME: home,
      KUBECONFIG: cluster.kubeconfigPath,
      KELOS_CLI_FROM_SOURCE: '1',
    };
    return (program) =>
      new Promise((resolve, reject) => {
        execFile(shell, ['-c', program], { cwd: dir, env }, (err, stdout, stderr) => {
          if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') resolve(undefined);
          else if (err) reject(new Error(stderr));
          else resolve(stdout);
        });
      });
  }

  it('fish completion script completes kinds, flag values and names', async function () {
    const ns = await cluster.newNamespace('cli-fish');
    await k(
      cluster,
      ['apply', '-f', '-'],
      `apiVersion: kelos.dev/v1alpha1\nkind: Workspace\nmetadata: { name: fish-repo, namespace: ${ns} }\nspec: { repo: https://github.com/o/r.git }\n`,
    );
    const fish = await shellWithKelos('fish');
    const out = await fish(
      `source completion.fish; complete -C "kelos get w"; complete -C "kelos run --credential-type o"; complete -C "kelos get ws -n ${ns} f"`,
    );
    if (out === undefined) this.skip();
    expect(out).to.equal('workspace\noauth\nfish-repo\n');
  });

  it('zsh completion script adds the candidates (compadd stubbed, no terminal needed)', async function () {
    const ns = await cluster.newNamespace('cli-zsh');
    await k(
      cluster,
      ['apply', '-f', '-'],
      `apiVersion: kelos.dev/v1alpha1\nkind: AgentConfig\nmetadata: { name: zsh-ac, namespace: ${ns} }\nspec: {}\n`,
    );
    const zsh = await shellWithKelos('zsh');
    const out = await zsh(
      [
        'compdef() { :; }',
        'compadd() { shift; printf "%s\\n" "$@"; }',
        'source completion.zsh',
        'words=(kelos res); CURRENT=2; _kelos',
        `words=(kelos get ac -n ${ns} ""); CURRENT=6; _kelos`,
      ].join('\n'),
    );
    if (out === undefined) this.skip();
    expect(out).to.equal('resume\nzsh-ac\n');
  });
});
