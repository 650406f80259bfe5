/**
 * The one path that writes a document and its index entries: a document (or
 * the part of one that a patch replaces) becomes {@link Entries}, the keys it
 * owns with their values; the entries read back from the stored keys say
 * what to clear; {@link writeEntries} writes only the difference.
 *
 * @module
 */
import { ErrorCode, FoundError, clear, set, unpack, type KeyValue, type Transaction, type TupleItem } from '@foundkit/core'
import type { EavStore } from './store.js'
import { KEY_LIMIT, decodeValue, encodeValue, indexItemsOf, isPlainObject, packValue, requireAttributeName, type EavDocument, type EavValue } from './values.js'

/** A key and its value. */
export type Pair = readonly [key: Uint8Array, value: Uint8Array]

/** The keys a document (or a part of one) owns, by their latin1 text: data keys with their values, index keys with theirs. */
export interface Entries {
  /** Data keys (and the marker, for a whole document) and their values. */
  readonly data: Map<string, Pair>
  /** Index keys and their values: empty for a single value, {@link MULTI} for an array element. */
  readonly index: Map<string, Pair>
}

const EMPTY = Buffer.alloc(0)
/** The value of an index key that comes from an array element. */
export const MULTI = Buffer.from([1])

const keyString = (key: Uint8Array): string => Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('latin1')

function addPair(map: Map<string, Pair>, key: Uint8Array, value: Uint8Array): void {
  map.set(keyString(key), [key, value])
}

/** New, empty entries. */
export function noEntries(): Entries {
  return { data: new Map(), index: new Map() }
}

/**
 * The entries of a whole document (`segments` empty, with the marker) or of
 * the attribute at `segments` (a patch). Validates as it goes: a TypeError or
 * FoundError names the attribute path, and nothing has been written.
 */
export function entriesOf(store: EavStore, what: string, id: TupleItem, value: unknown, segments: readonly string[] = []): Entries {
  const out = noEntries()
  if (segments.length === 0) addPair(out.data, store.documents.pack([id]), EMPTY)
  addValue(out, store, what, id, [...segments], value, new Set())
  return out
}

function addValue(out: Entries, store: EavStore, what: string, id: TupleItem, segments: string[], value: unknown, seen: Set<object>): void {
  if (value === undefined) return
  const path = segments.join('.')
  if (isPlainObject(value) && (segments.length === 0 || hasDefinedAttribute(value))) {
    if (seen.has(value)) throw new TypeError(`${what}: attribute ${JSON.stringify(path)} holds a cycle`)
    seen.add(value)
    for (const name of Object.keys(value)) {
      requireAttributeName(name, what, path === '' ? name : `${path}.${name}`)
      segments.push(name)
      addValue(out, store, what, id, segments, value[name], seen)
      segments.pop()
    }
    seen.delete(value)
    return
  }
  const encoded = encodeValue(value, what, path, seen)
  const key = checkKey(store.documents.pack([id, ...segments]), what, path)
  addPair(out.data, key, packValue(encoded, what, path))
  addIndexEntries(out, store, what, id, path, encoded, value)
}

function hasDefinedAttribute(object: Record<string, unknown>): boolean {
  for (const name of Object.keys(object)) if (object[name] !== undefined) return true
  return false
}

function addIndexEntries(out: Entries, store: EavStore, what: string, id: TupleItem, path: string, encoded: TupleItem[], value: unknown): void {
  if (!store.isIndexed(path)) return
  const { items, multi } = indexItemsOf(encoded, value)
  for (const item of items) {
    const key = checkKey(store.indexes.pack([path, item, id]), what, path)
    addPair(out.index, key, multi ? MULTI : EMPTY)
  }
}

function checkKey(key: Uint8Array, what: string, path: string): Uint8Array {
  if (key.length > KEY_LIMIT) {
    throw new FoundError(ErrorCode.keyTooLarge, `${what}: attribute ${JSON.stringify(path)} makes a ${key.length}-byte key, over the ${KEY_LIMIT}-byte key limit`)
  }
  return key
}

/**
 * The entries of stored pairs of the document `id` (all of them, or those of
 * one attribute), so that a write knows what to clear. `pairs` come from a
 * range read under `S + (0, id)`.
 */
export function entriesOfStored(store: EavStore, id: TupleItem, pairs: readonly KeyValue[]): Entries {
  const out = noEntries()
  const prefixLength = store.documents.pack([id]).length
  for (const [key, value] of pairs) {
    addPair(out.data, key, value)
    if (key.length === prefixLength) continue // the marker
    const segments = unpack(key.subarray(prefixLength)) as string[]
    const path = segments.join('.')
    if (!store.isIndexed(path)) continue
    const encoded = unpack(value)
    addIndexEntries(out, store, 'eavstore', id, path, encoded, decodeValue(encoded))
  }
  return out
}

/** Writes `next` over `stored`: clears the keys `next` lacks and sets those that are new or changed. */
export function writeEntries(tx: Transaction, stored: Entries, next: Entries): void {
  writeDifference(tx, stored.data, next.data)
  writeDifference(tx, stored.index, next.index)
}

function writeDifference(tx: Transaction, stored: Map<string, Pair>, next: Map<string, Pair>): void {
  if (stored.size > 0) for (const [text, [key]] of stored) if (!next.has(text)) clear(tx, key)
  for (const [text, [key, value]] of next) {
    const before = stored.size === 0 ? undefined : stored.get(text)
    if (before === undefined || Buffer.compare(before[1], value) !== 0) set(tx, key, value)
  }
}

/** Builds the document from its stored pairs (the marker first). */
export function documentOf(store: EavStore, id: TupleItem, pairs: readonly KeyValue[]): EavDocument {
  const prefixLength = store.documents.pack([id]).length
  const doc: Record<string, EavValue> = {}
  for (const [key, value] of pairs) {
    if (key.length === prefixLength) continue
    const segments = unpack(key.subarray(prefixLength)) as string[]
    let target = doc
    for (let i = 0; i < segments.length - 1; i++) {
      const name = segments[i]!
      target = (target[name] ??= {}) as Record<string, EavValue>
    }
    target[segments[segments.length - 1]!] = decodeValue(unpack(value))
  }
  return doc
}
