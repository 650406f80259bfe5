// Property tests (fast-check) and fuzzing of the tuple layer:
// - round trip, and byte-identical re-encoding of whatever unpack accepts;
// - byte-identical output to fdb-tuple (the encoder of the node-foundationdb binding);
// - packed byte order = compareTuples order; pack(a) ++ pack(b) = pack(a ++ b);
// - 100,000 random byte strings and 50,000 mutated encodings to unpack:
//   a value that re-packs to the same bytes, or a FoundError (corruptData).
import fc from 'fast-check'
import fdbTuple from 'fdb-tuple'
import type { TupleItem as FdbItem } from 'fdb-tuple'
import { describe, expect, it } from 'vitest'
import { ErrorCode, FoundError } from '../errors.js'
import {
  Float32,
  Float64,
  Uuid,
  Versionstamp,
  compareTuples,
  float32,
  float64,
  pack,
  packWithVersionstamp,
  unpack,
} from './index.js'
import type { TupleItem } from './index.js'
import { seededRandom } from '../../test/random.js'

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')
// A mutation run (`pnpm mutate`) reruns these tests for each of ~1,500
// mutants: there they run a tenth (the vectors pin the exact encodings).
const SCALE = process.env['FOUNDKIT_MUTATION'] === '1' ? 0.1 : 1
const RUNS = 1500 * SCALE

// ---------------------------------------------------------------- arbitraries

const pow2 = (k: number) => 2n ** BigInt(k)
const boundaryInts: bigint[] = []
for (let k = 8; k <= 72; k += 8) for (const d of [-1n, 0n, 1n]) boundaryInts.push(pow2(k) + d, -(pow2(k) + d))
boundaryInts.push(pow2(53) - 1n, pow2(53), -(pow2(53) - 1n), -pow2(53), pow2(2040) - 1n, -(pow2(2040) - 1n))

const integer: fc.Arbitrary<TupleItem> = fc.oneof(
  fc.integer({ min: -300, max: 300 }),
  fc.maxSafeInteger(),
  fc.constantFrom(...boundaryInts),
  fc.constantFrom(...boundaryInts).map((b) => (b >= -(pow2(53) - 1n) && b <= pow2(53) - 1n ? Number(b) : b)),
  fc.bigInt({ min: -pow2(80), max: pow2(80) }),
  fc.bigInt({ min: -(pow2(2040) - 1n), max: pow2(2040) - 1n }),
)

const double: fc.Arbitrary<TupleItem> = fc.oneof(
  fc.double(), // includes NaN, -0, ±Infinity
  fc.double({ noNaN: true, min: -4, max: 4 }),
  fc.integer({ min: -3, max: 3 }).map(float64), // integral doubles
  fc.uint8Array({ minLength: 8, maxLength: 8 }).map((b) => Float64.fromBytes(b)), // every bit pattern, NaN payloads too
)

const single: fc.Arbitrary<TupleItem> = fc.oneof(
  fc.float().map(float32),
  fc.uint8Array({ minLength: 4, maxLength: 4 }).map((b) => Float32.fromBytes(b)),
)

// Small alphabets make equal prefixes (and so deeper comparisons) likely.
const string: fc.Arbitrary<TupleItem> = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'b', '\0', '\u00e9', '\ud83d\udd25', '\uffff', '\ue000', '\ud7ff'), maxLength: 4 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'binary-ascii', minLength: 30, maxLength: 120 }),
)

const bytes: fc.Arbitrary<TupleItem> = fc.oneof(
  fc.array(fc.constantFrom(0x00, 0x01, 0x61, 0xff), { maxLength: 5 }).map((a) => Buffer.from(a)),
  fc.uint8Array({ maxLength: 120 }).map((a) => Buffer.from(a)),
)

const uuid: fc.Arbitrary<TupleItem> = fc.oneof(
  fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => new Uuid(b)),
  fc.constantFrom(0x00, 0x80, 0xff).map((x) => new Uuid(new Uint8Array(16).fill(x))),
)

