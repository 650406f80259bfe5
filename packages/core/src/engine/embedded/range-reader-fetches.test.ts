// RangeReader asks its fetcher for batches only while the range may hold more, and only while someone reads:
// an empty range fetches nothing (so it reads and conflicts on nothing), an empty fetch ends the read without
// yielding an empty batch (an engine batch is never empty), and a reader that stopped early fetches no more.
import { describe, expect, it } from 'vitest'
import type { EngineRangeOptions } from '../types.js'
import { RangeReader, StoredPairs, type BatchFetcher } from './range-reader.js'

const options = (limit = 0): EngineRangeOptions => ({ limit, reverse: false, mode: 'iterator', snapshot: false })

/** A fetcher over sorted `keys` (values: the key itself), `perBatch` at a time, recording each call's [from, to). */
function fetcherOver(keys: string[], perBatch: number): { fetch: BatchFetcher; calls: string[][] } {
  const calls: string[][] = []
  const fetch: BatchFetcher = (from, to, _iteration, max) => {
    calls.push([from, to])
    const inRange = keys.filter((k) => k >= from && k < to)
    const take = Math.min(perBatch, max > 0 ? max : Infinity)
    const batch = inRange.slice(0, take)
    return new StoredPairs({ keys: batch, values: batch, done: batch.length === inRange.length })
  }
  return { fetch, calls }
}

async function lengths(reader: RangeReader): Promise<number[]> {
  const out: number[] = []
  for await (const batch of reader) out.push(batch.length)
  return out
}

describe('RangeReader', () => {
  it('fetches nothing for an empty or inverted range', async () => {
    for (const [lo, hi] of [['b', 'b'], ['c', 'a']]) {
      const { fetch, calls } = fetcherOver(['a', 'b', 'c'], 10)
      expect(await lengths(new RangeReader(lo!, hi!, options(), fetch))).toEqual([])
      expect(calls).toEqual([])
    }
  })

  it('ends at an empty fetch without yielding an empty batch, and stays ended', async () => {
    let calls = 0
    const fetch: BatchFetcher = () => {
      calls++
      return new StoredPairs({ keys: [], values: [], done: false })
    }
    expect(await lengths(new RangeReader('a', 'z', options(), fetch))).toEqual([])
    const iterator = new RangeReader('a', 'z', options(), fetch)[Symbol.asyncIterator]()
    expect((await iterator.next()).done).toBe(true)
    expect((await iterator.next()).done).toBe(true)
    expect(calls).toBe(2) // one per reader
  })

  it('fetches batch after batch from after the last key, until the range is done', async () => {
    const { fetch, calls } = fetcherOver(['a', 'b', 'c', 'd', 'e'], 2)
    expect(await lengths(new RangeReader('a', 'z', options(), fetch))).toEqual([2, 2, 1])
    expect(calls).toEqual([
      ['a', 'z'],
      ['b\0', 'z'],
      ['d\0', 'z'],
    ])
  })

  it('fetches no more once the reader stops early', async () => {
    const { fetch, calls } = fetcherOver(['a', 'b', 'c', 'd', 'e'], 2)
    const iterator = new RangeReader('a', 'z', options(), fetch)[Symbol.asyncIterator]()
    expect((await iterator.next()).done).toBe(false)
    await iterator.return!()
    expect((await iterator.next()).done).toBe(true)
    expect(calls).toHaveLength(1)
  })
})
