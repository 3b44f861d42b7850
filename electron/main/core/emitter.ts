/** One kind of event and its listeners: the library index, and the host that outlives libraries. */
export class Emitter<T> {
  private readonly listeners = new Set<(event: T) => void>();

  /** Listens to every event; returns the function that stops listening. */
  subscribe(listener: (event: T) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Sends an event to every listener, in subscription order. */
  emit(event: T): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A listener's failure is its own: one closed window must not keep events from the others.
      }
    }
  }

  /** Drops every listener (the owner is closing). */
  clear(): void {
    this.listeners.clear();
  }
}
