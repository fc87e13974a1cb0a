// Which countdown rows need a redraw: remembers the description each row was last drawn with and
// answers the rows whose description at `now` differs. Lets the view refresh once a second only
// the rows whose text would change ("12s" → "11s"), not the whole tree. Pure.

export class DescriptionClock {
  private readonly drawn = new Map<string, string | undefined>();

  /** A row was drawn with this description. */
  drawnWith(id: string, description: string | undefined): void {
    this.drawn.set(id, description);
  }

  forget(id: string): void {
    this.drawn.delete(id);
  }

  clear(): void {
    this.drawn.clear();
  }

  /** Ids among `ids` that were drawn and whose description now differs. */
  due(ids: Iterable<string>, describe: (id: string) => string | undefined): string[] {
    const out: string[] = [];
    for (const id of ids) {
      if (!this.drawn.has(id)) {
        continue;
      }
      const next = describe(id);
      if (next !== this.drawn.get(id)) {
        out.push(id);
      }
    }
    return out;
  }
}
