// Compatibility with an official-style binding, checked by running it: the
// directory layer of node-foundationdb (the `foundationdb` package, a dev
// dependency; its lib/directory.ts follows fdb/directory_impl.py line by line)
// runs here inside foundkit transactions, through a stand-in for its native
// module that forwards every call to foundkit's public API. Directories made
// by one implementation must open in the other, allocations from both must
// never overlap, and the same operations with the same random numbers must
// leave byte-identical databases.
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { afterEach, expect, it, vi } from 'vitest'
import { add } from '../api/atomic.js'
import type { Database } from '../api/database.js'
import { query } from '../api/query.js'
import { get, getKey } from '../api/reads.js'
import type { Transaction } from '../api/transaction.js'
import { transactional } from '../api/transactional.js'
import { addReadConflictRange, addWriteConflictRange } from '../api/versions.js'
import { clear, set } from '../api/writes.js'
import { keySelector } from '../keys/selector.js'
import { testEngines } from '../testing/engines.js'
import { directory, PARTITION_LAYER } from './index.js'
import { dumpAll, forEachEngine } from '../../test/harness.js'
import { seededRandom } from '../../test/random.js'

// ---- node-foundationdb, loaded with its native module replaced ----

type Native = string | Uint8Array
/** The parts of node-foundationdb's `Directory` these tests use. */
interface OfficialDirectory {
  content: { prefix: Buffer }
  getPath(): string[]
  getLayerRaw(): Buffer | null
  isPartition(): boolean
}
/** The parts of node-foundationdb's `DirectoryLayer` these tests use. */
interface OfficialLayer {
  createOrOpen(tn: unknown, path: string | string[], layer?: Native): Promise<OfficialDirectory>
  open(tn: unknown, path: string | string[], layer?: Native): Promise<OfficialDirectory>
  create(tn: unknown, path: string | string[], layer?: Native): Promise<OfficialDirectory>
  move(tn: unknown, from: string | string[], to: string | string[]): Promise<OfficialDirectory>
  remove(tn: unknown, path: string | string[]): Promise<void>
  removeIfExists(tn: unknown, path: string | string[]): Promise<boolean>
  exists(tn: unknown, path: string | string[]): Promise<boolean>
  listAll(tn: unknown, path?: string | string[]): Promise<string[]>
}
interface OfficialModule {
  DirectoryLayer: new () => OfficialLayer
  Transaction: new (tn: unknown, snapshot: boolean, subspace: unknown) => unknown
  root: unknown
}

function loadOfficial(): OfficialModule {
  const require = createRequire(import.meta.url)
  const main = require.resolve('foundationdb')
  const nativePath = join(dirname(main), 'native.js')
  const Module = require('node:module') as { new (id: string): { filename: string; loaded: boolean; exports: unknown } }
  const stub = new Module(nativePath)
  stub.filename = nativePath
  stub.loaded = true
  const unavailable = () => {
    throw new Error('the FoundationDB client is not used by these tests')
  }
  stub.exports = {
    __esModule: true,
    type: 'napi',
    ErrorPredicate: { Retryable: 50000, MaybeCommitted: 50001, RetryableNotCommitted: 50002 },
    default: {
      setAPIVersion: unavailable,
      setAPIVersionImpl: unavailable,
      startNetwork: unavailable,
      stopNetwork: () => {},
      createDatabase: unavailable,
      setNetworkOption: unavailable,
      errorPredicate: () => false,
    },
  }
  ;(require.cache as Record<string, unknown>)[nativePath] = stub
  return require('foundationdb') as OfficialModule
}

const official = loadOfficial()
const officialDirectory = new official.DirectoryLayer()

