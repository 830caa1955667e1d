import { expect } from 'chai';
import { PassThrough } from 'node:stream';
import { createLogger } from '../../../functions/core/log/create-logger.js';

describe('logger: lines below the level cost nothing', () => {
  it('a debug line at level info is neither formatted nor written; info is', async () => {
    const stream = new PassThrough();
    const lines: string[] = [];
    stream.on('data', (c: Buffer) => lines.push(c.toString()));
    const log = createLogger({ name: 't', level: 'info', format: 'json', stream }).child({ id: 'e1' });
    let reads = 0;
    const meta = {
      get probe() {
        reads++;
        return 'v';
      },
    };
    log.debug('quiet', meta);
    expect(reads, 'meta read for a dropped line').to.equal(0);
    log.info('loud', meta);
    await new Promise((r) => setImmediate(r));
    expect(reads).to.be.greaterThan(0);
    expect(lines.join('')).to.include('"loud"').and.not.include('quiet');
    expect(JSON.parse(lines.join('').trim())).to.include({ id: 'e1', probe: 'v', level: 'info' });
  });
});
