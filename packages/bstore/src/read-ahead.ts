/**
 * Read-ahead: start the asynchronous work for the next items of a sequence
 * while the current one is consumed, and give the results in order.
 *
 * @module
 */

/**
 * Maps each item of `items` through `start` (which begins asynchronous work
 * and returns its promise), keeping up to `ahead` of them started beyond the
 * one being consumed, and yields the results in the order of `items`. The
 * first failure ends the iteration with that error; results started but
 * never reached are dropped without unhandled rejections.
 * @internal
 */
export async function* readAhead<T, R>(items: Iterable<T>, ahead: number, start: (item: T) => Promise<R>): AsyncGenerator<R> {
  const pending: Array<Promise<R>> = []
  const startNext = (iterator: Iterator<T>): void => {
    const next = iterator.next()
    if (next.done === true) return
    const result = start(next.value)
    result.catch(() => {}) // observed when reached; one never reached must not be an unhandled rejection
    pending.push(result)
  }
  const iterator = items[Symbol.iterator]()
  for (let i = 0; i <= ahead; i++) startNext(iterator)
  while (pending.length > 0) {
    const result = await pending.shift()!
    startNext(iterator)
    yield result
  }
}
