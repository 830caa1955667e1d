/** KubeError construction from API responses, and the helpers callers branch on. */
import { expect } from 'chai';
import {
  isAlreadyExists,
  isConflict,
  isNotFound,
  KubeError,
  kubeErrorFromResponse,
} from '../../../functions/core/k8s/errors.js';

const status = (code: number, reason: string, message: string) =>
  JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason, code });

describe('KubeError', () => {
  const ref = { kind: 'Task', namespace: 'team-a', name: 'fix-1' };

  it('takes code, reason and message from a Status body and names the object', () => {
    const err = kubeErrorFromResponse(
      409,
      status(409, 'AlreadyExists', 'tasks.kelos.dev "fix-1" already exists'),
      'create',
      ref,
    );
    expect(err.code).to.equal(409);
    expect(err.reason).to.equal('AlreadyExists');
    expect(err.message).to.equal(
      'create Task team-a/fix-1: tasks.kelos.dev "fix-1" already exists (409 AlreadyExists)',
    );
    expect(isAlreadyExists(err)).to.equal(true);
    expect(isConflict(err)).to.equal(false);
  });

  it('distinguishes Conflict from AlreadyExists and recognises NotFound', () => {
    const conflict = kubeErrorFromResponse(
      409,
      status(409, 'Conflict', 'the object has been modified'),
      'replace',
      ref,
    );
    expect(isConflict(conflict)).to.equal(true);
    expect(isAlreadyExists(conflict)).to.equal(false);
    expect(isNotFound(kubeErrorFromResponse(404, status(404, 'NotFound', 'not found'), 'get', ref))).to.equal(
      true,
    );
    expect(isNotFound(new Error('404'))).to.equal(false);
  });

  it('falls back to the HTTP status for bodies that are not a Status, cut short', () => {
    const err = kubeErrorFromResponse(502, `<html>${'x'.repeat(1000)}</html>`, 'list', {
      kind: 'Pod',
      namespace: 'n',
    });
    expect(err.code).to.equal(502);
    expect(err.reason).to.equal('InternalError');
    expect(err.transient).to.equal(true);
    expect(err.message.length).to.be.lessThan(300);
    expect(err.message).to.match(/^list Pod in n: <html>/);
  });

  it('marks unreachable (code 0), 429 and 5xx as transient, others not', () => {
    expect(new KubeError({ code: 0, reason: 'ECONNREFUSED', verb: 'get' }).transient).to.equal(true);
    expect(new KubeError({ code: 429, reason: 'TooManyRequests', verb: 'get' }).transient).to.equal(true);
    expect(new KubeError({ code: 422, reason: 'Invalid', verb: 'create' }).transient).to.equal(false);
  });
});
