import { describe, expect, it } from 'vitest'
import { LiveData } from './live.js'
import { scanMerged, type ScanBatch, type StoredView } from './scan.js'
import { WriteBuffer } from './write-buffer.js'

// A range read sees the stored data at its read version overlaid with the transaction's own writes, in key
// order (or reverse), limited, and says whether the range is exhausted. These tests call the merge directly
// with a hand-made view: the live (newest) keys, and the keys changed since the read version with their values then.

/** A view: `live` holds the newest values; `then` the values at the read version of the keys changed since (null: absent then). */
function view(live: Record<string, string>, then: Record<string, string | null> = {}): StoredView {
  const data = new LiveData()
  for (const [k, v] of Object.entries(live)) data.write(k, Buffer.from(v, 'latin1'), 1)
  const changed = Object.keys(then).sort()
  return {
    live: data,
    changedKeys: (lo, hi) => changed.filter((k) => k >= lo && k < hi),
    valueAt: (key) => then[key] ?? null,
  }
}

function buffer(sets: Record<string, string>): WriteBuffer {
  const own = new WriteBuffer()
  for (const [k, v] of Object.entries(sets)) own.set(k, Buffer.from(v, 'latin1'))
  return own
}

/** The batch as [key, value] pairs of strings, and its `done`. */
function read(batch: ScanBatch): { pairs: string[][]; done: boolean } {
  const pairs = batch.keys.map((k, i) => {
    const v = batch.values[i]!
    return [k, typeof v === 'string' ? v : v.toString('latin1')]
  })
  return { pairs, done: batch.done }
}

describe('an empty range', () => {
  it('reads nothing and is exhausted, with or without own writes', () => {
    for (const own of [null, buffer({ b: 'own' })]) {
      for (const [lo, hi] of [['b', 'b'], ['c', 'a']] as const) {
        for (const reverse of [false, true]) {
          expect(read(scanMerged(view({ a: '1', b: '2', c: '3' }), own, lo, hi, reverse, 10))).toEqual({ pairs: [], done: true })
        }
      }
    }
  })
})

describe('own writes at and around the range bounds', () => {
  const stored = view({ a: 'A', b: 'B', c: 'C', d: 'D' })

  it('a forward read of [b, d) leaves out own writes at d and past it, and stored keys at d', () => {
    const own = buffer({ b: 'own-b', d: 'own-d', e: 'own-e' })
    expect(read(scanMerged(stored, own, 'b', 'd', false, 10))).toEqual({ pairs: [['b', 'own-b'], ['c', 'C']], done: true })
  })

  it('a reverse read of [b, d) includes an own write at b, and leaves out own writes and stored keys at d and below b', () => {
    const own = buffer({ a: 'own-a', b: 'own-b', c2: 'own-c2', d: 'own-d' })
    expect(read(scanMerged(stored, own, 'b', 'd', true, 10))).toEqual({
      pairs: [['c2', 'own-c2'], ['c', 'C'], ['b', 'own-b']],
      done: true,
    })
  })
})

describe('done: whether the range is exhausted', () => {
  const stored = view({ a: 'A', b: 'B', c: 'C' })

  it('is false when the limit stops the read with keys left, in either source', () => {
    const own = buffer({ a0: 'own' })
    expect(read(scanMerged(stored, own, 'a', 'z', false, 2))).toEqual({ pairs: [['a', 'A'], ['a0', 'own']], done: false })
    expect(read(scanMerged(stored, own, 'a', 'z', false, 1))).toEqual({ pairs: [['a', 'A']], done: false })
    const late = buffer({ z0: 'own' })
    expect(read(scanMerged(stored, late, 'a', '\xff', false, 3))).toEqual({ pairs: [['a', 'A'], ['b', 'B'], ['c', 'C']], done: false })
    expect(read(scanMerged(stored, buffer({ 0: 'own' }), '', 'z', true, 3))).toEqual({ pairs: [['c', 'C'], ['b', 'B'], ['a', 'A']], done: false })
  })

  it('is true once both sources are exhausted', () => {
    const own = buffer({ a0: 'own' })
    expect(read(scanMerged(stored, own, 'a', 'z', false, 10)).done).toBe(true)
    expect(read(scanMerged(stored, own, 'a', 'z', true, 10)).done).toBe(true)
  })
})

describe('keys changed since the read version, merged with the live keys', () => {
  // Live (newest): a, c, e, g. At the read version: b existed (deleted since), c and e had older values, f did not exist
  // (created since), h existed (deleted since, after every live key).
  const stored = view({ a: 'A', c: 'C-new', e: 'E-new', f: 'F-new', g: 'G' }, { b: 'B-old', c: 'C-old', e: 'E-old', f: null, h: 'H-old' })
  const atReadVersion = [
    ['a', 'A'],
    ['b', 'B-old'],
    ['c', 'C-old'],
    ['e', 'E-old'],
    ['g', 'G'],
    ['h', 'H-old'],
  ]

  it('a forward read sees every key as it was at the read version, in order', () => {
    expect(read(scanMerged(stored, null, '', '\xff', false, 100))).toEqual({ pairs: atReadVersion, done: true })
  })

  it('a reverse read sees the same, in reverse order', () => {
    expect(read(scanMerged(stored, null, '', '\xff', true, 100))).toEqual({ pairs: [...atReadVersion].reverse(), done: true })
  })

  it('bounded reads, forward and reverse, keep to [b, g)', () => {
    expect(read(scanMerged(stored, null, 'b', 'g', false, 100)).pairs).toEqual(atReadVersion.slice(1, 4))
    expect(read(scanMerged(stored, null, 'b', 'g', true, 100)).pairs).toEqual(atReadVersion.slice(1, 4).reverse())
  })

  it('with own writes over them: own values win, the rest as at the read version', () => {
    const own = buffer({ b: 'own-b', d: 'own-d', f: 'own-f' })
    const expected = [['a', 'A'], ['b', 'own-b'], ['c', 'C-old'], ['d', 'own-d'], ['e', 'E-old'], ['f', 'own-f'], ['g', 'G'], ['h', 'H-old']]
    expect(read(scanMerged(stored, own, '', '\xff', false, 100)).pairs).toEqual(expected)
    expect(read(scanMerged(stored, own, '', '\xff', true, 100)).pairs).toEqual([...expected].reverse())
  })
})
