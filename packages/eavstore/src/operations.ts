/**
 * The document operations: create, get, update, patch, remove. Each builds
 * and checks what it will write before its transaction body runs, then reads
 * what is stored and writes the difference through record.ts.
 *
 * @module
 */
import { ErrorCode, FoundError, Uuid, clear, get as getKey, inTransaction, pack, query as rangeQuery, type DbOrTx, type Transaction, type TupleItem } from '@foundkit/core'
import { describeValue, type EavStore } from './store.js'
import { randomBytes } from 'node:crypto'
import { documentOf, entriesOf, entriesOfStored, noEntries, writeEntries, type Entries, type Pair } from './record.js'
import { isPlainObject, requireAttributeName, type EavDocument } from './values.js'

/**
 * A document's id: any tuple item (a `Uuid` by default). Ids come back as the tuple layer decodes them.
 * @example
 * ```ts
 * const id: EavId = await eavstore.create(db, people, { name: 'Ada' }) // a Uuid
 * await eavstore.create(db, people, { name: 'Alan' }, ['uk', 1912]) // any tuple item
 * ```
 */
export type EavId = TupleItem

/**
 * Stores `doc` under `id` (a random `Uuid` when omitted) and indexes it.
 *
 * Reads one key (whether `id` is taken). Harmless when run twice: a second
 * run finds the same document under `id` and returns `id` (so creating a
 * document identical to the one stored under `id` succeeds).
 *
 * @returns the id
 * @throws FoundError `alreadyExists` when `id` holds another document;
 *   TypeError for a document the store cannot hold (naming the attribute)
 * @example
 * ```ts
 * const id = await eavstore.create(db, people, { name: 'Ada', tags: ['math'] })
 * await eavstore.create(db, people, { name: 'Alan' }, 'alan')
 * ```
 */
export async function create(tx: DbOrTx, store: EavStore, doc: EavDocument, id?: EavId): Promise<EavId> {
  const what = 'eavstore.create'
  const key = id === undefined ? randomUuid() : requireId(id, what)
  const next = entriesOf(store, what, key, requireDocument(doc, what))
  return inTransaction(tx, what, async (t) => {
    if ((await getKey(t, store.documents.pack([key]))) !== null) {
      const stored = entriesOfStored(store, key, await readDocument(t, store, key))
      if (!sameEntries(stored, next)) throw new FoundError(ErrorCode.alreadyExists, `${what}: ${store.name} already holds a document with id ${describeValue(key)}`)
      return key
    }
    writeEntries(t, noEntries(), next)
    return key
  })
}

/**
 * The document stored under `id`, or `null`. One range read.
 *
 * Values come back with the types they were stored with (a bigint, a
 * Float32, a Uint8Array, empty arrays and objects); attributes come back in
 * name order.
 *
 * @example
 * ```ts
 * const ada = await eavstore.get(db, people, id) // { name: 'Ada', tags: ['math'] }
 * ```
 */
export async function get(tx: DbOrTx, store: EavStore, id: EavId): Promise<EavDocument | null> {
  const key = requireId(id, 'eavstore.get')
  return inTransaction(tx, 'eavstore.get', async (t) => {
    const pairs = await readDocument(t, store, key)
    return pairs.length === 0 ? null : documentOf(store, key, pairs)
  })
}

/**
 * Replaces the document under `id` with `doc`, clearing the keys and index
 * entries of what it no longer holds. Reads the whole document, so it
 * conflicts with any concurrent write to it. Harmless when run twice (the
 * second run returns the document it wrote).
 *
 * @returns the document it replaced (a wrapper that indexes documents
 *   elsewhere learns what to unindex at no extra read)
 * @throws FoundError `notFound` when there is no document under `id`
 * @example
 * ```ts
 * const before = await eavstore.update(db, people, id, { name: 'Ada Lovelace' }) // { name: 'Ada', ... }
 * ```
 */
export async function update(tx: DbOrTx, store: EavStore, id: EavId, doc: EavDocument): Promise<EavDocument> {
  const what = 'eavstore.update'
  const key = requireId(id, what)
  const next = entriesOf(store, what, key, requireDocument(doc, what))
  return inTransaction(tx, what, async (t) => {
    const pairs = await readDocument(t, store, key)
    if (pairs.length === 0) throw notFound(what, store, key)
    writeEntries(t, entriesOfStored(store, key, pairs), next)
    return documentOf(store, key, pairs)
  })
}

