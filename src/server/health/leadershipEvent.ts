// A core/v1 Event with reason LeaderElection, as the protocol's LeadershipEvent: what it says
// (toLeaseEvent) and what it was recorded on. Cluster strings are clipped here; the views render
// them as text.
import { toLeaseEvent } from '../../core/events';
import { truncate } from '../../core/untrustedText';
import { isNonEmptyString, isRecord } from '../../shared/guards';
import type { LeadershipEvent } from '../../shared/health';

const maxName = 253;
const maxMessage = 2048;
const maxSource = 256;

function text(value: unknown, max: number): string {
  return isNonEmptyString(value) ? truncate(value, max) : '';
}

/** The LeadershipEvent of a raw Event, or undefined when it is not an Event with a uid and a time. */
export function toLeadershipEvent(raw: unknown): LeadershipEvent | undefined {
  const event = toLeaseEvent(raw);
  if (event === undefined || !isRecord(raw)) {
    return undefined;
  }
  const involved = isRecord(raw.involvedObject) ? raw.involvedObject : {};
  const metadata = isRecord(raw.metadata) ? raw.metadata : {};
  const source = isRecord(raw.source) ? raw.source : {};
  return {
    ...event,
    uid: text(event.uid, maxName * 2),
    message: text(event.message, maxMessage),
    source: text(event.source, maxSource),
    reason: text(event.reason, maxName),
    type: text(event.type, maxName),
    namespace: text(involved.namespace, maxName) || text(metadata.namespace, maxName),
    kind: text(involved.kind, maxName),
    name: text(involved.name, maxName),
    component: text(raw.reportingComponent, maxSource) || text(source.component, maxSource),
  };
}
