/**
 * A bounded, expiring map for state behind buttons (answers, timeline pages). Old entries go first, so memory
 * stays flat however long the bot runs.
 */
export class RecentStore<T> {
  private readonly entries = new Map<string, { value: T; at: number }>();

  /**
   * @param maxEntries how many entries to keep at most (default 1000)
   * @param ttlMs how long an entry lives (default 24 hours)
   */
  constructor(
    private readonly maxEntries = 1000,
    private readonly ttlMs = 24 * 3600_000,
  ) {}

  set(key: string, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, { value, at: Date.now() });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  get(key: string): T | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (Date.now() - e.at > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }
}
