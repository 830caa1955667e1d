/** Config helpers: defaults, parsing, and every problem named in one error. */
import { expect } from 'chai';
import { ConfigError, envReader, parseDurationMs } from '../../../functions/core/config/read-env.js';
import { logFormat } from '../../../functions/core/log/create-logger.js';

describe('envReader', () => {
  it('reads values with defaults', () => {
    const r = envReader({ A: ' x ', N: '5', B: 'false', D: '5m' });
    expect(r.required('A')).to.equal('x');
    expect(r.optional('MISSING', 'dflt')).to.equal('dflt');
    expect(r.maybe('MISSING')).to.equal(undefined);
    expect(r.integer('N', 1)).to.equal(5);
    expect(r.integer('MISSING', 1)).to.equal(1);
    expect(r.boolean('B', true)).to.equal(false);
    expect(r.durationMs('D', 0)).to.equal(300_000);
    expect(r.done({ ok: true })).to.deep.equal({ ok: true });
  });

  it('collects every missing or invalid variable into one error', () => {
    const r = envReader({ EMPTY: '  ', N: 'abc', P: '70000', B: 'maybe', D: '5 minutes' });
    r.required('KUBECONFIG');
    r.required('EMPTY');
    r.integer('N', 1);
    r.integer('P', 8080, { min: 1, max: 65535 });
    r.boolean('B', true);
    r.durationMs('D', 0);
    try {
      r.done({});
      expect.fail('done() should throw');
    } catch (err) {
      expect(err).to.be.instanceOf(ConfigError);
      const problems = (err as ConfigError).problems;
      expect(problems).to.have.length(6);
      expect(problems[0]).to.equal('KUBECONFIG is required');
      expect(problems[1]).to.equal('EMPTY is required');
      expect(problems[3]).to.equal('P must be an integer >= 1 and <= 65535 (got "70000")');
      expect((err as Error).message).to.match(
        /^invalid configuration: KUBECONFIG is required; EMPTY is required; N must be/,
      );
    }
  });

  it('oneOf: unset or allowed passes; anything else is a problem naming the choices', () => {
    const r = envReader({ OK: 'Never', BAD: 'Sometimes' });
    expect(r.oneOf('OK', ['Always', 'Never'])).to.equal('Never');
    expect(r.oneOf('MISSING', ['Always', 'Never'])).to.equal(undefined);
    expect(r.oneOf('BAD', ['Always', 'Never'])).to.equal(undefined);
    expect(() => r.done({})).to.throw(ConfigError, 'BAD must be one of Always, Never (got "Sometimes")');
  });

  it('parses durations', () => {
    expect(parseDurationMs('250ms')).to.equal(250);
    expect(parseDurationMs('30')).to.equal(30_000);
    expect(parseDurationMs('1.5h')).to.equal(5_400_000);
    expect(parseDurationMs('-1s')).to.equal(undefined);
  });

  it('chooses the log format from LOG_FORMAT, then NODE_ENV', () => {
    expect(logFormat({})).to.equal('pretty');
    expect(logFormat({ NODE_ENV: 'production' })).to.equal('json');
    expect(logFormat({ NODE_ENV: 'production', LOG_FORMAT: 'pretty' })).to.equal('pretty');
    expect(logFormat({ LOG_FORMAT: 'json' })).to.equal('json');
  });
});
