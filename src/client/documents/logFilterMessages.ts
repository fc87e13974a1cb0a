// What the extension host and the log filter worker (logFilterWorker.ts) send each other.
import type { FilteredLine } from '../../core/logFilter';
import type { LogFilterState } from '../../shared/webviewProtocol';

/** The part of a log line a filter reads. */
export type FilterableLine = FilteredLine;

export interface LogFilterRequest {
  id: number;
  filter: LogFilterState;
  lines: FilterableLine[];
}

/** The indexes of the matching lines, in order; or why the filter does not compile. */
export type LogFilterReply = { id: number; matches: number[] } | { id: number; error: string };
