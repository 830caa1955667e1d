/** The answer rules of SPEC.md §2: which outcome gets which status and body. */
import { expect } from 'chai';
import { KubeError } from '../../../functions/core/k8s/errors.js';
import { answerForError, answerForResult } from '../../../functions/core/runtime/answer.js';
import { ConflictError, TransientError, ValidationError } from '../../../functions/core/runtime/errors.js';

describe('answer mapping', () => {
  it('handled → 202 and ignored → 204, both without a body', () => {
    expect(answerForResult('handled')).to.deep.equal({ status: 202, logAsError: false });
    expect(answerForResult('ignored')).to.deep.equal({ status: 204, logAsError: false });
  });

  const table: Array<[string, unknown, number, boolean]> = [
    ['ValidationError', new ValidationError('bad'), 400, false],
    ['ConflictError', new ConflictError('raced'), 409, false],
    ['KubeError 409 Conflict', new KubeError({ code: 409, reason: 'Conflict', verb: 'replace' }), 409, false],
    ['TransientError', new TransientError('later'), 503, false],
    ['KubeError unreachable', new KubeError({ code: 0, reason: 'ECONNREFUSED', verb: 'get' }), 503, false],
    ['KubeError 429', new KubeError({ code: 429, reason: 'TooManyRequests', verb: 'get' }), 503, false],
    ['KubeError 500', new KubeError({ code: 500, reason: 'InternalError', verb: 'get' }), 503, false],
    [
      'KubeError 409 AlreadyExists (a bug if it escapes)',
      new KubeError({ code: 409, reason: 'AlreadyExists', verb: 'create' }),
      503,
      true,
    ],
    ['KubeError 403', new KubeError({ code: 403, reason: 'Forbidden', verb: 'get' }), 503, true],
    ['TypeError', new TypeError('boom'), 503, true],
    ['a thrown string', 'boom', 503, true],
  ];
  for (const [name, err, status, logAsError] of table) {
    it(`${name} → ${status}`, () => {
      const answer = answerForError(err);
      expect(answer.status).to.equal(status);
      expect(answer.logAsError).to.equal(logAsError);
      expect(answer.body).to.have.property('error').that.is.a('string');
    });
  }

  it('keeps ValidationError details and hides unexpected internals', () => {
    expect(answerForError(new ValidationError('bad event', { details: ['name'] })).body).to.deep.equal({
      error: 'bad event',
      details: ['name'],
    });
    expect(answerForError(new Error('db password is hunter2')).body).to.deep.equal({
      error: 'internal error',
    });
  });
});