/**
 * Sets the top-level attributes of `partial` on the document under `id`
 * (each replaces the attribute whole, nested objects included); an attribute
 * given as `undefined` is removed.
 *
 * Reads the document's marker and the keys of the patched attributes only:
 * patches of different attributes of one document do not conflict, patches
 * of the same attribute do (and the retry applies on top). Harmless when run
 * twice (the second run returns the values it wrote).
 *
 * @returns the patched attributes as they were before (an attribute the
 *   document lacked is absent), read at no extra cost
 * @throws FoundError `notFound` when there is no document under `id`
 * @example
 * ```ts
 * await eavstore.patch(db, people, id, { age: 37, nickname: undefined }) // { age: 36, nickname: 'Ada' }
 * ```
 */
export async function patch(tx: DbOrTx, store: EavStore, id: EavId, partial: EavDocument): Promise<EavDocument> {
  const what = 'eavstore.patch'
  const key = requireId(id, what)
  const names = Object.keys(requireDocument(partial, what))
  const next = names.map((name) => {
    requireAttributeName(name, what, name)
    return entriesOf(store, what, key, partial[name], [name])
  })
  return inTransaction(tx, what, async (t) => {
    const [marker, ...attributes] = await Promise.all([
      getKey(t, store.documents.pack([key])),
      ...names.map((name) => readRange(t, store.documents.pack([key, name]), store.documents.range([key, name]).end)),
    ])
    if (marker === null) throw notFound(what, store, key)
    attributes.forEach((pairs, i) => writeEntries(t, entriesOfStored(store, key, pairs), next[i]!))
    return documentOf(store, key, attributes.flat())
  })
}

/**
 * Removes the document under `id` and every index entry it had.
 * Harmless when run twice.
 *
 * @returns whether there was a document when the call began: on a
 *   Database, an attempt that found the document and a retry that finds it
 *   gone (the first attempt's commit went through before a
 *   commit_unknown_result) still say `true`; in your Transaction, your
 *   retry calls `remove` again and the new call says `false`
 * @example
 * ```ts
 * await eavstore.remove(db, people, id) // true
 * ```
 */
export async function remove(tx: DbOrTx, store: EavStore, id: EavId): Promise<boolean> {
  const key = requireId(id, 'eavstore.remove')
  let foundBefore = false
  return inTransaction(tx, 'eavstore.remove', async (t) => {
    const pairs = await readDocument(t, store, key)
    if (pairs.length === 0) return foundBefore
    foundBefore = true
    writeEntries(t, { data: new Map(), index: entriesOfStored(store, key, pairs).index }, noEntries())
    clear(t, store.documents.pack([key]), store.documents.range([key]).end)
    return true
  })
}

/** Every pair of the document `id`: its marker, then its attributes. */
export function readDocument(tx: Transaction, store: EavStore, id: EavId): Promise<Array<[Uint8Array, Uint8Array]>> {
  return readRange(tx, store.documents.pack([id]), store.documents.range([id]).end)
}

function readRange(tx: Transaction, begin: Uint8Array, end: Uint8Array): Promise<Array<[Uint8Array, Uint8Array]>> {
  return rangeQuery(tx, begin, end, { mode: 'want_all' }).toArray() as Promise<Array<[Uint8Array, Uint8Array]>>
}

function sameEntries(a: Entries, b: Entries): boolean {
  return sameMap(a.data, b.data) && sameMap(a.index, b.index)
}

function sameMap(a: Map<string, Pair>, b: Map<string, Pair>): boolean {
  if (a.size !== b.size) return false
  for (const [text, [, value]] of a) {
    const other = b.get(text)
    if (other === undefined || Buffer.compare(other[1], value) !== 0) return false
  }
  return true
}

let randomPool = Buffer.alloc(0)
let randomAt = 0

/** A random (version 4) Uuid, from a pool of random bytes (one 16-byte `randomBytes` call per id costs more than the rest of a create's preparation). */
function randomUuid(): Uuid {
  if (randomAt + 16 > randomPool.length) {
    randomPool = randomBytes(4096)
    randomAt = 0
  }
  const bytes = randomPool.subarray(randomAt, (randomAt += 16))
  bytes[6] = (bytes[6]! & 0x0f) | 0x40
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  return new Uuid(bytes)
}

/** Throws a TypeError unless `id` is a tuple item. @internal */
export function requireId(id: unknown, what: string): EavId {
  if (id === undefined) throw new TypeError(`${what}: id is required`)
  try {
    pack([id as TupleItem])
  } catch (error) {
    throw new TypeError(`${what}: id must be a tuple item, got ${describeValue(id)}`, { cause: error })
  }
  return id as EavId
}

function requireDocument(doc: unknown, what: string): EavDocument {
  if (!isPlainObject(doc)) throw new TypeError(`${what}: the document must be a plain object, got ${describeValue(doc)}`)
  return doc as EavDocument
}

function notFound(what: string, store: EavStore, id: EavId): FoundError {
  return new FoundError(ErrorCode.notFound, `${what}: ${store.name} has no document with id ${describeValue(id)}`)
}
