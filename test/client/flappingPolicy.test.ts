// Flapping alerts for every watched Lease: once per Lease until it stops flapping, at most one
// notification every 30 s overall with the rest summed up, muted Leases and "Don't Show Again"
// never told. The policy runs on a test clock.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FlappingPolicy, flappingIntervalMs } from '../../src/client/health/flappingPolicy';
import { flappingMessage } from '../../src/client/health/flappingMessage';

const a = 'kind-demo/kube-system/kube-scheduler';
const b = 'kind-demo/demo/alpha';
const c = 'kind-demo/demo/beta';
const d = 'prod/apps/operator';

function clock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('flapping alerts', () => {
  test('a Lease that starts flapping is told once, until it stops flapping', () => {
    const time = clock();
    const policy = new FlappingPolicy(time.now);
    assert.equal(policy.flagsChanged(a, ['renewing-late']), undefined, 'other flags are not told');
    assert.deepEqual(policy.flagsChanged(a, ['flapping']), { keys: [a] });
    time.advance(5 * flappingIntervalMs);
    assert.equal(policy.flagsChanged(a, ['flapping', 'renewing-late']), undefined, 'still flapping: not again');
    assert.equal(policy.flagsChanged(a, []), undefined);
    assert.deepEqual(policy.flagsChanged(a, ['flapping']), { keys: [a] }, 'flapping again after it stopped: told again');
  });

  test('at most one notification every 30 s; the Leases in between come as one summary when it is due', () => {
    const time = clock();
    const policy = new FlappingPolicy(time.now);
    assert.deepEqual(policy.flagsChanged(a, ['flapping']), { keys: [a] });
    time.advance(1000);
    assert.equal(policy.flagsChanged(b, ['flapping']), undefined);
    assert.equal(policy.flagsChanged(c, ['flapping']), undefined);
    assert.equal(policy.flagsChanged(d, ['flapping']), undefined);
    assert.equal(policy.flagsChanged(c, []), undefined, 'c stopped before the summary: left out');
    assert.equal(policy.summaryDue(), 1_000_000 + flappingIntervalMs);
    assert.equal(policy.summary(), undefined, 'not due yet');
    time.advance(flappingIntervalMs - 1000);
    assert.deepEqual(policy.summary(), { keys: [b, d] });
    assert.equal(policy.summaryDue(), undefined, 'nothing held any more');
    time.advance(1000);
    assert.equal(policy.flagsChanged(c, ['flapping']), undefined, 'within 30 s of the summary: held');
    assert.deepEqual(policy.flappingNow().sort(), [a, b, c, d].sort());
  });

  test('a muted Lease is never told, until unmuted', () => {
    const time = clock();
    const policy = new FlappingPolicy(time.now, [b]);
    assert.equal(policy.flagsChanged(b, ['flapping']), undefined);
    assert.deepEqual(policy.mute(a), [b, a]);
    policy.flagsChanged(b, []);
    time.advance(flappingIntervalMs);
    assert.equal(policy.flagsChanged(a, ['flapping']), undefined);
    assert.deepEqual(policy.unmute([a, b]), []);
    assert.deepEqual(policy.flagsChanged(b, ['flapping']), { keys: [b] });
  });

  test('"Don\'t Show Again" (the setting off): nothing is told, and nothing is held for later', () => {
    const time = clock();
    let enabled = true;
    const policy = new FlappingPolicy(time.now, [], () => enabled);
    assert.deepEqual(policy.flagsChanged(a, ['flapping']), { keys: [a] });
    time.advance(1000);
    policy.flagsChanged(b, ['flapping']);
    enabled = false;
    time.advance(flappingIntervalMs);
    assert.equal(policy.summary(), undefined, 'the held summary is not told');
    assert.equal(policy.flagsChanged(c, ['flapping']), undefined);
    enabled = true;
    time.advance(flappingIntervalMs);
    assert.equal(policy.summary(), undefined, 'nothing was held while off');
    assert.equal(policy.flagsChanged(c, ['renewing-late']), undefined);
    assert.deepEqual(policy.flagsChanged(c, ['flapping']), { keys: [c] });
  });

  test('a new server run forgets who is flapping: still flapping means told again', () => {
    const time = clock();
    const policy = new FlappingPolicy(time.now);
    policy.flagsChanged(a, ['flapping']);
    policy.reset();
    time.advance(flappingIntervalMs);
    assert.deepEqual(policy.flagsChanged(a, ['flapping']), { keys: [a] });
  });

  test('the message names the Lease and the rule; a summary names up to three and counts the rest', () => {
    assert.equal(
      flappingMessage({ keys: [a] }, 3, 10),
      'Lease Lens: kube-system/kube-scheduler in context kind-demo is flapping (more than 3 leadership changes within 10 minutes).',
    );
    const summary = flappingMessage({ keys: [a, b, c, d] }, 3, 1);
    assert.match(summary, /^Lease Lens: 4 Leases started flapping \(more than 3 leadership changes within 1 minute\): /);
    assert.match(
      summary,
      /kube-system\/kube-scheduler in context kind-demo; demo\/alpha in context kind-demo; demo\/beta in context kind-demo and 1 more\.$/,
    );
    const hostile = flappingMessage({ keys: ['ctx[x](command:evil)/ns/name'] }, 3, 10);
    assert.doesNotMatch(hostile, /\]\(/, 'no link a notification could render');
  });
});
