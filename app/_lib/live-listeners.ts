/**
 * A set of callbacks for one kind of news (a connection change, a playback update, an
 * annotation): the client's parts hand them out and call them, and nothing else keeps them.
 */
export interface Listeners<T> {
  /** Adds a listener; the function returned removes it again. */
  add(listener: (value: T) => void): () => void;
  emit(value: T): void;
  clear(): void;
}

export function createListeners<T>(): Listeners<T> {
  const listeners = new Set<(value: T) => void>();
  return {
    add(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(value) {
      for (const l of listeners) l(value);
    },
    clear: () => listeners.clear(),
  };
}
