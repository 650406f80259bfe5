import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { gt, gte, keySelector, lt, lte } from '../../keys/selector.js'
import type { MutationType, StreamingMode } from '../types.js'
import {
  INT32_MAX,
  MUTATION_TYPES,
  STREAMING_MODES,
  mutationTypeCode,
  toBindingRangeOptions,
  toBindingSelector,
} from './mapping.js'

// The real binding's pure-JavaScript modules (no native code): its generated
// enums and its key selector helpers. The tables below are checked against
// them, not against a copy.
const requireFromHere = createRequire(import.meta.url)
const opts = requireFromHere('foundationdb/dist/lib/opts.g.js') as {
  StreamingMode: Record<string, number | string>
  MutationType: Record<string, number | string>
}
type BindingSelector = { key: unknown; orEqual: boolean; offset: number }
const bindingKeySelector = (
  requireFromHere('foundationdb/dist/lib/keySelector.js') as {
    default: {
      isKeySelector(value: unknown): boolean
      firstGreaterOrEqual(key: unknown): BindingSelector
      firstGreaterThan(key: unknown): BindingSelector
      lastLessThan(key: unknown): BindingSelector
      lastLessOrEqual(key: unknown): BindingSelector
    }
  }
).default

/** `want_all` → `WantAll`, `bitAnd` → `BitAnd`: the binding's enum member names. */
const pascal = (name: string): string =>
  name
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')

describe('fdb streaming modes', () => {
  it('maps every foundkit mode to the binding’s StreamingMode value of the same name', () => {
    const names: StreamingMode[] = ['want_all', 'iterator', 'exact', 'small', 'medium', 'large', 'serial']
    expect(Object.keys(STREAMING_MODES).sort()).toEqual([...names].sort())
    for (const name of names) {
      expect(opts.StreamingMode[pascal(name)], name).toBe(STREAMING_MODES[name])
    }
  })
})

describe('fdb mutation types', () => {
  const names: MutationType[] = [
    'add',
    'bitAnd',
    'bitOr',
    'bitXor',
    'appendIfFits',
    'max',
    'min',
    'byteMin',
    'byteMax',
    'compareAndClear',
    'setVersionstampedKey',
    'setVersionstampedValue',
  ]

  it('maps every MutationType to the binding’s MutationType value of the same name', () => {
    expect(Object.keys(MUTATION_TYPES).sort()).toEqual([...names].sort())
    for (const name of names) {
      expect(opts.MutationType[pascal(name)], name).toBe(MUTATION_TYPES[name])
      expect(mutationTypeCode(name)).toBe(MUTATION_TYPES[name])
    }
  })

  it('uses FoundationDB’s codes (add 2, versionstamped key 14 and value 15, compare-and-clear 20)', () => {
    expect(mutationTypeCode('add')).toBe(2)
    expect(mutationTypeCode('setVersionstampedKey')).toBe(14)
    expect(mutationTypeCode('setVersionstampedValue')).toBe(15)
    expect(mutationTypeCode('compareAndClear')).toBe(20)
  })

  it('rejects unknown names, including inherited property names', () => {
    for (const bad of ['and', 'toString', '__proto__', '']) {
      expect(() => mutationTypeCode(bad as MutationType)).toThrow(expect.objectContaining({ code: 9001 }))
    }
  })
})

describe('fdb key selectors', () => {
  const key = Buffer.from('user/42')

  it('produces objects the binding recognises as key selectors', () => {
    expect(bindingKeySelector.isKeySelector(toBindingSelector(gte(key)))).toBe(true)
  })

  it('means the same as the binding’s own helpers for lt, lte, gt, gte', () => {
    const cases: Array<[ReturnType<typeof gte>, BindingSelector]> = [
      [gte(key), bindingKeySelector.firstGreaterOrEqual(key)],
      [gt(key), bindingKeySelector.firstGreaterThan(key)],
      [lt(key), bindingKeySelector.lastLessThan(key)],
      [lte(key), bindingKeySelector.lastLessOrEqual(key)],
    ]
    for (const [ours, theirs] of cases) {
      const mapped = toBindingSelector(ours)
      expect({ orEqual: mapped.orEqual, offset: mapped.offset }).toEqual({
        orEqual: theirs.orEqual,
        offset: theirs.offset,
      })
      expect(Buffer.compare(mapped.key, key)).toBe(0)
    }
  })

  it('keeps offsets and hands the key over as a Buffer view without copying', () => {
    const backing = new Uint8Array([1, 2, 3, 4, 5])
    const plain = backing.subarray(1, 4)
    const mapped = toBindingSelector(keySelector(plain, true, -7))
    expect(Buffer.isBuffer(mapped.key)).toBe(true)
    expect([...mapped.key]).toEqual([2, 3, 4])
    expect(mapped.key.buffer).toBe(backing.buffer)
    expect(mapped.orEqual).toBe(true)
    expect(mapped.offset).toBe(-7)
  })

  it('rejects offsets outside the client’s 32-bit range', () => {
    expect(() => toBindingSelector(keySelector(key, false, INT32_MAX + 1))).toThrow(
      expect.objectContaining({ code: 9001 }),
    )
    expect(() => toBindingSelector(keySelector(key, false, -INT32_MAX - 2))).toThrow(
      expect.objectContaining({ code: 9001 }),
    )
    expect(toBindingSelector(keySelector(key, false, INT32_MAX)).offset).toBe(INT32_MAX)
    expect(toBindingSelector(keySelector(key, false, -INT32_MAX - 1)).offset).toBe(-INT32_MAX - 1)
  })
})

describe('fdb range options', () => {
  const base = { limit: 0, reverse: false, mode: 'iterator' as StreamingMode, snapshot: false }

  it('passes limit, reverse and the numeric mode through', () => {
    expect(toBindingRangeOptions({ ...base, limit: 10, reverse: true, mode: 'small' })).toEqual({
      limit: 10,
      reverse: true,
      streamingMode: 1,
    })
    expect(toBindingRangeOptions(base)).toEqual({ limit: 0, reverse: false, streamingMode: -1 })
  })

  it('keeps limit 0 as "no limit"', () => {
    expect(toBindingRangeOptions({ ...base, mode: 'want_all' }).limit).toBe(0)
  })

  it('reads exact mode without a limit as want_all (FoundationDB would fail with 2210)', () => {
    expect(toBindingRangeOptions({ ...base, mode: 'exact' }).streamingMode).toBe(STREAMING_MODES.want_all)
    expect(toBindingRangeOptions({ ...base, mode: 'exact', limit: 5 }).streamingMode).toBe(STREAMING_MODES.exact)
  })

  it('passes a limit too large for a C int as no limit', () => {
    expect(toBindingRangeOptions({ ...base, limit: INT32_MAX }).limit).toBe(INT32_MAX)
    expect(toBindingRangeOptions({ ...base, limit: INT32_MAX + 1 }).limit).toBe(0)
    expect(toBindingRangeOptions({ ...base, limit: INT32_MAX + 1, mode: 'exact' }).streamingMode).toBe(-2)
  })

  it('rejects negative or fractional limits and unknown modes', () => {
    for (const limit of [-1, 1.5, Number.NaN]) {
      expect(() => toBindingRangeOptions({ ...base, limit })).toThrow(expect.objectContaining({ code: 9001 }))
    }
    expect(() => toBindingRangeOptions({ ...base, mode: 'fast' as StreamingMode })).toThrow(
      expect.objectContaining({ code: 9001 }),
    )
  })
})
