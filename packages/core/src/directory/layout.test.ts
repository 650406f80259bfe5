// The on-disk layout, byte for byte. Every expected key and value below is
// built by hand from the tuple and directory specifications (design/tuple.md,
// fdb/directory_impl.py), not with foundkit's `pack`, so a mistake in either
// shows up here. Allocated prefixes are random: the tests read the one chosen
// and check it has the form the allocator must give, then expect every key of
// the database exactly.
import { describe, expect, it } from 'vitest'
import { get } from '../api/reads.js'
import { transactional } from '../api/transactional.js'
import { set } from '../api/writes.js'
import { directory, PARTITION_LAYER } from './index.js'
import { dumpAll, forEachEngine } from '../../test/harness.js'

// ---- the specification, by hand ----
const cat = (...parts: Array<Uint8Array | number[]>): Buffer => Buffer.concat(parts.map((p) => Buffer.from(p as Uint8Array)))
const ascii = (s: string): number[] => [...Buffer.from(s, 'utf8')]
/** Tuple byte string (type 0x01): 0x00 escaped as 00 ff, then a 00 terminator. */
const tBytes = (b: Uint8Array | number[]): Buffer => cat([0x01], [...b].flatMap((x) => (x === 0 ? [0x00, 0xff] : [x])), [0x00])
/** Tuple unicode string (type 0x02), ASCII names only here. */
const tStr = (s: string): Buffer => cat([0x02], ascii(s), [0x00])
/** Tuple integer 0..65535: 0x14 for zero, 0x15 + 1 byte, 0x16 + 2 bytes big-endian. */
const tInt = (n: number): Buffer => (n === 0 ? cat([0x14]) : n < 256 ? cat([0x15, n]) : cat([0x16, n >> 8, n & 0xff]))
const u32le = (...xs: number[]): Buffer => cat(...xs.map((x) => [x & 0xff, (x >> 8) & 0xff, (x >> 16) & 0xff, x >>> 24]))
const i64le = (n: number): Buffer => cat([n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >> 24) & 0xff, 0, 0, 0, 0])

/** A directory layer's keys, for node subspace `nodePrefix`. */
function spec(nodePrefix: number[]) {
  const node = (prefix: Uint8Array | number[]) => cat(nodePrefix, tBytes(prefix))
  const root = node(nodePrefix)
  const hca = cat(root, tBytes(ascii('hca')))
  return {
    node,
    root,
    versionKey: cat(root, tBytes(ascii('version'))),
    version100: u32le(1, 0, 0),
    counter: (start: number) => cat(hca, tInt(0), tInt(start)),
    recent: (n: number) => cat(hca, tInt(1), tInt(n)),
    subdir: (parentNode: Buffer, name: string) => cat(parentNode, tInt(0), tStr(name)),
    layerKey: (prefix: Uint8Array | number[]) => cat(node(prefix), tBytes(ascii('layer'))),
  }
}
const fe = spec([0xfe])

const hex = (x: Uint8Array): string => Buffer.from(x).toString('hex')
type Row = [string, string]
const row = (k: Uint8Array, v: Uint8Array | number[]): Row => [hex(k), hex(Buffer.from(v as Uint8Array))]
const sorted = (rows: Row[]): Row[] => [...rows].sort((a, b) => Buffer.compare(Buffer.from(a[0], 'hex'), Buffer.from(b[0], 'hex')))

/** The candidate number an allocated prefix (of the first window) stands for: `pack((n,))`, 0 <= n < 64. */
function candidateOf(prefix: Uint8Array): number {
  const p = [...prefix]
  if (p.length === 1 && p[0] === 0x14) return 0
  expect(p.length).toBe(2)
  expect(p[0]).toBe(0x15)
  expect(p[1]).toBeGreaterThan(0)
  expect(p[1]).toBeLessThan(64)
  return p[1]!
}

describe('directory layout: the spec helpers', () => {
  it('the literal bytes of the fixed keys', () => {
    // Spelled out once, to pin the helpers above to the bytes of the spec.
    expect(hex(fe.root)).toBe('fe01fe00')
    expect(hex(fe.versionKey)).toBe('fe01fe00' + '0176657273696f6e00')
    expect(hex(fe.version100)).toBe('010000000000000000000000')
    expect(hex(fe.counter(0))).toBe('fe01fe00' + '0168636100' + '14' + '14')
    expect(hex(fe.recent(5))).toBe('fe01fe00' + '0168636100' + '1501' + '1505')
    expect(hex(fe.subdir(fe.root, 'a'))).toBe('fe01fe00' + '14' + '026100')
    expect(hex(fe.layerKey([0x15, 0x05]))).toBe('fe' + '01150500' + '016c6179657200')
    expect(hex(fe.node([0x15, 0x00]))).toBe('fe' + '011500ff00') // a zero byte in a prefix is escaped
  })
})

