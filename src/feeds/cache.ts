/**
 * Rendered feeds by feed id, each kept with the fingerprint it was rendered for, so a poll that
 * finds the data unchanged but has no matching ETag (a new subscriber, a client without a cache)
 * gets the stored bytes instead of a fresh render. Least recently used entries go first once the
 * byte budget is spent; a public programme feed is ~0.5 MB per 1,000 events. Its compressed copies
 * (a few per cent of that) are kept beside it, so a compressed poll compresses once per version.
 */
export class RenderedFeedCache {
  private readonly entries = new Map<number, { key: string; body: Buffer; coded: Map<string, Buffer> }>();
  private bytes = 0;
  private readonly budget: number;

  constructor(budgetBytes: number) {
    this.budget = budgetBytes;
  }

  /** The stored bytes of this version, as rendered or in a content coding (`br`, `gzip`). */
  get(feedId: number, key: string, coding = 'identity'): Buffer | undefined {
    const entry = this.entries.get(feedId);
    if (!entry || entry.key !== key) return undefined;
    this.entries.delete(feedId);
    this.entries.set(feedId, entry);
    return coding === 'identity' ? entry.body : entry.coded.get(coding);
  }

  set(feedId: number, key: string, body: Buffer): void {
    this.delete(feedId);
    if (body.length > this.budget) return;
    this.entries.set(feedId, { key, body, coded: new Map() });
    this.add(body.length);
  }

  /** Keeps a coded copy beside the version's rendered bytes (dropped with them). */
  setCoded(feedId: number, key: string, coding: string, body: Buffer): void {
    const entry = this.entries.get(feedId);
    if (!entry || entry.key !== key || entry.coded.has(coding)) return;
    entry.coded.set(coding, body);
    this.add(body.length);
  }

  delete(feedId: number): void {
    const entry = this.entries.get(feedId);
    if (!entry) return;
    this.entries.delete(feedId);
    this.bytes -= sizeOf(entry);
  }

  private add(length: number): void {
    this.bytes += length;
    for (const [id, entry] of this.entries) {
      if (this.bytes <= this.budget) break;
      this.entries.delete(id);
      this.bytes -= sizeOf(entry);
    }
  }
}

const sizeOf = (entry: { body: Buffer; coded: Map<string, Buffer> }): number =>
  entry.body.length + [...entry.coded.values()].reduce((sum, coded) => sum + coded.length, 0);

/**
 * What a process remembers between polls so that a revalidation needs no query: the live feed each
 * token opens (by the token's hash) and each feed's version for the current window. The publisher
 * empties it whenever a change is heard (tokens only when feeds changed) and stores an answer only
 * if no change was heard while it was being computed. Unknown tokens are not remembered, so random
 * guesses cannot fill memory; `limit` bounds the rest (a full map simply starts over).
 */
export class FeedLookupCache<F, V> {
  private readonly feeds = new Map<string, F>();
  private readonly versions = new Map<number, V>();
  private readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  feed(tokenHash: string): F | undefined {
    return this.feeds.get(tokenHash);
  }

  version(feedId: number): V | undefined {
    return this.versions.get(feedId);
  }

  remember(tokenHash: string, feed: F, feedId: number, version: V): void {
    if (this.feeds.size >= this.limit) this.feeds.clear();
    if (this.versions.size >= this.limit) this.versions.clear();
    this.feeds.set(tokenHash, feed);
    this.versions.set(feedId, version);
  }

  /** Something a feed shows changed: every version is suspect; tokens too when feeds themselves changed. */
  forget(what: 'versions' | 'everything'): void {
    this.versions.clear();
    if (what === 'everything') this.feeds.clear();
  }
}
