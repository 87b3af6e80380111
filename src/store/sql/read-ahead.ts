/**
 * Rows a write transaction read ahead of need (PostgreSQL sends them with its scope lock, in
 * one round trip) for queries to answer once without a statement. Forgotten at the
 * transaction's first write, so an answer is never older than what the transaction changed.
 * A SQLite store never reads ahead (its reads cost no round trip), so it stays empty there.
 */
export class ReadAhead {
  private readonly rows = new Map<string, unknown>();

  remember(key: string, row: unknown): void {
    this.rows.set(key, row);
  }

  /** The row read ahead for `key` (then forgotten), or undefined when there is none. */
  take<T>(key: string): T | undefined {
    if (!this.rows.has(key)) return undefined;
    const row = this.rows.get(key) as T;
    this.rows.delete(key);
    return row;
  }

  forget(): void {
    this.rows.clear();
  }
}
