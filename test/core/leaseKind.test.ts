import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { leaseKindOf } from '../../src/core/leaseKind';
import { fixtureLeaseObjects } from '../support/fixtures';

describe('leaseKindOf', () => {
  test('every fixture lease', () => {
    assert.deepEqual(
      fixtureLeaseObjects().map((l) => leaseKindOf(l.metadata.namespace, l.metadata.labels)),
      ['leader', 'leader', 'node', 'apiserver-identity', 'leader', 'leader', 'leader', 'leader'],
    );
  });

  test('kube-node-lease wins, labels decide the rest', () => {
    assert.equal(leaseKindOf('kube-node-lease', { 'apiserver.kubernetes.io/identity': 'kube-apiserver' }), 'node');
    assert.equal(leaseKindOf('kube-system', { 'apiserver.kubernetes.io/identity': '' }), 'apiserver-identity');
    assert.equal(leaseKindOf('kube-system', undefined), 'leader');
    assert.equal(leaseKindOf('kube-system', {}), 'leader');
    assert.equal(leaseKindOf('kube-system', { 'kubernetes.io/hostname': 'cp-node-1' }), 'leader');
    assert.equal(leaseKindOf('kube-node-lease-x', undefined), 'leader');
  });
});
