import { AsyncLocalStorage } from 'node:async_hooks';

// One store per process on globalThis: the server entry (which starts each request's memo) and
// the Remix build (whose loaders read it) are separate module graphs.
const memoKey = Symbol.for('traded.request-memo');
type GlobalWithMemo = typeof globalThis & { [memoKey]?: AsyncLocalStorage<Map<string, Promise<unknown>>> };

function store(): AsyncLocalStorage<Map<string, Promise<unknown>>> {
  const g = globalThis as GlobalWithMemo;
  g[memoKey] ??= new AsyncLocalStorage();
  return g[memoKey];
}

/**
 * Runs the rest of a request with its own memo. Only a request that changes nothing (GET, HEAD)
 * gets one: an action may sign out or switch organisation, and what it renders must see that.
 */
export function runWithRequestMemo(method: string, work: () => void): void {
  if (method === 'GET' || method === 'HEAD') store().run(new Map(), work);
  else work();
}

/**
 * The answer to a question asked more than once while serving one request (the root's loader and
 * the page's guard both ask who is signed in): worked out once, shared by every loader. Outside a
 * request's memo (an action, a test calling a loader) it is worked out each time.
 */
export function rememberForRequest<T>(key: string, work: () => Promise<T>): Promise<T> {
  const memo = store().getStore();
  if (!memo) return work();
  const known = memo.get(key) as Promise<T> | undefined;
  if (known) return known;
  const answer = work();
  memo.set(key, answer);
  // A failure is not remembered: the next loader asks again (and sees the same failure itself).
  answer.catch(() => memo.delete(key));
  return answer;
}
