/** Timers the sandbox owns, so `close()` and `reset()` can cancel every one of them. */
export class TimerRegistry {
  private readonly pending = new Set<NodeJS.Timeout>();

  /** Runs `task` after `ms`; returns a function that cancels it. */
  after(ms: number, task: () => void): () => void {
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      task();
    }, ms);
    this.pending.add(timer);
    return () => {
      clearTimeout(timer);
      this.pending.delete(timer);
    };
  }

  clear(): void {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }
}