const versionstamp: fc.Arbitrary<TupleItem> = fc
  .tuple(
    fc.oneof(fc.uint8Array({ minLength: 10, maxLength: 10 }), fc.constantFrom(new Uint8Array(10), new Uint8Array(10).fill(1))),
    fc.integer({ min: 0, max: 0xffff }),
  )
  .filter(([tr]) => !tr.every((b) => b === 0xff))
  .map(([tr, uv]) => Versionstamp.complete(tr, uv))

const leaf: fc.Arbitrary<TupleItem> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  integer,
  double,
  single,
  string,
  bytes,
  uuid,
  versionstamp,
)

const { tuple } = fc.letrec<{ item: TupleItem; nested: TupleItem[]; tuple: TupleItem[] }>((tie) => ({
  item: fc.oneof({ depthSize: 'small' }, leaf, tie('nested')),
  nested: fc.array(tie('item'), { maxLength: 4 }),
  tuple: fc.array(tie('item'), { maxLength: 6 }),
}))

// ---------------------------------------------------------------- helpers

/** A canonical, comparable form of a tuple item: what it packs as. */
function norm(x: unknown): unknown {
  if (x === null || typeof x === 'boolean') return x
  if (typeof x === 'string') return ['s', x]
  if (typeof x === 'bigint') return ['i', x.toString()]
  if (typeof x === 'number') {
    if (Number.isSafeInteger(x) && !Object.is(x, -0)) return ['i', String(x)]
    return ['d', hex(float64(x).toBytes())]
  }
  if (x instanceof Uint8Array) return ['b', hex(x)]
  if (Array.isArray(x)) return ['t', ...x.map(norm)]
  if (x instanceof Float64) return ['d', hex(x.toBytes())]
  if (x instanceof Float32) return ['f', hex(x.toBytes())]
  if (x instanceof Uuid) return ['u', x.toString()]
  if (x instanceof Versionstamp) return ['v', hex(x.toBytes())]
  throw new Error(`norm: unexpected ${String(x)}`)
}

/** The same canonical form, for what fdb-tuple's unpack(buf, true) returns. */
function normFdb(x: FdbItem): unknown {
  if (x === null || typeof x === 'boolean') return x
  if (typeof x === 'string') return ['s', x]
  if (typeof x === 'bigint' || typeof x === 'number') return ['i', x.toString()]
  if (Buffer.isBuffer(x)) return ['b', hex(x)]
  if (Array.isArray(x)) return ['t', ...x.map(normFdb)]
  const o = x as { type: string; value?: Buffer; rawEncoding?: Buffer; code?: number }
  switch (o.type) {
    case 'double':
      return ['d', hex(o.rawEncoding!)]
    case 'float':
      return ['f', hex(o.rawEncoding!)]
    case 'uuid':
      return ['u', new Uuid(o.value!).toString()]
    case 'versionstamp':
      return ['v', hex(o.value!)]
    case 'unbound versionstamp':
      return ['v', 'ff'.repeat(10) + o.code!.toString(16).padStart(4, '0')]
  }
  throw new Error(`normFdb: unexpected ${String(x)}`)
}

/** The same tuple in fdb-tuple's representation. */
function toFdb(x: TupleItem): FdbItem {
  if (x === null || typeof x === 'boolean' || typeof x === 'string' || typeof x === 'bigint') return x
  if (typeof x === 'number') {
    // fdb-tuple writes a NaN with whatever bits the engine holds; give it the canonical ones.
    if (Number.isNaN(x)) return { type: 'double', value: x, rawEncoding: Buffer.from(float64(NaN).toBytes()) }
    return x
  }
  if (x instanceof Uint8Array) return Buffer.from(x)
  if (Array.isArray(x)) return x.map(toFdb)
  if (x instanceof Float64) return { type: 'double', value: x.value, rawEncoding: Buffer.from(x.toBytes()) }
  if (x instanceof Float32) return { type: 'float', value: x.value, rawEncoding: Buffer.from(x.toBytes()) }
  if (x instanceof Uuid) return { type: 'uuid', value: Buffer.from(x.toBytes()) }
  if (x instanceof Versionstamp) {
    return x.isComplete() ? { type: 'versionstamp', value: Buffer.from(x.toBytes()) } : { type: 'unbound versionstamp', code: x.userVersion }
  }
  throw new Error('toFdb: unexpected item')
}

