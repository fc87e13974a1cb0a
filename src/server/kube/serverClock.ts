// The API server's clock against ours, from the `Date` header of its responses: each response
// gives the server's time (to the second) when it answered, and ours when the headers arrived.
// The offset is the median of the latest samples; it is reported as skew only from
// clockSkewThresholdMs on, rounded to the second (the header's resolution).
import { clockSkewThresholdMs } from '../../shared/constants';

const samplesKept = 5;

export class ServerClock {
  private readonly samples: number[] = [];
  private reported: number | undefined;
  private readonly listeners = new Set<() => void>();

  /** A response's `Date` header, received at `receivedAt` (our clock, ms). */
  note(dateHeader: string | undefined, receivedAt: number): void {
    if (!dateHeader) {
      return;
    }
    const serverAt = Date.parse(dateHeader);
    if (!Number.isFinite(serverAt)) {
      return;
    }
    // The header is truncated to the second: the server's time was within [serverAt, serverAt + 1 s).
    this.samples.push(serverAt + 500 - receivedAt);
    if (this.samples.length > samplesKept) {
      this.samples.shift();
    }
    const skew = this.skewMs();
    if (skew !== this.reported) {
      this.reported = skew;
      for (const listener of this.listeners) {
        listener();
      }
    }
  }

  /** The server's clock minus ours (ms), when measured. */
  offsetMs(): number | undefined {
    if (this.samples.length === 0) {
      return undefined;
    }
    const sorted = [...this.samples].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  }

  /** The offset rounded to the second when it is at least clockSkewThresholdMs; else undefined. */
  skewMs(): number | undefined {
    const offset = this.offsetMs();
    if (offset === undefined || Math.abs(offset) < clockSkewThresholdMs) {
      return undefined;
    }
    return Math.round(offset / 1000) * 1000;
  }

  /** Called when `skewMs()` changes. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
