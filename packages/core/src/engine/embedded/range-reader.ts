import type { EngineRangeOptions, KeyValue } from '../types.js'
import { copyBytes, fromKey, keyAfter, type Key } from './keyspace.js'
import type { ScanBatch } from './scan.js'

/** Reads one batch of [from, to) of at most `max` pairs (0: no cap). @internal */
export type BatchFetcher = (from: Key, to: Key, iteration: number, max: number) => ScanBatch

/**
 * A range read as an async iterable of batches. Each batch is read when it
 * is asked for, so a scan over millions of keys holds one batch at a time,
 * and a reader that stops early reads (and conflicts on) only what it saw.
 *
 * @internal
 */
export class RangeReader implements AsyncIterable<KeyValue[]> {
  constructor(
    private readonly lo: Key,
    private readonly hi: Key,
    private readonly options: EngineRangeOptions,
    private readonly fetch: BatchFetcher,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<KeyValue[]> {
    let from = this.lo
    let to = this.hi
    let remaining = this.options.limit > 0 ? this.options.limit : Infinity
    let iteration = 0
    let finished = from >= to
    const reverse = this.options.reverse
    const fetch = this.fetch
    return {
      next: async (): Promise<IteratorResult<KeyValue[]>> => {
        if (finished) return { done: true, value: undefined }
        const batch = fetch(from, to, iteration++, remaining === Infinity ? 0 : remaining)
        const n = batch.keys.length
        remaining -= n
        finished = batch.done || remaining <= 0 || n === 0
        if (n > 0) {
          const last = batch.keys[n - 1]!
          if (reverse) to = last
          else from = keyAfter(last)
        }
        if (n === 0) return { done: true, value: undefined }
        const out: KeyValue[] = new Array(n)
        for (let i = 0; i < n; i++) out[i] = [fromKey(batch.keys[i]!), copyBytes(batch.values[i]!)]
        return { done: false, value: out }
      },
      return: async (): Promise<IteratorResult<KeyValue[]>> => {
        finished = true
        return { done: true, value: undefined }
      },
    }
  }
}
