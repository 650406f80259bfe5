// The directory layer's operations, on every engine.
import { expect, it } from 'vitest'
import { query } from '../api/query.js'
import { get } from '../api/reads.js'
import { transactional, transactionalWith } from '../api/transactional.js'
import { clear, set } from '../api/writes.js'
import { ErrorCode, FoundError } from '../errors.js'
import { Subspace } from '../subspace/subspace.js'
import { pack } from '../tuple/index.js'
import { directory, DirectoryLayer, DirectoryPartition, DirectorySubspace, PARTITION_LAYER } from './index.js'
import { b, codeOf, dumpAll, forEachEngine } from '../../test/harness.js'

const hex = (x: Uint8Array): string => Buffer.from(x).toString('hex')

forEachEngine('directory: createOrOpen, open, create', ({ db }) => {
  it('createOrOpen creates a directory, then opens the same one', async () => {
    const d1 = await transactional(db(), (tx) => directory.createOrOpen(tx, ['app', 'users']))
    expect(d1).toBeInstanceOf(DirectorySubspace)
    expect(d1).toBeInstanceOf(Subspace)
    expect(d1.path).toEqual(['app', 'users'])
    expect(d1.layer).toEqual(Buffer.alloc(0))
    expect(d1.key().length).toBeGreaterThan(0)
    const d2 = await transactional(db(), (tx) => directory.createOrOpen(tx, ['app', 'users']))
    expect(d2.key()).toEqual(d1.key())
    const d3 = await transactional(db(), (tx) => directory.open(tx, ['app', 'users']))
    expect(d3.key()).toEqual(d1.key())
  })

  it('a string is a path of one name', async () => {
    const d1 = await transactional(db(), (tx) => directory.createOrOpen(tx, 'logs'))
    expect(d1.path).toEqual(['logs'])
    const d2 = await transactional(db(), (tx) => directory.open(tx, ['logs']))
    expect(d2.key()).toEqual(d1.key())
  })

  it('creating a nested path creates the parents, each with its own prefix', async () => {
    const leaf = await transactional(db(), (tx) => directory.create(tx, ['a', 'b', 'c']))
    const [a, ab] = await transactional(db(), (tx) => Promise.all([directory.open(tx, ['a']), directory.open(tx, ['a', 'b'])]))
    const prefixes = [a.key(), ab.key(), leaf.key()].map(hex)
    expect(new Set(prefixes).size).toBe(3)
    expect(await transactional(db(), (tx) => directory.list(tx))).toEqual(['a'])
    expect(await transactional(db(), (tx) => directory.list(tx, ['a']))).toEqual(['b'])
    expect(await transactional(db(), (tx) => directory.list(tx, 'a'))).toEqual(['b'])
    expect(await transactional(db(), (tx) => directory.list(tx, ['a', 'b']))).toEqual(['c'])
    expect(await transactional(db(), (tx) => directory.list(tx, ['a', 'b', 'c']))).toEqual([])
  })

  it('the directory subspace reads and writes tuples under its prefix', async () => {
    const users = await transactional(db(), (tx) => directory.createOrOpen(tx, ['users']))
    await transactional(db(), (tx) => {
      set(tx, users.pack([1, 'name']), b('Ada'))
      set(tx, users.pack([2, 'name']), b('Grace'))
    })
    const rows = await transactional(db(), (tx) => {
      const { begin, end } = users.range()
      return query(tx, begin, end).toArray()
    })
    expect(rows.map(([k, v]) => [users.unpack(k), Buffer.from(v).toString()])).toEqual([
      [[1, 'name'], 'Ada'],
      [[2, 'name'], 'Grace'],
    ])
  })

  it('works inside the caller’s transaction, with the caller’s own writes, atomically', async () => {
    const users = await transactional(db(), async (tx) => {
      const d = await directory.createOrOpen(tx, ['app', 'users'])
      set(tx, d.pack(['count']), b('1'))
      return d
    })
    expect(await transactional(db(), (tx) => get(tx, users.pack(['count'])))).toEqual(b('1'))
    // A body that fails after createOrOpen commits nothing: the directory does not exist afterwards.
    const before = await dumpAll(db())
    await expect(
      transactional(db(), async (tx) => {
        await directory.createOrOpen(tx, ['app', 'orders'])
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(await dumpAll(db())).toEqual(before)
    expect(await transactional(db(), (tx) => directory.exists(tx, ['app', 'orders']))).toBe(false)
  })

  it('several operations in one transaction see each other', async () => {
    await transactional(db(), async (tx) => {
      const a = await directory.create(tx, ['x'])
      expect((await directory.open(tx, ['x'])).key()).toEqual(a.key())
      expect(await directory.list(tx)).toEqual(['x'])
      await directory.move(tx, ['x'], ['y'])
      expect(await directory.exists(tx, ['x'])).toBe(false)
      expect((await directory.open(tx, 'y')).key()).toEqual(a.key())
    })
    expect(await transactional(db(), (tx) => directory.list(tx))).toEqual(['y'])
  })

  it('open and list work in a read-only (snapshot) transaction; creating there is refused', async () => {
    const made = await transactional(db(), (tx) => directory.create(tx, ['ro']))
    const opened = await transactionalWith(db(), { snapshot: true }, (tx) => directory.open(tx, ['ro']))
    expect(opened.key()).toEqual(made.key())
    expect(await transactionalWith(db(), { snapshot: true }, (tx) => directory.list(tx))).toEqual(['ro'])
    expect(await transactionalWith(db(), { snapshot: true }, (tx) => directory.createOrOpen(tx, ['ro'])).then((d) => d.key())).toEqual(made.key())
    expect(await codeOf(() => transactionalWith(db(), { snapshot: true }, (tx) => directory.createOrOpen(tx, ['new'])))).toBe(
      ErrorCode.invalidOption,
    )
  })

  it('list gives the names in tuple order', async () => {
    await transactional(db(), async (tx) => {
      for (const name of ['b', 'a', 'é', 'B', 'aa']) await directory.create(tx, ['root', name])
    })
    expect(await transactional(db(), (tx) => directory.list(tx, ['root']))).toEqual(['B', 'a', 'aa', 'b', 'é'])
  })

  it('exists: the root, existing, missing, and below a missing directory', async () => {
    await transactional(db(), (tx) => directory.create(tx, ['a', 'b']))
    const r = await transactional(db(), (tx) =>
      Promise.all([
        directory.exists(tx),
        directory.exists(tx, []),
        directory.exists(tx, ['a']),
        directory.exists(tx, ['a', 'b']),
        directory.exists(tx, 'a'),
        directory.exists(tx, ['b']),
        directory.exists(tx, ['a', 'c']),
        directory.exists(tx, ['z', 'y']),
      ]),
    )
    expect(r).toEqual([true, true, true, true, true, false, false, false])
  })
})

forEachEngine('directory: layers', ({ db }) => {
  it('create records the layer; open with the same layer or none works', async () => {
    const q = await transactional(db(), (tx) => directory.create(tx, ['q'], { layer: b('queue') }))
    expect(q.layer).toEqual(b('queue'))
    const same = await transactional(db(), (tx) => directory.open(tx, ['q'], { layer: b('queue') }))
    expect(same.key()).toEqual(q.key())
    const none = await transactional(db(), (tx) => directory.open(tx, ['q']))
    expect(none.layer).toEqual(b('queue'))
    const empty = await transactional(db(), (tx) => directory.createOrOpen(tx, ['q'], { layer: new Uint8Array(0) }))
    expect(empty.key()).toEqual(q.key())
  })

  it('open or createOrOpen with another layer is a FoundError that names both layers, and changes nothing', async () => {
    await transactional(db(), (tx) => directory.create(tx, ['q'], { layer: b('queue') }))
    const before = await dumpAll(db())
    expect(await codeOf(() => transactional(db(), (tx) => directory.open(tx, ['q'], { layer: b('table') })))).toBe(ErrorCode.invalidArgument)
    await expect(transactional(db(), (tx) => directory.createOrOpen(tx, ['q'], { layer: b('table') }))).rejects.toThrow(
      /\["q"\] was created with the layer <7175657565> \("queue"\), not <7461626c65>/,
    )
    expect(await dumpAll(db())).toEqual(before)
  })

  it('a directory created without a layer refuses to open with one', async () => {
    await transactional(db(), (tx) => directory.create(tx, ['plain']))
    expect(await codeOf(() => transactional(db(), (tx) => directory.open(tx, 'plain', { layer: b('x') })))).toBe(ErrorCode.invalidArgument)
  })

  it('the layer returned is a copy', async () => {
    const q = await transactional(db(), (tx) => directory.create(tx, ['q'], { layer: b('queue') }))
    const l = q.layer
    l[0] = 0
    expect(q.layer).toEqual(b('queue'))
  })
})

forEachEngine('directory: move', ({ db }) => {
  it('move renames: same prefix, data kept, subdirectories follow, old path gone', async () => {
    const src = await transactional(db(), async (tx) => {
      const d = await directory.create(tx, ['app', 'users'])
      const sub = await directory.create(tx, ['app', 'users', 'admins'])
      set(tx, d.pack([1]), b('one'))
      set(tx, sub.pack([2]), b('two'))
      await directory.create(tx, ['archive'])
      return d
    })
    const moved = await transactional(db(), (tx) => directory.move(tx, ['app', 'users'], ['archive', 'people']))
    expect(moved.path).toEqual(['archive', 'people'])
    expect(moved.key()).toEqual(src.key())
    await transactional(db(), async (tx) => {
      expect(await directory.exists(tx, ['app', 'users'])).toBe(false)
      expect(await directory.list(tx, ['app'])).toEqual([])
      expect(await directory.list(tx, ['archive'])).toEqual(['people'])
      const reopened = await directory.open(tx, ['archive', 'people'])
      expect(reopened.key()).toEqual(src.key())
      expect(await get(tx, reopened.pack([1]))).toEqual(b('one'))
      const admins = await directory.open(tx, ['archive', 'people', 'admins'])
      expect(await get(tx, admins.pack([2]))).toEqual(b('two'))
    })
  })

  it('moveTo on a directory subspace, and move relative to a directory', async () => {
    const app = await transactional(db(), (tx) => directory.create(tx, ['app']))
    const users = await transactional(db(), (tx) => app.create(tx, 'users'))
    expect(users.path).toEqual(['app', 'users'])
    const accounts = await transactional(db(), (tx) => users.moveTo(tx, ['app', 'accounts']))
    expect(accounts.path).toEqual(['app', 'accounts'])
    expect(accounts.key()).toEqual(users.key())
    const people = await transactional(db(), (tx) => app.move(tx, 'accounts', ['people']))
    expect(people.path).toEqual(['app', 'people'])
    expect(await transactional(db(), (tx) => app.list(tx))).toEqual(['people'])
  })

  it('a directory can move up to the top level and back down', async () => {
    const d = await transactional(db(), (tx) => directory.create(tx, ['a', 'b', 'c']))
    await transactional(db(), (tx) => directory.move(tx, ['a', 'b', 'c'], ['c']))
    await transactional(db(), (tx) => directory.move(tx, ['c'], ['a', 'c']))
    expect((await transactional(db(), (tx) => directory.open(tx, ['a', 'c']))).key()).toEqual(d.key())
    expect(await transactional(db(), (tx) => directory.list(tx))).toEqual(['a'])
  })
})

forEachEngine('directory: remove', ({ db }) => {
  it('remove clears the contents, the subdirectories and the metadata', async () => {
    const keep = await transactional(db(), async (tx) => {
      const k = await directory.create(tx, ['keep'])
      set(tx, k.pack(['x']), b('kept'))
      return k
    })
    const afterKeep = await dumpAll(db())
    await transactional(db(), async (tx) => {
      const d = await directory.create(tx, ['gone'])
      const child = await directory.create(tx, ['gone', 'child'])
      const grandchild = await directory.create(tx, ['gone', 'child', 'deeper'])
      for (const s of [d, child, grandchild]) set(tx, s.pack([1]), b('data'))
    })
    await transactional(db(), (tx) => directory.remove(tx, ['gone']))
    const after = await dumpAll(db())
    // Only the allocator's state changed: the version key, counter and the keep directory stay.
    const hca = 'fe01fe0001686361' // \xfe + pack((b'\xfe',)) + pack((b'hca',)) without its terminator
    const withoutHca = (rows: Array<[string, string]>) => rows.filter(([k]) => !k.startsWith(hca))
    expect(withoutHca(after)).toEqual(withoutHca(afterKeep))
    expect(await transactional(db(), (tx) => directory.list(tx))).toEqual(['keep'])
    expect(await transactional(db(), (tx) => get(tx, keep.pack(['x'])))).toEqual(b('kept'))
    expect(await transactional(db(), (tx) => directory.exists(tx, ['gone', 'child']))).toBe(false)
  })

  it('removeIfExists says whether it removed; remove of a directory subspace removes itself', async () => {
    const d = await transactional(db(), (tx) => directory.create(tx, ['tmp', 'a']))
    expect(await transactional(db(), (tx) => directory.removeIfExists(tx, ['tmp', 'b']))).toBe(false)
    expect(await transactional(db(), (tx) => d.removeIfExists(tx, 'nothing'))).toBe(false)
    await transactional(db(), (tx) => d.remove(tx))
    expect(await transactional(db(), (tx) => d.exists(tx))).toBe(false)
    expect(await transactional(db(), (tx) => directory.removeIfExists(tx, 'tmp'))).toBe(true)
    expect(await transactional(db(), (tx) => directory.list(tx))).toEqual([])
  })

  it('a removed path can be created again, with a new prefix', async () => {
    const first = await transactional(db(), (tx) => directory.create(tx, ['again']))
    await transactional(db(), (tx) => directory.remove(tx, 'again'))
    const second = await transactional(db(), (tx) => directory.create(tx, ['again']))
    expect(second.key()).not.toEqual(first.key())
  })
})

forEachEngine('directory: relative operations on a DirectorySubspace', ({ db }) => {
  it('createOrOpen, open, create, list, exists, remove relative to the directory', async () => {
    await transactional(db(), async (tx) => {
      const app = await directory.createOrOpen(tx, ['app'])
      const users = await app.createOrOpen(tx, 'users')
      expect(users.path).toEqual(['app', 'users'])
      const admins = await users.create(tx, ['admins'], { layer: b('role') })
      expect(admins.path).toEqual(['app', 'users', 'admins'])
      expect((await app.open(tx, ['users', 'admins'])).key()).toEqual(admins.key())
      expect((await directory.open(tx, ['app', 'users', 'admins'], { layer: b('role') })).key()).toEqual(admins.key())
      expect(await app.list(tx)).toEqual(['users'])
      expect(await app.list(tx, 'users')).toEqual(['admins'])
      expect(await users.exists(tx, 'admins')).toBe(true)
      expect(await users.exists(tx)).toBe(true)
      await users.remove(tx, 'admins')
      expect(await users.list(tx)).toEqual([])
      expect((await app.createOrOpen(tx, [])).key()).toEqual(app.key()) // the empty subpath is the directory itself
    })
  })

  it('toString shows the path and prefix', async () => {
    const d = await transactional(db(), (tx) => directory.create(tx, ['t']))
    expect(String(d)).toBe(`DirectorySubspace(path=["t"], prefix=<${hex(d.key())}>)`)
    expect(String(directory)).toBe('DirectoryLayer(node=<fe>, content=<>)')
  })
})

forEachEngine('directory: partitions', ({ db }) => {
  it('a partition allocates its subdirectories inside its own prefix, with its own metadata', async () => {
    const { part, orders } = await transactional(db(), async (tx) => {
      const part = await directory.create(tx, ['tenants', 'acme'], { layer: PARTITION_LAYER })
      const orders = await part.createOrOpen(tx, 'orders')
      return { part, orders }
    })
    expect(part).toBeInstanceOf(DirectoryPartition)
    expect(part.layer).toEqual(b('partition'))
    expect(orders.path).toEqual(['tenants', 'acme', 'orders'])
    // The partition's prefix, read from the root's metadata: \xfe + pack((node_prefix_of_tenants,)) ...
    const tenants = await transactional(db(), (tx) => directory.open(tx, ['tenants']))
    const entry = await transactional(db(), (tx) =>
      get(tx, new Subspace([], Buffer.from([0xfe])).subspace([tenants.key()]).pack([0, 'acme'])),
    )
    expect(entry).not.toBeNull()
    expect(hex(orders.key()).startsWith(hex(entry!))).toBe(true)
    // Metadata of the partition's directories lives at partition prefix + \xfe.
    const meta = await transactional(db(), (tx) => {
      const { begin, end } = new Subspace([], Buffer.concat([entry!, Buffer.from([0xfe])])).range()
      return query(tx, begin, end).toArray()
    })
    expect(meta.length).toBeGreaterThan(0)
    // The same directory through the root layer, the partition, and a relative path.
    await transactional(db(), async (tx) => {
      expect((await directory.open(tx, ['tenants', 'acme', 'orders'])).key()).toEqual(orders.key())
      expect((await part.open(tx, 'orders')).key()).toEqual(orders.key())
      expect(await directory.list(tx, ['tenants', 'acme'])).toEqual(['orders'])
      expect(await part.list(tx)).toEqual(['orders'])
      expect(await directory.exists(tx, ['tenants', 'acme', 'orders'])).toBe(true)
      expect(await part.exists(tx)).toBe(true)
      expect(await part.exists(tx, 'nothing')).toBe(false)
      expect((await directory.open(tx, ['tenants', 'acme'])) instanceof DirectoryPartition).toBe(true)
    })
  })

  it('the root of a partition is not a subspace', async () => {
    const part = await transactional(db(), (tx) => directory.create(tx, ['p'], { layer: PARTITION_LAYER }))
    for (const f of [() => part.key(), () => part.pack([1]), () => part.range(), () => part.contains(b('x')), () => part.unpack(b('x')), () => part.subspace(['x'])]) {
      expect(f).toThrow(FoundError)
      expect(f).toThrow(/is a directory partition/)
    }
    expect(String(part)).toMatch(/^DirectoryPartition\(path=\["p"\], prefix=<[0-9a-f]+>\)$/)
  })

  it('moves inside a partition work; moves across partitions are refused', async () => {
    await transactional(db(), async (tx) => {
      const part = await directory.create(tx, ['p'], { layer: PARTITION_LAYER })
      const a = await part.create(tx, 'a')
      await directory.create(tx, ['outside'])
      const moved = await directory.move(tx, ['p', 'a'], ['p', 'b'])
      expect(moved.path).toEqual(['p', 'b'])
      expect(moved.key()).toEqual(a.key())
      expect(await part.list(tx)).toEqual(['b'])
      const viaMoveTo = await moved.moveTo(tx, ['p', 'c'])
      expect(viaMoveTo.path).toEqual(['p', 'c'])
      expect(await codeOf(() => directory.move(tx, ['p', 'c'], ['outside', 'c']))).toBe(ErrorCode.invalidArgument)
      expect(await codeOf(() => directory.move(tx, ['outside'], ['p', 'outside']))).toBe(ErrorCode.invalidArgument)
      expect(await codeOf(() => viaMoveTo.moveTo(tx, ['c']))).toBe(ErrorCode.invalidArgument)
      // The partition itself moves within its parent.
      const renamed = await part.moveTo(tx, ['q'])
      expect(renamed).toBeInstanceOf(DirectoryPartition)
      expect((await directory.open(tx, ['q', 'c'])).key()).toEqual(a.key())
    })
  })

  it('removing a partition removes everything in it', async () => {
    await transactional(db(), async (tx) => {
      const part = await directory.create(tx, ['p'], { layer: PARTITION_LAYER })
      const a = await part.create(tx, ['a', 'b'])
      set(tx, a.pack([1]), b('x'))
    })
    await transactional(db(), (tx) => directory.remove(tx, ['p', 'a']))
    expect(await transactional(db(), (tx) => directory.list(tx, 'p'))).toEqual([])
    await transactional(db(), (tx) => directory.create(tx, ['p', 'z']))
    await transactional(db(), (tx) => directory.remove(tx, 'p'))
    // Only the root layer's version key and allocator state remain.
    const rows = await dumpAll(db())
    expect(rows.every(([k]) => k.startsWith('fe01fe00'))).toBe(true)
    expect(await transactional(db(), (tx) => directory.list(tx))).toEqual([])
  })
})

forEachEngine('directory: DirectoryLayer options', ({ db }) => {
  it('nodeSubspace and contentSubspace place metadata and prefixes', async () => {
    const dl = new DirectoryLayer({
      nodeSubspace: new Subspace([], Buffer.from([0x10, 0xfe])),
      contentSubspace: new Subspace([], Buffer.from([0x10])),
    })
    const d = await transactional(db(), (tx) => dl.createOrOpen(tx, ['x']))
    expect(hex(d.key()).startsWith('10')).toBe(true)
    const rows = await dumpAll(db())
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.every(([k]) => k.startsWith('10fe'))).toBe(true)
    // Independent of the default layer.
    expect(await transactional(db(), (tx) => directory.exists(tx, ['x']))).toBe(false)
    expect(await transactional(db(), (tx) => dl.list(tx))).toEqual(['x'])
    expect(String(dl)).toBe('DirectoryLayer(node=<10fe>, content=<10>)')
  })

  it('allowManualPrefixes: create with a given prefix; overlapping prefixes are refused', async () => {
    const dl = new DirectoryLayer({ allowManualPrefixes: true })
    const d = await transactional(db(), (tx) => dl.create(tx, ['fixed'], { prefix: b('F') }))
    expect(d.key()).toEqual(b('F'))
    const before = await dumpAll(db())
    for (const prefix of [b('F'), b('Fx'), b(''), Buffer.from([0xfe, 1])]) {
      expect(await codeOf(() => transactional(db(), (tx) => dl.create(tx, ['other'], { prefix })))).toBe(ErrorCode.alreadyExists)
    }
    expect(await dumpAll(db())).toEqual(before)
    // A prefix that contains a directory's prefix is refused too.
    const g = await transactional(db(), (tx) => dl.create(tx, ['g'], { prefix: b('GH') }))
    expect(g.key()).toEqual(b('GH'))
    expect(await codeOf(() => transactional(db(), (tx) => dl.create(tx, ['other'], { prefix: b('G') })))).toBe(ErrorCode.alreadyExists)
    // Allocated prefixes work alongside.
    const auto = await transactional(db(), (tx) => dl.create(tx, ['auto']))
    expect(hex(auto.key()).startsWith('46')).toBe(false)
  })

  it('without allowManualPrefixes, a prefix is refused', async () => {
    await expect(transactional(db(), (tx) => directory.create(tx, ['x'], { prefix: b('X') }))).rejects.toThrow(/allowManualPrefixes/)
    expect(await codeOf(() => transactional(db(), (tx) => directory.create(tx, ['x'], { prefix: b('X') })))).toBe(ErrorCode.invalidArgument)
    const part = await transactional(db(), (tx) => new DirectoryLayer({ allowManualPrefixes: true }).create(tx, ['p'], { layer: PARTITION_LAYER }))
    await expect(transactional(db(), (tx) => part.create(tx, ['x'], { prefix: b('X') }))).rejects.toThrow(/inside a partition/)
  })

  it('bad options are TypeErrors', () => {
    expect(() => new DirectoryLayer({ nodeSubspace: Buffer.from([1]) as never })).toThrow(TypeError)
    expect(() => new DirectoryLayer({ contentSubspace: 'x' as never })).toThrow(TypeError)
    expect(() => new DirectoryLayer({ allowManualPrefixes: 1 as never })).toThrow(TypeError)
    expect(() => new DirectoryLayer(null as never)).toThrow(TypeError)
  })
})

forEachEngine('directory: layout version', ({ db }) => {
  const versionKey = Buffer.from('fe01fe000176657273696f6e00', 'hex')
  const version = (a: number, b2: number, c: number) => {
    const v = Buffer.alloc(12)
    v.writeUInt32LE(a, 0)
    v.writeUInt32LE(b2, 4)
    v.writeUInt32LE(c, 8)
    return v
  }

  it('a newer major version cannot be read', async () => {
    await transactional(db(), (tx) => set(tx, versionKey, version(2, 0, 0)))
    expect(await codeOf(() => transactional(db(), (tx) => directory.list(tx)))).toBe(ErrorCode.unsupported)
    await expect(transactional(db(), (tx) => directory.createOrOpen(tx, ['a']))).rejects.toThrow(/version 2\.0\.0/)
  })

  it('a newer minor version is read-only', async () => {
    await transactional(db(), (tx) => set(tx, versionKey, version(1, 1, 0)))
    expect(await transactional(db(), (tx) => directory.list(tx))).toEqual([])
    expect(await transactional(db(), (tx) => directory.exists(tx, ['a']))).toBe(false)
    expect(await codeOf(() => transactional(db(), (tx) => directory.create(tx, ['a'])))).toBe(ErrorCode.unsupported)
    await expect(transactional(db(), (tx) => directory.create(tx, ['a']))).rejects.toThrow(/read-only/)
  })

  it('a version key of the wrong size is corruptData', async () => {
    await transactional(db(), (tx) => set(tx, versionKey, b('x')))
    expect(await codeOf(() => transactional(db(), (tx) => directory.list(tx)))).toBe(ErrorCode.corruptData)
  })

  it('keys already stored at an allocated prefix are reported, not overwritten', async () => {
    // Fill every candidate of the first window with user data outside any directory.
    await transactional(db(), (tx) => {
      for (let n = 0; n < 64; n++) set(tx, pack([n, 'stray']), b('user data'))
    })
    const before = await dumpAll(db())
    expect(await codeOf(() => transactional(db(), (tx) => directory.create(tx, ['a'])))).toBe(ErrorCode.corruptData)
    expect(await dumpAll(db())).toEqual(before)
    await transactional(db(), (tx) => clear(tx, Buffer.alloc(0), Buffer.from([0xff])))
  })
})