function incompleteCount(items: readonly TupleItem[]): number {
  let n = 0
  for (const x of items) {
    if (Array.isArray(x)) n += incompleteCount(x)
    else if (x instanceof Versionstamp && !x.isComplete()) n++
  }
  return n
}

const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0)

// ---------------------------------------------------------------- properties

describe('tuple properties', () => {
  it('round-trips: unpack(pack(t)) is t, and packs back to the same bytes', () => {
    fc.assert(
      fc.property(tuple, (t) => {
        const packed = pack(t)
        const back = unpack(packed)
        expect(norm(back)).toEqual(norm(t))
        expect(hex(pack(back))).toBe(hex(packed))
        // Decoded values are canonical: decoding again gives strictly equal values.
        expect(unpack(pack(back))).toStrictEqual(back)
      }),
      { numRuns: RUNS },
    )
  })

  it('packs exactly the bytes fdb-tuple packs', () => {
    fc.assert(
      fc.property(tuple, (t) => {
        expect(hex(pack(t))).toBe(hex(fdbTuple.pack(t.map(toFdb))))
      }),
      { numRuns: RUNS },
    )
  })

  it('unpacks the same values fdb-tuple unpacks', () => {
    fc.assert(
      fc.property(tuple, (t) => {
        const packed = pack(t)
        expect(unpack(packed).map(norm)).toEqual(fdbTuple.unpack(Buffer.from(packed), true).map(normFdb))
      }),
      { numRuns: RUNS },
    )
  })

  it('packWithVersionstamp matches fdb-tuple (data + little-endian stamp offset)', () => {
    fc.assert(
      fc.property(tuple, tuple, fc.integer({ min: 0, max: 0xffff }), fc.boolean(), (a, b, uv, nest) => {
        const stamp = Versionstamp.incomplete(uv)
        const t: TupleItem[] = nest ? [...a, [stamp, ...b]] : [...a, stamp, ...b]
        const ours = packWithVersionstamp(t)
        const theirs = fdbTuple.packUnboundVersionstamp(t.map(toFdb))
        const offset = Buffer.alloc(4)
        offset.writeUInt32LE(theirs.stampPos)
        expect(hex(ours)).toBe(hex(Buffer.concat([theirs.data, offset])))
        expect(() => pack(t)).toThrow(FoundError)
      }),
      { numRuns: 500 * SCALE },
    )
  })

  it('sorts packed bytes in the tuple order (compareTuples)', () => {
    // A shared prefix makes the interesting comparisons (deep inside) likely.
    const pair = fc.tuple(tuple, tuple, tuple).map(([p, a, b]) => [[...p, ...a], [...p, ...b]] as const)
    fc.assert(
      fc.property(pair, ([a, b]) => {
        const bytesOrder = sign(Buffer.compare(pack(a), pack(b)))
        expect(sign(compareTuples(a, b))).toBe(bytesOrder)
        expect(sign(compareTuples(b, a))).toBe(sign(-bytesOrder))
      }),
      { numRuns: 3000 * SCALE },
    )
    // Leaves of the same kind compared directly.
    for (const arb of [integer, double, single, string, bytes, uuid, versionstamp]) {
      fc.assert(
        fc.property(arb, arb, (x, y) => {
          expect(sign(compareTuples([x], [y]))).toBe(sign(Buffer.compare(pack([x]), pack([y]))))
        }),
        { numRuns: 500 * SCALE },
      )
    }
  })

  it('concatenates: pack(a) ++ pack(b) = pack(a ++ b), and prefixes pack the same', () => {
    fc.assert(
      fc.property(tuple, tuple, (a, b) => {
        const joined = hex(pack([...a, ...b]))
        expect(hex(pack(a)) + hex(pack(b))).toBe(joined)
        expect(hex(pack(b, pack(a)))).toBe(joined)
        expect(unpack(Buffer.concat([pack(a), pack(b)])).length).toBe(a.length + b.length)
      }),
      { numRuns: RUNS },
    )
  })
})

// ---------------------------------------------------------------- fuzzing


