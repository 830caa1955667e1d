import { expect } from 'chai';
import { formatChaos, parseChaos } from '../../storm/chaos-router.js';
import { replayCommand } from '../../storm/storm.js';

describe('storm replay command: carries every option that shapes the run', () => {
  it('prints chaos rates, jitters and the kubelet gap, which --chaos and friends read back', () => {
    const command = replayCommand(
      {
        seed: 20,
        breaks: ['status-resource-version'],
        replicas: 3,
        chaos: { drop: 0.05, duplicate: 0.5, delay: 0.35 },
        statusWriteJitterMs: 1500,
        kubeletFinishAfterMs: 200,
      },
      500,
    );
    expect(command).to.equal(
      'npm run storm -- --seed 20 --events 500 --break status-resource-version --replicas 3' +
        ' --chaos drop=0.05,duplicate=0.5,delay=0.35 --status-write-jitter-ms 1500 --kubelet-finish-after-ms 200',
    );
    const chaos = /--chaos (\S+)/.exec(command)![1]!;
    expect(parseChaos(chaos)).to.deep.equal({ drop: 0.05, duplicate: 0.5, delay: 0.35 });
  });

  it('leaves out what is default', () => {
    expect(replayCommand({ seed: 1 }, 500)).to.equal('npm run storm -- --seed 1 --events 500');
  });

  it('--chaos: rates left out are 0; a bad name or rate is an error naming the part', () => {
    expect(parseChaos('duplicate=0.8')).to.deep.equal({ drop: 0, duplicate: 0.8, delay: 0 });
    expect(formatChaos(parseChaos('delay=1,drop=0'))).to.equal('drop=0,duplicate=0,delay=1');
    expect(() => parseChaos('dup=0.5')).to.throw('"dup=0.5"');
    expect(() => parseChaos('drop=1.5')).to.throw('"drop=1.5"');
    expect(() => parseChaos('drop')).to.throw('"drop"');
    expect(() => parseChaos('drop=x')).to.throw('"drop=x"');
  });
});
