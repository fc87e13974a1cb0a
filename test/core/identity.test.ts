import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  identityAddress,
  identityUserHost,
  isIpAddress,
  looksLikeHostname,
  parseHolderIdentity,
  shortHolder,
} from '../../src/core/identity';
import { fixtureLeaseObjects } from '../support/fixtures';

const UUID = '1f0c9a3e-7b7d-4c55-a0a1-6d2e8e3f4b21';

describe('parseHolderIdentity', () => {
  test('client-go <hostname>_<uuid>', () => {
    assert.deepEqual(parseHolderIdentity(`cp-node-2_${UUID}`), { raw: `cp-node-2_${UUID}`, hostname: 'cp-node-2', uuid: UUID });
    assert.deepEqual(parseHolderIdentity(`payments-api-7d9f8c6b5-x2k4p_${UUID.toUpperCase()}`), {
      raw: `payments-api-7d9f8c6b5-x2k4p_${UUID.toUpperCase()}`,
      hostname: 'payments-api-7d9f8c6b5-x2k4p',
      uuid: UUID.toUpperCase(),
    });
    assert.deepEqual(parseHolderIdentity(`host.example.com_${UUID}`), {
      raw: `host.example.com_${UUID}`,
      hostname: 'host.example.com',
      uuid: UUID,
    });
  });

  test('API server identity apiserver-<hash>_<uuid>', () => {
    const id = 'apiserver-2ogo5gqz6cz3wkmd4vkhqqbu7e_4b3a2c1d-0e9f-4a8b-b7c6-d5e4f3a2b1c0';
    assert.deepEqual(parseHolderIdentity(id), {
      raw: id,
      hostname: 'apiserver-2ogo5gqz6cz3wkmd4vkhqqbu7e',
      uuid: '4b3a2c1d-0e9f-4a8b-b7c6-d5e4f3a2b1c0',
    });
  });

  test('identities without a uuid', () => {
    const certManager = 'cert-manager-7d9f8c6b5-x2k4p-external-cert-manager-controller';
    assert.deepEqual(parseHolderIdentity(certManager), { raw: certManager, hostname: certManager });
    assert.deepEqual(parseHolderIdentity('cp-node-1'), { raw: 'cp-node-1', hostname: 'cp-node-1' });
    assert.deepEqual(parseHolderIdentity('my controller'), { raw: 'my controller' });
    assert.deepEqual(parseHolderIdentity('host_not-a-uuid'), { raw: 'host_not-a-uuid' });
    assert.deepEqual(parseHolderIdentity(''), { raw: '' });
  });

  test('a uuid after something that is not a hostname', () => {
    assert.deepEqual(parseHolderIdentity(`my_host_${UUID}`), { raw: `my_host_${UUID}`, uuid: UUID });
    assert.deepEqual(parseHolderIdentity(`_${UUID}`), { raw: `_${UUID}` });
    assert.deepEqual(parseHolderIdentity(`مدير-1_${UUID}`), { raw: `مدير-1_${UUID}`, uuid: UUID });
  });

  test('every fixture holder', () => {
    const parsed = fixtureLeaseObjects().map((l) => {
      const p = parseHolderIdentity(l.spec.holderIdentity ?? '');
      return [p.hostname, p.uuid];
    });
    assert.deepEqual(parsed, [
      ['cp-node-2', '1f0c9a3e-7b7d-4c55-a0a1-6d2e8e3f4b21'],
      ['cp-node-1', '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d'],
      ['cp-node-1', undefined],
      ['apiserver-2ogo5gqz6cz3wkmd4vkhqqbu7e', '4b3a2c1d-0e9f-4a8b-b7c6-d5e4f3a2b1c0'],
      [undefined, undefined],
      ['cert-manager-7d9f8c6b5-x2k4p-external-cert-manager-controller', undefined],
      [undefined, undefined],
      ['cp-node-3', undefined],
    ]);
  });

  test('a 10 KB identity keeps raw but names no host', () => {
    const huge = `${'a'.repeat(10_000)}_${UUID}`;
    assert.deepEqual(parseHolderIdentity(huge), { raw: huge, uuid: UUID });
    assert.deepEqual(parseHolderIdentity('b'.repeat(10_240)), { raw: 'b'.repeat(10_240) });
  });
});

describe('looksLikeHostname', () => {
  test('RFC 1123 shapes only', () => {
    assert.equal(looksLikeHostname('cp-node-1'), true);
    assert.equal(looksLikeHostname('CP-Node-1'), true);
    assert.equal(looksLikeHostname('a.b.c'), true);
    assert.equal(looksLikeHostname('a'.repeat(63)), true);
    assert.equal(looksLikeHostname('a'.repeat(64)), false);
    assert.equal(looksLikeHostname(`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`), true);
    assert.equal(looksLikeHostname(`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`), false);
    for (const s of ['', '-a', 'a-', 'a_b', 'a..b', '.a', 'a b', 'ü', 'a/b']) {
      assert.equal(looksLikeHostname(s), false, s);
    }
  });
});

