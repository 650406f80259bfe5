// A transaction's write buffer against a plain model of read-your-writes: after any sequence of
// sets, clears, range clears, atomic adds and versionstamped writes, (1) what the buffer says a
// key holds is what the writes made of it, in order (a key in a cleared range reads as cleared, an
// atomic operation on a known value folds into it, two on an unknown one both wait for the stored
// value), and (2) the parts of a range it reports as unknown are exactly those it did not set or
// clear: FoundationDB adds read conflicts only there, as reading what you wrote cannot conflict.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { applyAtomic } from './atomic.js'
import { keyAfter, type Key } from './keyspace.js'
import type { Mutation } from './mutation.js'
import { WriteBuffer, type PendingWrite } from './write-buffer.js'

const RUNS = process.env['FOUNDKIT_MUTATION'] === '1' ? 150 : 400

/** Keys of 1 to 3 bytes over \x00, a, b: every key's successor k + \x00 is among them, as are prefixes. */
const KEYS: Key[] = []
for (const a of ['\x00', 'a', 'b']) {
  KEYS.push(a)
  for (const b of ['\x00', 'a', 'b']) {
    KEYS.push(a + b)
    for (const c of ['\x00', 'a', 'b']) KEYS.push(a + b + c)
  }
}
KEYS.sort()
const key = fc.constantFrom(...KEYS)
const range = fc.tuple(key, key).filter(([b, e]) => b < e)

type Step = { write: Mutation } | { unknown: [Key, Key] }

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ k: key, v: fc.integer({ min: 0, max: 255 }) }).map(({ k, v }) => ({ write: { type: 'set', key: k, value: Buffer.from([v]) } as Mutation })),
  key.map((k) => ({ write: { type: 'clear', key: k } as Mutation })),
  range.map(([b, e]) => ({ write: { type: 'clearRange', begin: b, end: e } as Mutation })),
  fc.record({ k: key, v: fc.integer({ min: 1, max: 9 }) }).map(({ k, v }) => ({
    write: { type: 'atomic', op: 'add', key: k, param: Buffer.from([v]) } as Mutation,
  })),
  key.map((k) => ({ write: { type: 'versionstampedValue', key: k, body: Buffer.alloc(14), offset: 0 } as Mutation })),
  fc.constant({ write: { type: 'versionstampedKey', body: Buffer.alloc(14), offset: 0, value: Buffer.from('v') } as Mutation }),
  range.map((r) => ({ unknown: r })),
)

/** The model: what each key holds after the writes, and every range cleared. */
class Model {
  readonly keys = new Map<Key, PendingWrite>()
  readonly cleared: Array<[Key, Key]> = []

  lookup(k: Key): PendingWrite | undefined {
    const own = this.keys.get(k)
    if (own !== undefined) return own
    return this.cleared.some(([b, e]) => b <= k && k < e) ? { kind: 'value', value: null } : undefined
  }

  apply(m: Mutation): void {
    switch (m.type) {
      case 'set':
        this.keys.set(m.key, { kind: 'value', value: m.value })
        break
      case 'clear':
        this.keys.set(m.key, { kind: 'value', value: null })
        break
      case 'clearRange':
        for (const k of [...this.keys.keys()]) if (m.begin <= k && k < m.end) this.keys.delete(k)
        this.cleared.push([m.begin, m.end])
        break
      case 'atomic': {
        const before = this.lookup(m.key)
        if (before === undefined) this.keys.set(m.key, { kind: 'ops', ops: [[m.op, m.param]] })
        else if (before.kind === 'value') this.keys.set(m.key, { kind: 'value', value: applyAtomic(m.op, before.value, m.param) })
        else if (before.kind === 'ops') this.keys.set(m.key, { kind: 'ops', ops: [...before.ops, [m.op, m.param]] })
        break
      }
      case 'versionstampedValue':
        this.keys.set(m.key, { kind: 'unreadable' })
        break
      case 'versionstampedKey':
        break
    }
  }

  /** [begin, end) minus the cleared ranges and the keys with a known value: merged first, then the gaps. */
  unknown(begin: Key, end: Key): Array<[Key, Key]> {
    const known: Array<[Key, Key]> = [...this.cleared]
    for (const [k, p] of this.keys) if (p.kind === 'value') known.push([k, keyAfter(k)])
    const clipped = known
      .map(([b, e]): [Key, Key] => [b < begin ? begin : b, e > end ? end : e])
      .filter(([b, e]) => b < e)
      .sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
    const merged: Array<[Key, Key]> = []
    for (const [b, e] of clipped) {
      const last = merged[merged.length - 1]
      if (last !== undefined && b <= last[1]) {
        if (e > last[1]) last[1] = e
      } else merged.push([b, e])
    }
    const gaps: Array<[Key, Key]> = []
    let from = begin
    for (const [b, e] of merged) {
      if (b > from) gaps.push([from, b])
      from = e
    }
    if (from < end) gaps.push([from, end])
    return gaps
  }
}

describe('WriteBuffer against a model of read-your-writes', () => {
  it('knows what each key holds and which parts of a range it did not write, after any writes', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 14 }), (steps) => {
        const buffer = new WriteBuffer()
        const model = new Model()
        for (const s of steps) {
          if ('write' in s) {
            buffer.replay(s.write)
            model.apply(s.write)
          } else {
            expect(buffer.unknownRanges(...s.unknown)).toEqual(model.unknown(...s.unknown))
          }
        }
        for (const k of KEYS) expect(buffer.lookup(k), `key ${JSON.stringify(k)}`).toEqual(model.lookup(k))
        expect(buffer.unknownRanges(KEYS[0]!, 'c')).toEqual(model.unknown(KEYS[0]!, 'c'))
        expect(buffer.isEmpty).toBe(model.keys.size === 0 && model.cleared.length === 0)
      }),
      { numRuns: RUNS },
    )
  })

  it('reports a range it cleared, set keys inside it included, as known, and the rest as unknown', () => {
    const buffer = new WriteBuffer()
    buffer.clearRange('b', 'd')
    buffer.set('c', Buffer.from('x'))
    buffer.set('e', Buffer.from('y'))
    buffer.atomic('f', 'add', Buffer.from([1]))
    expect(buffer.unknownRanges('a', 'g')).toEqual([
      ['a', 'b'],
      ['d', 'e'],
      ['e\x00', 'g'],
    ])
    expect(buffer.unknownRanges('c', 'c\x00\x00')).toEqual([])
    expect(buffer.unknownRanges('bb', 'e\x00')).toEqual([['d', 'e']])
  })
})
