/**
 * Every timer the emulator starts goes through here, so `close()` can stop them all and
 * jest exits without open handles. Timers are unref'd: the HTTP server is what keeps a
 * standalone emulator alive, never a pending settlement.
 */
export class Timers {
  private readonly pending = new Set<NodeJS.Timeout>();
  private readonly sleepers = new Set<() => void>();
  private closed = false;

  constructor(private readonly onError: (error: unknown) => void) {}

  /** Runs `task` once after `delayMs`, unless the emulator is closed first. */
  after(delayMs: number, task: () => void): void {
    if (this.closed) return;
    const handle = setTimeout(() => {
      this.pending.delete(handle);
      this.run(task);
    }, delayMs);
    handle.unref();
    this.pending.add(handle);
  }

  /** Runs `task` every `intervalMs` until the emulator is closed. */
  every(intervalMs: number, task: () => void): void {
    if (this.closed) return;
    const handle = setInterval(() => this.run(task), intervalMs);
    handle.unref();
    this.pending.add(handle);
  }

  /** A cancellable sleep: resolves `false` if the timers were closed meanwhile. */
  sleep(delayMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      if (this.closed) return resolve(false);
      const handle = setTimeout(() => {
        this.pending.delete(handle);
        this.sleepers.delete(wake);
        resolve(true);
      }, delayMs);
      handle.unref();
      this.pending.add(handle);
      const wake = () => {
        clearTimeout(handle);
        this.pending.delete(handle);
        resolve(false);
      };
      this.sleepers.add(wake);
    });
  }

  /** Cancels everything pending; later calls schedule nothing. */
  close(): void {
    this.closed = true;
    for (const handle of this.pending) clearTimeout(handle);
    this.pending.clear();
    for (const wake of this.sleepers) wake();
    this.sleepers.clear();
  }

  private run(task: () => void): void {
    try {
      task();
    } catch (error) {
      this.onError(error);
    }
  }
}