forEachEngine('directory layout: byte for byte as the official bindings write it', ({ db }) => {
  it("createOrOpen(['a']) in a fresh database writes exactly the official keys", async () => {
    const a = await transactional(db(), (tx) => directory.createOrOpen(tx, ['a']))
    const n = candidateOf(a.key())
    expect(await dumpAll(db())).toEqual(
      sorted([
        // the allocator: one allocation counted in the window starting at 0, candidate n taken
        row(fe.counter(0), i64le(1)),
        row(fe.recent(n), []),
        // the layout version (1, 0, 0) as three little-endian uint32
        row(fe.versionKey, fe.version100),
        // the root's subdirectory 'a' -> its prefix, and its (empty) layer
        row(fe.subdir(fe.root, 'a'), tInt(n)),
        row(fe.layerKey(tInt(n)), []),
      ]),
    )
  })

  it('nested directories with a layer: the child is allocated before the parent, as in the official code', async () => {
    const leaf = await transactional(db(), (tx) => directory.createOrOpen(tx, ['app', 'users'], { layer: Buffer.from('table') }))
    const app = await transactional(db(), (tx) => directory.open(tx, 'app'))
    const nLeaf = candidateOf(leaf.key())
    const nApp = candidateOf(app.key())
    expect(nApp).not.toBe(nLeaf)
    expect(await dumpAll(db())).toEqual(
      sorted([
        row(fe.counter(0), i64le(2)),
        row(fe.recent(nLeaf), []),
        row(fe.recent(nApp), []),
        row(fe.versionKey, fe.version100),
        row(fe.subdir(fe.root, 'app'), tInt(nApp)),
        row(fe.layerKey(tInt(nApp)), []),
        row(fe.subdir(fe.node(tInt(nApp)), 'users'), tInt(nLeaf)),
        row(fe.layerKey(tInt(nLeaf)), ascii('table')),
      ]),
    )
  })

  it('move rewrites only the subdirectory entries; remove clears the node and contents but not the allocator', async () => {
    const a = await transactional(db(), async (tx) => {
      const d = await directory.create(tx, ['a'])
      set(tx, d.pack([1]), Buffer.from('v'))
      return d
    })
    const n = candidateOf(a.key())
    await transactional(db(), (tx) => directory.move(tx, ['a'], ['b']))
    expect(await dumpAll(db())).toEqual(
      sorted([
        row(cat(tInt(n), tInt(1)), ascii('v')), // the data, untouched
        row(fe.counter(0), i64le(1)),
        row(fe.recent(n), []),
        row(fe.versionKey, fe.version100),
        row(fe.subdir(fe.root, 'b'), tInt(n)),
        row(fe.layerKey(tInt(n)), []),
      ]),
    )
    await transactional(db(), (tx) => directory.remove(tx, ['b']))
    expect(await dumpAll(db())).toEqual(sorted([row(fe.counter(0), i64le(1)), row(fe.recent(n), []), row(fe.versionKey, fe.version100)]))
  })

  it('a partition: its own version key, allocator and nodes under prefix + fe', async () => {
    const { part, inner } = await transactional(db(), async (tx) => {
      const part = await directory.create(tx, ['p'], { layer: PARTITION_LAYER })
      const inner = await part.create(tx, 'q')
      return { part, inner }
    })
    const partPrefix = await transactional(db(), (tx) => get(tx, fe.subdir(fe.root, 'p')))
    const np = candidateOf(partPrefix!)
    const inside = spec([...tInt(np), 0xfe])
    const qPrefix = [...inner.key()]
    expect(qPrefix.slice(0, partPrefix!.length)).toEqual([...partPrefix!])
    const nq = candidateOf(Buffer.from(qPrefix.slice(partPrefix!.length)))
    expect(String(part)).toBe(`DirectoryPartition(path=["p"], prefix=<${hex(tInt(np))}>)`)
    expect(await dumpAll(db())).toEqual(
      sorted([
        // inside the partition: its layer's metadata at prefix + fe
        row(inside.counter(0), i64le(1)),
        row(inside.recent(nq), []),
        row(inside.versionKey, inside.version100),
        row(inside.subdir(inside.root, 'q'), cat(tInt(np), tInt(nq))),
        row(inside.layerKey(cat(tInt(np), tInt(nq))), []),
        // the root layer
        row(fe.counter(0), i64le(1)),
        row(fe.recent(np), []),
        row(fe.versionKey, fe.version100),
        row(fe.subdir(fe.root, 'p'), tInt(np)),
        row(fe.layerKey(tInt(np)), ascii('partition')),
      ]),
    )
  })
})

