/**
 * What a process closes when it stops: each part registers its close as it starts, and they run
 * in the reverse order, each awaited, none able to keep the others open by failing.
 */
export interface Shutdown {
  /** Registers `close` to run at {@link Shutdown.run}, before everything added earlier. */
  add(close: () => Promise<unknown> | unknown): void;
  /** Closes everything added, latest first; a second call returns the first call's promise. */
  run(): Promise<void>;
}

export function createShutdown(): Shutdown {
  const closers: Array<() => Promise<unknown> | unknown> = [];
  let running: Promise<void> | null = null;
  const runAll = async () => {
    for (const close of closers.reverse()) {
      try {
        await close();
      } catch {
        // Shutting down: one part failing to close must not keep the others open.
      }
    }
  };
  return {
    add: (close) => {
      closers.push(close);
    },
    run: () => (running ??= runAll()),
  };
}
