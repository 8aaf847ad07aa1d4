// Matches Samsara's answers to the requests the worker sent: a search is answered by candidates.found with the
// same requestId; a fill asked for by the popup ends with the fill itself, a refusal or an error.
export class Replies<T> {
  private readonly waiting = new Set<{ match: (m: T) => boolean; resolve: (m: T) => void }>();

  /** Resolves with the first offered message that matches, or rejects after timeoutMs. */
  expect(match: (m: T) => boolean, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const entry = {
        match,
        resolve: (m: T) => { clearTimeout(timer); this.waiting.delete(entry); resolve(m); },
      };
      const timer = setTimeout(() => { this.waiting.delete(entry); reject(new Error("Samsara did not answer in time.")); }, timeoutMs);
      this.waiting.add(entry);
    });
  }

  /** Hands a message to the first waiter it answers; false when nobody waited for it. */
  offer(message: T): boolean {
    for (const entry of this.waiting) {
      if (entry.match(message)) {
        entry.resolve(message);
        return true;
      }
    }
    return false;
  }

  get size(): number {
    return this.waiting.size;
  }
}