forEachEngine('directory layout: reading what another binding wrote', ({ db }) => {
  it('opens, lists and extends directories written by hand in the official layout', async () => {
    // What Python's fdb.directory writes for create_or_open(('x','y'), layer=b'ly')
    // and create_or_open(('p',), layer=b'partition') + partition.create_or_open(('q',)),
    // with allocator candidates 7, 9, 3 at the top and 5 in the partition.
    await transactional(db(), (tx) => {
      const put = (k: Uint8Array, v: Uint8Array | number[]) => set(tx, k, Buffer.from(v as Uint8Array))
      put(fe.versionKey, fe.version100)
      put(fe.counter(0), i64le(3))
      for (const n of [7, 9, 3]) put(fe.recent(n), [])
      put(fe.subdir(fe.root, 'x'), tInt(7))
      put(fe.layerKey(tInt(7)), [])
      put(fe.subdir(fe.node(tInt(7)), 'y'), tInt(9))
      put(fe.layerKey(tInt(9)), ascii('ly'))
      put(cat(tInt(9), tStr('k')), ascii('data of x/y'))
      put(fe.subdir(fe.root, 'p'), tInt(3))
      put(fe.layerKey(tInt(3)), ascii('partition'))
      const inside = spec([...tInt(3), 0xfe])
      put(inside.versionKey, inside.version100)
      put(inside.counter(0), i64le(1))
      put(inside.recent(5), [])
      put(inside.subdir(inside.root, 'q'), cat(tInt(3), tInt(5)))
      put(inside.layerKey(cat(tInt(3), tInt(5))), [])
    })
    await transactional(db(), async (tx) => {
      const xy = await directory.open(tx, ['x', 'y'], { layer: Buffer.from('ly') })
      expect(hex(xy.key())).toBe('1509')
      expect(xy.layer).toEqual(Buffer.from('ly'))
      expect(xy.unpack(cat(tInt(9), tStr('k')))).toEqual(['k'])
      expect(await get(tx, xy.pack(['k']))).toEqual(Buffer.from('data of x/y'))
      expect(await directory.list(tx)).toEqual(['p', 'x'])
      expect(await directory.list(tx, 'x')).toEqual(['y'])
      const q = await directory.open(tx, ['p', 'q'])
      expect(hex(q.key())).toBe('15031505')
      expect(await directory.list(tx, 'p')).toEqual(['q'])
    })
    // A new directory avoids the taken candidates and counts on the same counter.
    const z = await transactional(db(), (tx) => directory.create(tx, ['z']))
    const nz = candidateOf(z.key())
    expect([7, 9, 3]).not.toContain(nz)
    expect(await transactional(db(), (tx) => get(tx, fe.counter(0)))).toEqual(i64le(4))
    expect(await transactional(db(), (tx) => get(tx, fe.recent(nz)))).toEqual(Buffer.alloc(0))
    expect(await transactional(db(), (tx) => get(tx, fe.subdir(fe.root, 'z')))).toEqual(tInt(nz))
  })

  it('a directory whose prefix holds a zero byte (written by another binding) opens and removes cleanly', async () => {
    const prefix = [0x16, 0x01, 0x00] // pack((256,))
    await transactional(db(), (tx) => {
      set(tx, fe.versionKey, fe.version100)
      set(tx, fe.subdir(fe.root, 'z'), Buffer.from(prefix))
      set(tx, fe.layerKey(prefix), Buffer.alloc(0))
      set(tx, cat(prefix, tInt(1)), Buffer.from('v'))
    })
    expect(hex(fe.layerKey(prefix))).toBe('fe' + '01160100ff00' + '016c6179657200')
    const z = await transactional(db(), (tx) => directory.open(tx, 'z'))
    expect(hex(z.key())).toBe('160100')
    await transactional(db(), (tx) => directory.remove(tx, 'z'))
    expect(await dumpAll(db())).toEqual([row(fe.versionKey, fe.version100)])
  })
})
