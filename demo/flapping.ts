// The flapping Lease's driver: spells in which its leadership moves about every `moveEveryMs`
// (the leader hands over cleanly, every n-th time it crashes instead), each followed by a quiet
// spell in which nobody touches it. Starts with a flapping spell, so the demo shows one at once.
import { EventEmitter } from 'node:events';
import { AbortScope } from './elector/abortScope';
import type { FlappingSchedule } from './healthWorkloads';

export type FlapPhase = 'flapping' | 'settled' | 'stopped';

export interface FlappingOptions extends FlappingSchedule {
  /** `namespace/name` of the Lease, for the narration. */
  lease: string;
  /** Moves leadership once: the leader releases (or crashes), and a new leader is in place. */
  move: (how: 'release' | 'crash') => Promise<unknown>;
  note: (message: string) => void;
}

export class Flapping extends EventEmitter<{ phase: [FlapPhase] }> {
  private readonly life = new AbortScope([]);
  private readonly stopped = new Promise<void>((resolve) => this.life.signal.addEventListener('abort', () => resolve(), { once: true }));
  private phase_: FlapPhase | undefined;
  private run: Promise<void> | undefined;
  /** Moves made so far. */
  moves = 0;

  constructor(private readonly o: FlappingOptions) {
    super();
  }

  get phase(): FlapPhase | undefined {
    return this.phase_;
  }

  start(): void {
    this.run ??= this.loop();
  }

  async stop(): Promise<void> {
    this.life.abort('canceled');
    await this.run;
    this.setPhase('stopped');
  }

  private setPhase(phase: FlapPhase): void {
    if (this.phase_ === phase) {
      return;
    }
    this.phase_ = phase;
    this.emit('phase', phase);
  }

  private async loop(): Promise<void> {
    while (!this.life.aborted) {
      this.setPhase('flapping');
      this.o.note(`the leadership of ${this.o.lease} starts flapping: it moves about every ${this.o.moveEveryMs / 1000}s`);
      const until = Date.now() + this.o.flapForMs;
      for (;;) {
        const wait = this.o.moveEveryMs * (0.9 + Math.random() * 0.2);
        if (this.life.aborted || Date.now() + wait > until) {
          break;
        }
        await this.life.sleep(wait);
        if (this.life.aborted) {
          break;
        }
        const crash = this.o.crashEvery > 0 && (this.moves + 1) % this.o.crashEvery === 0;
        try {
          const moved = this.o.move(crash ? 'crash' : 'release');
          // stop() does not wait for a takeover in progress (after a crash, a lease duration).
          moved.catch(() => undefined);
          await Promise.race([moved, this.stopped]);
          if (this.life.aborted) {
            break;
          }
          this.moves++;
        } catch (err) {
          if (!this.life.aborted) {
            this.o.note(`(flapping move skipped: ${err instanceof Error ? err.message : String(err)})`);
          }
        }
      }
      if (this.life.aborted) {
        break;
      }
      this.setPhase('settled');
      this.o.note(`the leadership of ${this.o.lease} settles for ${this.o.settleForMs / 1000}s`);
      await this.life.sleep(this.o.settleForMs);
    }
  }
}
