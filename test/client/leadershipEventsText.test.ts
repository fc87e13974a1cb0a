// The leadership Events document of a context, like `kubectl get events -A` filtered to leader
// election: its address (context and filter), header, columns, newest last, and a clear message
// when Events could not be read. Cluster strings stay one printable line.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eventsDocumentPath, leadershipEventsText, matchesFilter, parseEventsDocument } from '../../src/client/health/leadershipEventsText';
import type { LeadershipEvent } from '../../src/shared/health';

const T0 = Date.UTC(2026, 10, 21, 0, 41, 0);

function event(time: number, namespace: string, name: string, component: string, message: string): LeadershipEvent {
  return {
    uid: `${time}`,
    time,
    type: 'Normal',
    reason: 'LeaderElection',
    message,
    source: component,
    count: 1,
    namespace,
    kind: 'Lease',
    name,
    component,
  };
}

const events = [
  event(T0 + 2000, 'kube-system', 'kube-scheduler', 'default-scheduler', 'cp-2_uuid became leader'),
  event(T0, 'kube-system', 'kube-controller-manager', 'kube-controller-manager', 'cp-1_uuid became leader'),
  event(T0 + 1000, 'demo', 'alpha', 'alpha-elector', 'alpha-0 stopped leading\u202e\nforged line'),
];

describe('leadership Events document', () => {
  test('address: the context (with slashes) and the filter survive the round trip; the title names the filter', () => {
    const doc = { context: 'arn:aws:eks:eu/prod', filter: { component: 'default-scheduler', lease: 'kube-system/kube-scheduler' } };
    const { path, query } = eventsDocumentPath(doc);
    assert.match(
      path,
      /^\/arn%3Aaws%3Aeks%3Aeu%2Fprod\/Leadership Events \(component default-scheduler, Lease kube-system_kube-scheduler\)\.lease-events$/,
    );
    assert.deepEqual(parseEventsDocument(path, query), doc);
    assert.deepEqual(parseEventsDocument(eventsDocumentPath({ context: 'c', filter: {} }).path, ''), { context: 'c', filter: {} });
    assert.equal(parseEventsDocument('/c/x.yaml', ''), undefined);
  });

  test('every Event oldest first (newest last), in columns', () => {
    const text = leadershipEventsText({ context: 'kind-demo', filter: {} }, events, undefined);
    const lines = text.split('\n');
    assert.match(lines[0]!, /^# Leadership Events in context kind-demo/);
    assert.match(lines[1]!, /^# No filter\./);
    assert.equal(lines[2], '# 3 Events');
    const table = lines.slice(4).filter((l) => l !== '');
    assert.match(table[0]!, /^TIME\s+NAMESPACE\s+OBJECT\s+COMPONENT\s+REASON\s+MESSAGE$/);
    assert.match(
      table[1]!,
      /^2026-11-21T00:41:00\.000Z\s+kube-system\s+lease\/kube-controller-manager\s+kube-controller-manager\s+LeaderElection\s+cp-1_uuid became leader$/,
    );
    assert.match(table[2]!, /demo\s+lease\/alpha\s+alpha-elector\s+LeaderElection\s+alpha-0 stopped leading forged line$/);
    assert.match(table[3]!, /default-scheduler/);
    assert.equal(table.length, 4, 'a line break in a message does not forge a row');
    assert.doesNotMatch(text, /\u202e/);
  });

  test('filtered by component and by Lease; the header says so', () => {
    const doc = { context: 'kind-demo', filter: { component: 'default-scheduler' } };
    const text = leadershipEventsText(doc, events, undefined);
    assert.match(text, /# Filter: component default-scheduler\./);
    assert.match(text, /# 1 Event\n/);
    assert.doesNotMatch(text, /alpha/);
    assert.ok(matchesFilter(events[2]!, { lease: 'demo/alpha' }));
    assert.ok(!matchesFilter(events[2]!, { lease: 'demo/alpha', component: 'other' }));
  });

  test('Events that could not be read: said in the header, with what was read', () => {
    const forbidden = 'events is forbidden: User "dev" cannot list resource "events" at the cluster scope';
    const some = leadershipEventsText({ context: 'kind-demo', filter: {} }, [], forbidden);
    assert.match(some, /# Events could not be read: events is forbidden/);
    assert.match(some, /No leadership Events are recorded\./);
    const none = leadershipEventsText({ context: 'kind-demo', filter: {} }, undefined, 'The Lease server is not running');
    assert.match(none, /# Events could not be read: The Lease server is not running\n$/);
  });
});
