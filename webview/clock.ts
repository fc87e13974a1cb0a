// The panel's idea of "now": the webview's clock corrected by the host's (each message carries
// `hostNow`), so countdowns agree with the status bar even if the two clocks drift apart.
export class Clock {
  private offsetMs = 0;

  /** Records the host's time when it sent a message. */
  sync(hostNow: number): void {
    if (Number.isFinite(hostNow)) {
      this.offsetMs = hostNow - Date.now();
    }
  }

  now(): number {
    return Date.now() + this.offsetMs;
  }
}
