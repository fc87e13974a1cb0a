// What the panel knows about its Lease: the last full snapshot with every update merged in.
// Log lines are not kept here (the LogStore owns them); this keeps everything else.
import { mergeFollowUpdate } from '../src/core/followMerge';
import type { FollowSnapshot, FollowUpdate } from '../src/shared/types';

/** Everything of the snapshot but the log lines. */
export type PanelData = Omit<FollowSnapshot, 'logs'>;

/** Which parts of the panel an update touched. */
export interface Changes {
  lease: boolean;
  events: boolean;
  timeline: boolean;
  pods: boolean;
  logsMeta: boolean;
  /** The old holders' fates (issue 16 §1). */
  fates?: boolean;
}

export const everything: Changes = Object.freeze({ lease: true, events: true, timeline: true, pods: true, logsMeta: true, fates: true });

export function fromSnapshot(snapshot: FollowSnapshot): PanelData {
  const { logs: _logs, ...data } = snapshot;
  return { ...data, deleted: data.deleted === true, droppedLines: data.droppedLines ?? 0 };
}

const present = (update: FollowUpdate, ...fields: (keyof FollowUpdate)[]): boolean => fields.some((f) => update[f] !== undefined);

/**
 * Merges an update into the data by the rules every client follows (src/core/followMerge: absent
 * fields are unchanged, a message sent as '' clears it). Log lines are the LogStore's. Returns
 * which sections of the panel the update touched.
 */
export function mergeUpdate(data: PanelData, update: FollowUpdate): Changes {
  const merged = mergeFollowUpdate({ ...data, logs: [] }, { ...update, logs: undefined }, 0).snapshot;
  Object.assign(data, fromSnapshot(merged));
  return {
    lease: present(update, 'lease', 'deleted'),
    events: present(update, 'events', 'eventsMessage'),
    timeline: present(update, 'timeline'),
    pods: present(update, 'pods', 'podResolution', 'podMessage'),
    logsMeta: present(update, 'logsMessage', 'droppedLines'),
    fates: present(update, 'fates'),
  };
}
