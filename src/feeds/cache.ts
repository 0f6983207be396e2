/**
 * Rendered feeds by feed id, each kept with the fingerprint it was rendered for, so a poll that
 * finds the data unchanged but has no matching ETag (a new subscriber, a client without a cache)
 * gets the stored bytes instead of a fresh render. Least recently used entries go first once the
 * byte budget is spent; a public programme feed is ~0.5 MB per 1,000 events.
 */
export class RenderedFeedCache {
  private readonly entries = new Map<number, { key: string; body: Buffer }>();
  private bytes = 0;
  private readonly budget: number;

  constructor(budgetBytes: number) {
    this.budget = budgetBytes;
  }

  get(feedId: number, key: string): Buffer | undefined {
    const entry = this.entries.get(feedId);
    if (!entry || entry.key !== key) return undefined;
    this.entries.delete(feedId);
    this.entries.set(feedId, entry);
    return entry.body;
  }

  set(feedId: number, key: string, body: Buffer): void {
    this.delete(feedId);
    if (body.length > this.budget) return;
    this.entries.set(feedId, { key, body });
    this.bytes += body.length;
    for (const [id, entry] of this.entries) {
      if (this.bytes <= this.budget) break;
      this.entries.delete(id);
      this.bytes -= entry.body.length;
    }
  }

  delete(feedId: number): void {
    const entry = this.entries.get(feedId);
    if (!entry) return;
    this.entries.delete(feedId);
    this.bytes -= entry.body.length;
  }
}
