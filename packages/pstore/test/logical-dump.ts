/**
 * Helpers of pstore's own tests (not exported by the package): a dump of a
 * store's pairs that does not depend on how postings were grouped into
 * blocks (each write draws a random block), so that two databases holding
 * the same documents compare equal however they were written.
 *
 * @module
 */
import { pack, query, transactional, type Database } from '@foundkit/core'
import * as pstore from '../src/index.js'
import { eachBlockEntry, decodeRecord } from '../src/codec.js'

const hex = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')

/**
 * The store's pairs, postings one per (term, field, document) and records
 * without their block, sorted: `['posting', term, field, docId hex, posting
 * hex]`, `['record', docId hex, fields JSON]`, or `['pair', key hex, value
 * hex]` for every other pair (relative to the store's subspace).
 */
export async function logicalDump(db: Database, store: pstore.PStore): Promise<string[][]> {
  const { begin, end } = store.subspace.range()
  const pairs = await transactional(db, (tx) => query(tx, begin, end).toArray())
  const out: string[][] = []
  const records = new Map<string, Buffer[]>()
  for (const [key, value] of pairs) {
    const items = store.subspace.unpack(key)
    if (items[0] === 1) {
      eachBlockEntry(value, (docKey, posting) => out.push(['posting', String(items[1]), String(items[2]), Buffer.from(docKey, 'latin1').toString('hex'), hex(posting)]))
    } else if (items[0] === 5) {
      const docId = hex(pack([items[1]!]))
      records.set(docId, [...(records.get(docId) ?? []), Buffer.from(value)])
    } else out.push(['pair', hex(key.subarray(store.subspace.key().length)), hex(value)])
  }
  for (const [docId, chunks] of records) out.push(['record', docId, JSON.stringify(decodeRecord(Buffer.concat(chunks), 'test').fields)])
  return out.sort((a, b) => (a.join('|') < b.join('|') ? -1 : a.join('|') > b.join('|') ? 1 : 0))
}
