/**
 * Typed errors are recognised across module copies (mocha + tsx loads a module
 * twice when one path uses require and another import()), and the test helper
 * loads functions through the same loader as the specs.
 */
import { expect } from 'chai';
import { isConflict, KubeError } from '../../../functions/core/k8s/errors.js';
import { answerForError } from '../../../functions/core/runtime/answer.js';
import { ConflictError, TransientError, ValidationError } from '../../../functions/core/runtime/errors.js';
import { loadModule } from '../../support/functions.js';

/** A structural twin of an error from another copy of the module: same brand, other prototype. */
function fromOtherCopy(err: Error): Error {
  const twin = Object.assign(new Error(err.message), err);
  for (const sym of Object.getOwnPropertySymbols(err))
    (twin as unknown as Record<symbol, unknown>)[sym] = (err as unknown as Record<symbol, unknown>)[sym];
  return twin;
}

describe('typed errors across module copies', () => {
  it('instanceof recognises the brand, not the prototype', () => {
    const kube = fromOtherCopy(new KubeError({ code: 409, reason: 'Conflict', verb: 'replace' }));
    expect(Object.getPrototypeOf(kube)).to.equal(Error.prototype);
    expect(kube).to.be.instanceOf(KubeError);
    expect(isConflict(kube)).to.equal(true);
    expect(fromOtherCopy(new ValidationError('bad'))).to.be.instanceOf(ValidationError);
    expect(answerForError(fromOtherCopy(new ConflictError('raced'))).status).to.equal(409);
    expect(answerForError(fromOtherCopy(new TransientError('later'))).status).to.equal(503);
    expect(new Error('plain')).to.not.be.instanceOf(KubeError);
    expect(new ValidationError('v')).to.not.be.instanceOf(ConflictError);
  });

  it('loadModule returns the copy the specs use', async () => {
    const mod = (await loadModule('../../functions/core/k8s/errors.js')) as { KubeError: unknown };
    expect(mod.KubeError).to.equal(KubeError);
  });
});