const INTERESTING = [
  0x00, 0x01, 0x02, 0x05, 0x0b, 0x0c, 0x13, 0x14, 0x15, 0x16, 0x1c, 0x1d, 0x20, 0x21, 0x26, 0x27, 0x30, 0x33, 0xff,
  0x80, 0xc3, 0xe2, 0xed, 0xf0, 0xf4, 0xf6, 0xf7, 0x08, 0x09,
]
const LEGACY = /^(1d08(ff){8}|0bf7(00){8})/

/** Checks the contract on one input: a value that packs back to the same bytes, or a FoundError. */
function check(input: Buffer, stats: { ok: number; corrupt: number }): void {
  let items: TupleItem[]
  try {
    items = unpack(input)
  } catch (e) {
    if (!(e instanceof FoundError) || e.code !== ErrorCode.corruptData || !/at offset \d+|offset \d+/.test(e.message)) {
      throw new Error(`unpack(${hex(input)}) threw ${String(e)}`)
    }
    stats.corrupt++
    return
  }
  stats.ok++
  const stamps = incompleteCount(items)
  if (stamps === 0) {
    const again = pack(items)
    if (Buffer.compare(again, input) !== 0) {
      // The one accepted exception: Python's legacy encoding of ±(2^64 - 1).
      const legacy = input.toString('hex').match(/1d08(ff){8}|0bf7(00){8}/)
      if (!legacy || !LEGACY.test(legacy[0])) throw new Error(`pack(unpack(${hex(input)})) = ${hex(again)}`)
    }
  } else {
    expect(() => pack(items)).toThrow(FoundError)
    if (stamps === 1) {
      const withStamp = packWithVersionstamp(items)
      expect(hex(withStamp.subarray(0, input.length))).toBe(hex(input))
    } else expect(() => packWithVersionstamp(items)).toThrow(/second incomplete versionstamp/)
  }
  // Whatever we accept, fdb-tuple reads the same way.
  expect(items.map(norm)).toEqual(fdbTuple.unpack(input, true).map(normFdb))
}

describe('tuple fuzzing', () => {
  it('unpack of 100,000 random byte strings gives a value or a FoundError', () => {
    const random = seededRandom(0x5eed)
    const stats = { ok: 0, corrupt: 0 }
    const count = 100_000 * SCALE
    for (let n = 0; n < count; n++) {
      const len = random() < 0.9 ? Math.floor(random() * 24) : Math.floor(random() * 200)
      const input = Buffer.allocUnsafe(len)
      for (let i = 0; i < len; i++) {
        input[i] = random() < 0.45 ? INTERESTING[Math.floor(random() * INTERESTING.length)]! : Math.floor(random() * 256)
      }
      check(input, stats)
    }
    expect(stats.ok + stats.corrupt).toBe(count)
    expect(stats.ok).toBeGreaterThan(count / 100) // the generator does reach valid tuples
  })

  it('unpack of 50,000 mutated valid encodings gives a value or a FoundError', () => {
    const random = seededRandom(0xf00d)
    const valid = fc.sample(tuple, { numRuns: 2000 * SCALE, seed: 42 }).map((t) => pack(t))
    const stats = { ok: 0, corrupt: 0 }
    for (const base of valid) {
      for (let m = 0; m < 25; m++) {
        let b = Buffer.from(base)
        const mutations = 1 + Math.floor(random() * 3)
        for (let k = 0; k < mutations; k++) {
          const at = Math.floor(random() * (b.length + 1))
          const r = random()
          if (r < 0.3 && b.length > 0) b[at % b.length] = Math.floor(random() * 256)
          else if (r < 0.45 && b.length > 0) b[at % b.length] = random() < 0.5 ? 0x00 : 0xff
          else if (r < 0.6) b = Buffer.concat([b.subarray(0, at), Buffer.from([INTERESTING[Math.floor(random() * INTERESTING.length)]!]), b.subarray(at)])
          else if (r < 0.75) b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1)])
          else if (r < 0.9) b = b.subarray(0, at)
          else b = Buffer.concat([b.subarray(0, at), b.subarray(Math.floor(random() * b.length))])
        }
        check(b, stats)
      }
    }
    expect(stats.ok + stats.corrupt).toBe(50_000 * SCALE)
    expect(stats.ok).toBeGreaterThan(1000 * SCALE)
    expect(stats.corrupt).toBeGreaterThan(1000 * SCALE)
  })
})