/** node-foundationdb's native transaction interface, implemented with foundkit's public API on `tx`. */
function nativeTransaction(tx: Transaction) {
  const view = (snapshot: boolean) => (snapshot ? tx.snapshot() : tx)
  const bytes = (x: Native) => Buffer.from(x as Uint8Array)
  const ADD = 2 // FDB_MUTATION_TYPE_ADD, the only atomic operation the directory layer uses
  return {
    setOption(code: number) {
      // The directory layer only sets NEXT_WRITE_NO_WRITE_CONFLICT_RANGE (30).
      if (code === 30) tx.setOptions({ nextWriteNoWriteConflictRange: true })
    },
    get: async (key: Native, snapshot: boolean) => {
      const v = await get(view(snapshot), bytes(key))
      return v === null ? undefined : Buffer.from(v)
    },
    getKey: async (key: Native, orEqual: boolean, offset: number, snapshot: boolean) =>
      Buffer.from(await getKey(view(snapshot), keySelector(bytes(key), orEqual, offset))),
    set: (key: Native, value: Native) => set(tx, bytes(key), bytes(value)),
    clear: (key: Native) => clear(tx, bytes(key)),
    clearRange: (begin: Native, end: Native) => clear(tx, bytes(begin), bytes(end)),
    atomicOp: (op: number, key: Native, param: Native) => {
      if (op !== ADD) throw new Error(`unexpected atomic operation ${op}`)
      add(tx, bytes(key), bytes(param))
    },
    getRange: async (
      begin: Native,
      beginOrEqual: boolean,
      beginOffset: number,
      end: Native,
      endOrEqual: boolean,
      endOffset: number,
      limit: number,
      _targetBytes: number,
      _mode: number,
      _iteration: number,
      snapshot: boolean,
      reverse: boolean,
    ) => {
      const rows = await query(view(snapshot), keySelector(bytes(begin), beginOrEqual, beginOffset), keySelector(bytes(end), endOrEqual, endOffset), {
        limit,
        reverse,
      }).toArray()
      return { results: rows.map(([k, v]) => [Buffer.from(k), Buffer.from(v)]), more: false }
    },
    addReadConflictRange: (begin: Native, end: Native) => addReadConflictRange(tx, bytes(begin), bytes(end)),
    addWriteConflictRange: (begin: Native, end: Native) => addWriteConflictRange(tx, bytes(begin), bytes(end)),
  }
}

/** Runs `fn` with a node-foundationdb transaction inside a foundkit transaction on `db`. */
function viaOfficial<R>(db: Database, fn: (tn: unknown) => Promise<R>): Promise<R> {
  return transactional(db, (tx) => fn(new official.Transaction(nativeTransaction(tx), false, official.root)))
}

// ---- the tests ----

const hex = (x: Uint8Array): string => Buffer.from(x).toString('hex')


