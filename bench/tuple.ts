// `pnpm bench tuple`: foundkit's pack/unpack against fdb-tuple (the tuple
// encoder of the node-foundationdb binding) on the same data, after checking
// that both produce identical bytes and values. One operation = one tuple.
import { isDeepStrictEqual } from 'node:util'
import fdbTuple from 'fdb-tuple'
import type { TupleItem as FdbItem } from 'fdb-tuple'
import { pack, unpack } from '../packages/core/src/index.js'
import type { TupleItem } from '../packages/core/src/index.js'
import { consume, measurePair, type MeasureOptions, type Row } from './run.js'
import { rng } from './peers/harness.js'

const random = rng(1234)
const int = (max: number) => Math.floor(random() * max)
const ascii = (n: number) => {
  let s = ''
  for (let i = 0; i < n; i++) s += String.fromCharCode(97 + int(26))
  return s
}
const unicode = (n: number) => {
  const alphabet = 'aé中ü€x🔥ß'
  const units = [...alphabet]
  let s = ''
  while (s.length < n) s += units[int(units.length)]
  return s
}
const randomBytes = (n: number) => {
  const b = Buffer.allocUnsafe(n)
  for (let i = 0; i < n; i++) b[i] = int(256)
  return b
}

interface Workload {
  name: string
  tuples: TupleItem[][]
  /** Whether the ≥ 3× goal applies to this workload. */
  goal: boolean
}

const SIZE = 1024

function flat(item: TupleItem): TupleItem {
  if (typeof item === 'string') return Buffer.from(item, 'utf8').toString('utf8')
  if (Array.isArray(item)) return item.map(flat)
  return item
}

function workloads(): Workload[] {
  const make = (name: string, fn: (i: number) => TupleItem[], goal = false): Workload => ({
    name,
    // Strings built with += are ropes; flatten them as strings read from I/O are.
    tuples: Array.from({ length: SIZE }, (_, i) => fn(i).map(flat)),
    goal,
  })
  return [
    make(
      'mixed 5-element tuples (ints, strings, bytes, nested)',
      (i) => [
        ['users', 'orders', 'events', 'items'][i % 4]!,
        int(1_000_000_000),
        randomBytes(16),
        [ascii(4 + int(8)), int(100_000), null],
        ascii(8 + int(16)),
      ],
      true,
    ),
    make('long strings (1,000 ASCII chars)', () => ['doc', ascii(1000)], true),
    make('long strings (1,000 non-ASCII chars)', () => ['doc', unicode(1000)]),
    make('small keys (string + int)', (i) => ['counter', i * 7919]),
    make('integers (8 of all sizes, some negative)', () =>
      Array.from({ length: 8 }, (_, k) => (k % 2 ? -1 : 1) * Math.floor(random() * 2 ** (6 * k + 4))),
    ),
  ]
}

/** Throws unless foundkit and fdb-tuple give identical bytes and values on every tuple. */
function verify(w: Workload, packed: Buffer[]): void {
  for (let i = 0; i < w.tuples.length; i++) {
    const t = w.tuples[i]!
    const theirs = fdbTuple.pack(t as FdbItem[])
    if (!theirs.equals(packed[i]!)) throw new Error(`bench tuple: ${w.name}: bytes differ from fdb-tuple for tuple ${i}`)
    if (!isDeepStrictEqual(unpack(theirs), fdbTuple.unpack(theirs))) {
      throw new Error(`bench tuple: ${w.name}: unpack differs from fdb-tuple for tuple ${i}`)
    }
  }
}

/** Runs the tuple suite and returns its rows. */
export async function benchTuple(options: MeasureOptions = {}): Promise<Row[]> {
  const goalOf = (w: Workload, ours: number, peer: number | null) =>
    w.goal ? { goal: '≥ 3× fdb-tuple', met: peer !== null && ours >= 3 * peer ? 'yes' : 'NO' } : {}
  const rows: Row[] = []
  for (const w of workloads()) {
    const { tuples } = w
    const packed = tuples.map((t) => Buffer.from(pack(t)))
    verify(w, packed)
    const n = tuples.length
    const mask = n - 1 // SIZE is a power of two
    const fdbTuples = tuples as FdbItem[][]
    const p = measurePair(
      (i) => consume(pack(tuples[i & mask]!)),
      (i) => consume(fdbTuple.pack(fdbTuples[i & mask]!)),
      options,
    )
    rows.push({ workload: `pack: ${w.name}`, ours: p.ours, peerName: 'fdb-tuple', peer: p.peer, ...goalOf(w, p.ours, p.peer) })
    const u = measurePair(
      (i) => consume(unpack(packed[i & mask]!)),
      (i) => consume(fdbTuple.unpack(packed[i & mask]!)),
      options,
    )
    rows.push({ workload: `unpack: ${w.name}`, ours: u.ours, peerName: 'fdb-tuple', peer: u.peer, ...goalOf(w, u.ours, u.peer) })
    await new Promise((resolve) => setImmediate(resolve))
  }
  return rows
}
