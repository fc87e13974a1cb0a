// Open long-running responses (watches, log follows) so faults can drop or silence them.
import type { FaultRequest } from './faults';

export interface OpenStream {
  readonly request: FaultRequest;
  readonly kind: 'watch' | 'follow';
  /** graceful: end the response cleanly; otherwise destroy the connection */
  drop(graceful: boolean): void;
  /** while silenced nothing is written (output is queued and flushed when un-silenced) */
  setSilenced(on: boolean): void;
}

export class StreamRegistry {
  private readonly streams = new Set<OpenStream>();
  /** decides whether a newly opened stream starts silenced */
  isSilenced: (request: FaultRequest) => boolean = () => false;

  add(s: OpenStream): () => void {
    this.streams.add(s);
    if (this.isSilenced(s.request)) {
      s.setSilenced(true);
    }
    return () => this.streams.delete(s);
  }

  all(): OpenStream[] {
    return [...this.streams];
  }

  get size(): number {
    return this.streams.size;
  }
}