forEachEngine('directory interop with node-foundationdb', ({ db, itWithoutFaults }) => {
  // Registered after the harness's own hooks, so it runs before the database is disposed.
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('directories made by foundkit open in node-foundationdb, with the same prefixes and layers', async () => {
    const made = await transactional(db(), async (tx) => ({
      users: await directory.createOrOpen(tx, ['app', 'users'], { layer: Buffer.from('table') }),
      logs: await directory.create(tx, ['app', 'logs']),
      part: await directory.create(tx, ['tenant'], { layer: PARTITION_LAYER }),
      inner: await directory.create(tx, ['tenant', 'orders', 'open']),
    }))
    await viaOfficial(db(), async (tn) => {
      const users = await officialDirectory.open(tn, ['app', 'users'], 'table')
      expect(hex(users.content.prefix)).toBe(hex(made.users.key()))
      expect(users.getLayerRaw()).toEqual(Buffer.from('table'))
      expect(hex((await officialDirectory.open(tn, ['app', 'logs'])).content.prefix)).toBe(hex(made.logs.key()))
      const part = await officialDirectory.open(tn, 'tenant')
      expect(part.isPartition()).toBe(true)
      const inner = await officialDirectory.open(tn, ['tenant', 'orders', 'open'])
      expect(hex(inner.content.prefix)).toBe(hex(made.inner.key()))
      expect(await officialDirectory.listAll(tn, [])).toEqual(['app', 'tenant'])
      expect(await officialDirectory.listAll(tn, ['app'])).toEqual(['logs', 'users'])
      expect(await officialDirectory.listAll(tn, ['tenant'])).toEqual(['orders'])
      expect(await officialDirectory.exists(tn, ['tenant', 'orders'])).toBe(true)
      await expect(officialDirectory.open(tn, ['app', 'users'], 'queue')).rejects.toThrow(/incompatible layer/)
    })
  })

  it('directories made by node-foundationdb open in foundkit, with the same prefixes and layers', async () => {
    const made = await viaOfficial(db(), async (tn) => ({
      users: await officialDirectory.createOrOpen(tn, ['app', 'users'], 'table'),
      logs: await officialDirectory.create(tn, ['app', 'logs']),
      part: await officialDirectory.create(tn, ['tenant'], 'partition'),
      inner: await officialDirectory.create(tn, ['tenant', 'orders', 'open']),
    }))
    await transactional(db(), async (tx) => {
      const users = await directory.open(tx, ['app', 'users'], { layer: Buffer.from('table') })
      expect(hex(users.key())).toBe(hex(made.users.content.prefix))
      expect(users.layer).toEqual(Buffer.from('table'))
      expect(hex((await directory.open(tx, ['app', 'logs'])).key())).toBe(hex(made.logs.content.prefix))
      const inner = await directory.open(tx, ['tenant', 'orders', 'open'])
      expect(hex(inner.key())).toBe(hex(made.inner.content.prefix))
      expect(hex(inner.key()).startsWith(hex(made.part.content.prefix))).toBe(true)
      expect(await directory.list(tx)).toEqual(['app', 'tenant'])
      expect(await directory.list(tx, 'app')).toEqual(['logs', 'users'])
      expect(await directory.list(tx, ['tenant', 'orders'])).toEqual(['open'])
    })
    // Moves and removals by one are seen by the other.
    await transactional(db(), (tx) => directory.move(tx, ['app', 'logs'], ['logs']))
    await viaOfficial(db(), async (tn) => {
      expect(hex((await officialDirectory.open(tn, 'logs')).content.prefix)).toBe(hex(made.logs.content.prefix))
      await officialDirectory.remove(tn, ['app', 'users'])
    })
    expect(await transactional(db(), (tx) => directory.exists(tx, ['app', 'users']))).toBe(false)
    expect(await transactional(db(), (tx) => directory.list(tx))).toEqual(['app', 'logs', 'tenant'])
  })

  it('allocations alternating between the two implementations never overlap', async () => {
    const prefixes: string[] = []
    for (let i = 0; i < 120; i++) {
      if (i % 2 === 0) prefixes.push(hex((await transactional(db(), (tx) => directory.create(tx, [`k${i}`]))).key()))
      // createOrOpen: node-foundationdb's create fails with 'already exists' when run again after an applied 1021.
      else prefixes.push(hex((await viaOfficial(db(), (tn) => officialDirectory.createOrOpen(tn, [`k${i}`]))).content.prefix))
    }
    for (let i = 0; i < prefixes.length; i++) {
      for (let j = 0; j < prefixes.length; j++) {
        if (i !== j && prefixes[j]!.startsWith(prefixes[i]!)) throw new Error(`prefix #${i} ${prefixes[i]} overlaps #${j} ${prefixes[j]}`)
      }
    }
    const ours = await transactional(db(), (tx) => directory.list(tx))
    const theirs = await viaOfficial(db(), (tn) => officialDirectory.listAll(tn, []))
    expect(ours).toHaveLength(120)
    expect(theirs).toEqual(ours)
  })

  it('concurrent allocations from both implementations at once never overlap', async () => {
    const jobs = Array.from({ length: 60 }, (_, i) =>
      i % 2 === 0
        ? transactional(db(), (tx) => directory.createOrOpen(tx, ['mixed', `f${i}`])).then((d) => hex(d.key()))
        : viaOfficial(db(), (tn) => officialDirectory.createOrOpen(tn, ['mixed', `o${i}`])).then((d) => hex(d.content.prefix)),
    )
    const prefixes = await Promise.all(jobs)
    const parent = hex((await transactional(db(), (tx) => directory.open(tx, 'mixed'))).key())
    const all = [parent, ...prefixes]
    for (let i = 0; i < all.length; i++) {
      for (let j = 0; j < all.length; j++) {
        if (i !== j && all[j]!.startsWith(all[i]!)) throw new Error(`prefix #${i} ${all[i]} overlaps #${j} ${all[j]}`)
      }
    }
    expect(await transactional(db(), (tx) => directory.list(tx, 'mixed'))).toHaveLength(60)
  })

  itWithoutFaults('each attempt draws random numbers, so a retried allocation differs from the scripted run')('the same operations with the same random numbers leave byte-identical databases', async () => {
    type Ops = {
      createOrOpen(path: string[], layer?: string): Promise<unknown>
      create(path: string[], layer?: string): Promise<unknown>
      move(from: string[], to: string[]): Promise<unknown>
      remove(path: string[]): Promise<unknown>
    }
    const script = async (ops: Ops) => {
      await ops.createOrOpen(['app', 'users'], 'table')
      await ops.create(['app', 'logs'])
      await ops.create(['tenant'], 'partition')
      await ops.create(['tenant', 'a', 'b'])
      // enough allocations to take the root allocator through two windows of 64
      for (let i = 0; i < 70; i++) await ops.createOrOpen([`bulk${i % 7}`, `d${i}`])
      await ops.move(['app', 'logs'], ['archive'])
      await ops.move(['tenant', 'a'], ['tenant', 'z'])
      await ops.remove(['bulk3'])
      await ops.createOrOpen(['app', 'users', 'after'])
    }
    const second = await testEngines()[0]!.open() // another fresh database, for the other implementation
    try {
      vi.spyOn(Math, 'random').mockImplementation(seededRandom(2024))
      await script({
        createOrOpen: (p, layer) => transactional(db(), (tx) => directory.createOrOpen(tx, p, layer === undefined ? {} : { layer: Buffer.from(layer) })),
        create: (p, layer) => transactional(db(), (tx) => directory.create(tx, p, layer === undefined ? {} : { layer: Buffer.from(layer) })),
        move: (a, b2) => transactional(db(), (tx) => directory.move(tx, a, b2)),
        remove: (p) => transactional(db(), (tx) => directory.remove(tx, p)),
      })
      vi.spyOn(Math, 'random').mockImplementation(seededRandom(2024))
      await script({
        createOrOpen: (p, layer) => viaOfficial(second, (tn) => officialDirectory.createOrOpen(tn, p, layer)),
        create: (p, layer) => viaOfficial(second, (tn) => officialDirectory.create(tn, p, layer)),
        move: (a, b2) => viaOfficial(second, (tn) => officialDirectory.move(tn, a, b2)),
        remove: (p) => viaOfficial(second, (tn) => officialDirectory.remove(tn, p)),
      })
      vi.restoreAllMocks()
      const ours = await dumpAll(db())
      const theirs = await dumpAll(second)
      expect(ours.length).toBeGreaterThan(150)
      // The allocator left its first window: the newest counter is for the window at 64.
      // The allocator went through two windows of 64 (31 allocations each): only the counter of the third, at 128, is left.
      expect(ours.filter(([k]) => k.startsWith('fe01fe00016863610014')).map(([k]) => k)).toEqual(['fe01fe00016863610014' + '1580'])
      expect(ours).toEqual(theirs)
    } finally {
      await second.close()
    }
  })
})
