import { expect } from 'chai';
import { BREAKABLE, broken } from '../../../functions/core/test-hooks/broken-guarantee.js';

describe('test-only broken-guarantee switches', () => {
  it('are all off unless KELOS_TEST_BREAK names them', () => {
    for (const b of BREAKABLE) expect(broken(b, {})).to.equal(false);
    expect(broken('branch-lease', { KELOS_TEST_BREAK: 'resync-sweep' })).to.equal(false);
  });
  it('KELOS_TEST_BREAK takes a comma-separated list', () => {
    const env = { KELOS_TEST_BREAK: 'branch-lease, resync-sweep' };
    expect(BREAKABLE.filter((b) => broken(b, env))).to.deep.equal(['branch-lease', 'resync-sweep']);
  });
  it('no manifest, script or example sets it', async () => {
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(
      'git',
      ['grep', '-l', 'KELOS_TEST_BREAK', '--', 'knative', 'scripts', 'Dockerfile', 'examples'],
      {
        encoding: 'utf8',
      },
    );
    expect(r.stdout).to.equal('');
  });
});
