/**
 * Notices a transaction hands out once it has committed: a transaction says "these items, on this
 * topic" and every listener of the topic receives them after commit (never after a rollback).
 * The store knows no topic; a domain names its own (the audit log announces its rows this way).
 *
 * Listeners live inside the database's closure, so a wrapper or copy of the database object
 * subscribes to the same list (a copied `auditSink` property once silenced live events on the
 * embedded store).
 */
export type CommitItems = readonly Record<string, unknown>[];

/**
 * Receives a committed transaction's items through a getter: items announced lazily (a function)
 * are built only when a listener asks for them, once for all listeners.
 */
export type CommitListener = (items: () => CommitItems) => void;

export interface CommitNotices {
  /** Subscribes to a topic; returns the unsubscribe function. */
  listen(topic: string, listener: CommitListener): () => void;
  /** Does anyone listen on `topic`? (Callers skip building notices nobody reads.) */
  hasListeners(topic: string): boolean;
  /** Calls the topic's listeners; one failing listener neither stops the others nor throws. */
  deliver(topic: string, items: CommitItems | (() => CommitItems)): void;
}

export function createCommitNotices(): CommitNotices {
  const listeners = new Map<string, Set<CommitListener>>();
  return {
    listen(topic, listener) {
      let set = listeners.get(topic);
      if (!set) listeners.set(topic, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0 && listeners.get(topic) === set) listeners.delete(topic);
      };
    },
    hasListeners: (topic) => (listeners.get(topic)?.size ?? 0) > 0,
    deliver(topic, items) {
      let built: CommitItems | null = typeof items === 'function' ? null : items;
      const get = (): CommitItems => (built ??= (items as () => CommitItems)());
      for (const listener of listeners.get(topic) ?? []) {
        try {
          listener(get);
        } catch {
          // The change is committed; a listener's failure is its own concern.
        }
      }
    },
  };
}