describe('shortHolder', () => {
  test('the hostname without the uuid', () => {
    assert.equal(shortHolder(`cp-node-2_${UUID}`), 'cp-node-2');
    assert.equal(
      shortHolder('apiserver-2ogo5gqz6cz3wkmd4vkhqqbu7e_4b3a2c1d-0e9f-4a8b-b7c6-d5e4f3a2b1c0'),
      'apiserver-2ogo5gqz6cz3wkmd4vkhqqbu7e',
    );
    assert.equal(shortHolder(`my_host_${UUID}`), 'my_host');
    assert.equal(shortHolder('cp-node-1'), 'cp-node-1');
  });

  test('nothing for no holder', () => {
    assert.equal(shortHolder(undefined), '');
    assert.equal(shortHolder(''), '');
  });

  test('at most 40 code points with an ellipsis', () => {
    assert.equal(shortHolder('cert-manager-7d9f8c6b5-x2k4p-external-cert-manager-controller'), 'cert-manager-7d9f8c6b5-x2k4p-external-c…');
    assert.equal(shortHolder(`${'a'.repeat(10_000)}_${UUID}`), `${'a'.repeat(39)}…`);
    assert.equal(shortHolder('z'.repeat(10_240)), `${'z'.repeat(39)}…`);
    const long = shortHolder(`${'h'.repeat(63)}.${'h'.repeat(63)}_${UUID}`);
    assert.equal(Array.from(long).length, 40);
  });

  test('strips control characters and bidi overrides, keeps RTL text', () => {
    assert.equal(shortHolder(`\u202Eevil\u202C_${UUID}`), 'evil');
    assert.equal(shortHolder('pod\u0000-\u001b[31mred\n'), 'pod-[31mred');
    assert.equal(shortHolder(`مدير-1_${UUID}`), 'مدير-1');
    assert.equal(shortHolder('שלום עולם'), 'שלום עולם');
    assert.equal(shortHolder('\u0001\u0002\u0003'), '(unprintable)');
  });

  test('emoji identities are cut on code point boundaries', () => {
    const s = shortHolder('😀'.repeat(1000));
    assert.equal(Array.from(s).length, 40);
    assert.ok(s.endsWith('😀…'));
  });
});

describe('identityAddress', () => {
  const rows: [string, string | undefined][] = [
    ['10.244.1.7', '10.244.1.7'],
    [`10.244.1.7_${UUID}`, '10.244.1.7'],
    ['10.244.1.7:8080', '10.244.1.7'],
    ['fd00:10:244::7', 'fd00:10:244::7'],
    ['FD00:10:244::7', 'fd00:10:244::7'],
    ['[fd00::7]:8443', 'fd00::7'],
    ['[fd00::7]', 'fd00::7'],
    ['10-244-1-7.payments.pod.cluster.local', '10.244.1.7'],
    ['10-244-1-7', '10.244.1.7'],
    // not addresses
    ['10.244.1.256', undefined],
    ['10.244.1', undefined],
    ['10.244.1.7.8', undefined],
    ['10.244.1.7:http', undefined],
    ['10.244.1.7:123456', undefined],
    ['web-0', undefined],
    ['cp-node-1', undefined],
    ['ip-10-0-0-5.ec2.internal', undefined],
    ['deadbeef', undefined],
    ['::', undefined],
    ['a:b', undefined],
    ['', undefined],
    [`${'1'.repeat(10_000)}.1.1.1`, undefined],
    [`\u202e10.0.0.1`, undefined],
  ];
  for (const [id, want] of rows) {
    test(`${JSON.stringify(id.slice(0, 40))} → ${String(want)}`, () => {
      assert.equal(identityAddress(id), want);
    });
  }

  test('isIpAddress takes no port and no name', () => {
    assert.equal(isIpAddress('10.0.0.1'), true);
    assert.equal(isIpAddress('fd00::1'), true);
    assert.equal(isIpAddress('10.0.0.1:80'), false);
    assert.equal(isIpAddress('node-1'), false);
  });
});

describe('identityUserHost', () => {
  const rows: [string, string | undefined][] = [
    // kopf: `<user>@<host>/<datetime>/<random>`; manual peering `<user>@<host>`
    ['root@operator-6d5f7b9c8-x2k4p/20261206004517123456/abc', 'operator-6d5f7b9c8-x2k4p'],
    ['nobody@Operator-0', 'operator-0'],
    ['app@operator-0.operator.ns.svc.cluster.local/2026-12-06T00:45:17/x9z', 'operator-0.operator.ns.svc.cluster.local'],
    ['app@10.244.1.7/2026/x', '10.244.1.7'],
    ['app@[fd00::7]/2026/x', 'fd00::7'],
    // not user@host
    ['operator-0', undefined],
    ['@operator-0', undefined],
    ['a@b@c', undefined],
    ['user@not a host/1', undefined],
    ['user@host_name/1', undefined],
    [`${'u'.repeat(65)}@host`, undefined],
    [`u@${'h'.repeat(10_000)}`, undefined],
  ];
  for (const [id, want] of rows) {
    test(`${JSON.stringify(id.slice(0, 40))} → ${String(want)}`, () => {
      assert.equal(identityUserHost(id), want);
    });
  }
});
