/**
 * Locks within this process: tasks with the same key run one after the other, in the order they asked,
 * each started when the previous one settled (whether it succeeded or threw).
 */
export type LocalLock = <T>(key: string, task: () => Promise<T>) => Promise<T>;

export function createLocalLock(): LocalLock {
  const tails = new Map<string, Promise<unknown>>();
  return async <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const previous = tails.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    // The chain goes on whatever this task does; only a settled tail with no follower is dropped.
    const tail = next.catch(() => undefined);
    tails.set(key, tail);
    try {
      return await next;
    } finally {
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}
