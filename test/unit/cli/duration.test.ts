import { expect } from 'chai';
import { parseGoDuration } from '../../../cli/duration.js';
import { parseEnvFlag, parseTimeout, randomTaskName } from '../../../cli/build-task.js';

describe('cli: Go duration parser', () => {
  const ok: [string, number][] = [
    ['0', 0],
    ['90s', 90e9],
    ['2m', 120e9],
    ['1h30m', 5400e9],
    ['1.5h', 5400e9],
    ['250ms', 250e6],
    ['1h2m3s4ms', 3723.004e9],
    ['.5s', 0.5e9],
    ['1.s', 1e9],
    ['+3s', 3e9],
    ['-3s', -3e9],
    ['10us', 10e3],
    ['10µs', 10e3],
    ['7ns', 7],
  ];
  for (const [input, ns] of ok) {
    it(`parses ${input}`, () => expect(parseGoDuration(input)).to.be.closeTo(ns, 1e-3));
  }
  const bad: [string, string][] = [
    ['', 'time: invalid duration ""'],
    ['abc', 'time: invalid duration "abc"'],
    ['1', 'time: missing unit in duration "1"'],
    ['1x', 'time: unknown unit "x" in duration "1x"'],
    ['1h30', 'time: missing unit in duration "1h30"'],
    ['.s', 'time: invalid duration ".s"'],
    ['-', 'time: invalid duration "-"'],
  ];
  for (const [input, msg] of bad) {
    it(`rejects ${JSON.stringify(input)}`, () => expect(() => parseGoDuration(input)).to.throw(msg));
  }
});

describe('cli: run flag parsing', () => {
  it('--timeout truncates to whole seconds', () => {
    expect(parseTimeout('90s')).to.equal(90);
    expect(parseTimeout('1.9s')).to.equal(1);
    expect(parseTimeout('1h30m')).to.equal(5400);
  });
  it('--timeout errors', () => {
    expect(() => parseTimeout('soon')).to.throw(
      'invalid --timeout value "soon": time: invalid duration "soon"',
    );
    expect(() => parseTimeout('500ms')).to.throw('--timeout must be at least 1s');
    expect(() => parseTimeout('0')).to.throw('--timeout must be at least 1s');
  });
  it('--env NAME=VALUE keeps = in values and allows empty values', () => {
    expect(parseEnvFlag('A=b=c')).to.deep.equal({ name: 'A', value: 'b=c' });
    expect(parseEnvFlag('A=')).to.deep.equal({ name: 'A', value: '' });
    expect(() => parseEnvFlag('A')).to.throw('invalid --env value "A": must be NAME=VALUE');
    expect(() => parseEnvFlag('=x')).to.throw('invalid --env value "=x": must be NAME=VALUE');
  });
  it('default task names are task-<5 lowercase alnum>', () => {
    let i = 0;
    const seq = [0, 0.999, 0.5, 0.1, 0.72];
    expect(randomTaskName(() => seq[i++ % seq.length] as number)).to.equal('task-a9sdz');
    expect(randomTaskName(Math.random)).to.match(/^task-[a-z0-9]{5}$/);
  });
});
