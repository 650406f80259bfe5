/**
 * Reading and writing a directory layer's node metadata: the layout version,
 * node subspaces, subdirectory entries, and the checks that a prefix is free.
 *
 * @module
 * @internal
 */
import { query } from '../api/query.js'
import { get } from '../api/reads.js'
import type { Transaction } from '../api/transaction.js'
import { set } from '../api/writes.js'
import { ErrorCode, FoundError } from '../errors.js'
import { keyAfter, nextPrefix } from '../keys/bytes.js'
import { startsWith, type Subspace } from '../subspace/subspace.js'
import type { TupleItem } from '../tuple/index.js'
import type { DirectoryLayer } from './layer.js'
import { SUBDIRS, VERSION, VERSION_KEY } from './layout.js'
import { stateOf } from './state.js'

/**
 * Reads the layout version and refuses layouts newer than this code reads
 * (or, for `write`, writes). Returns whether the version key exists: an
 * operation that writes calls {@link writeVersion} before its
 * first write when it does not (the official bindings write it up front;
 * writing it later leaves the same bytes and nothing when the operation fails).
 * @internal
 */
export async function checkVersion(dl: DirectoryLayer, tx: Transaction, write: boolean): Promise<boolean> {
  const value = await get(tx, stateOf(dl).rootNode.pack([VERSION_KEY]))
  if (value === null) return false
  if (value.length !== 12) {
    throw new FoundError(ErrorCode.corruptData, `directory layer: the version key holds ${value.length} bytes, not 12`)
  }
  const b = Buffer.from(value.buffer, value.byteOffset, value.byteLength)
  const [major, minor, patch] = [b.readUInt32LE(0), b.readUInt32LE(4), b.readUInt32LE(8)]
  const mine = VERSION.join('.')
  if (major > VERSION[0]) {
    throw new FoundError(ErrorCode.unsupported, `directory layer: cannot read a directory of version ${major}.${minor}.${patch} with directory layer ${mine}`)
  }
  if (minor > VERSION[1] && write) {
    throw new FoundError(
      ErrorCode.unsupported,
      `directory layer: a directory of version ${major}.${minor}.${patch} is read-only for directory layer ${mine}`,
    )
  }
  return true
}

/** Writes the layout version this code writes. @internal */
export function writeVersion(dl: DirectoryLayer, tx: Transaction): void {
  const v = Buffer.alloc(12)
  v.writeUInt32LE(VERSION[0], 0)
  v.writeUInt32LE(VERSION[1], 4)
  v.writeUInt32LE(VERSION[2], 8)
  set(tx, stateOf(dl).rootNode.pack([VERSION_KEY]), v)
}

/** The node subspace of the directory with content prefix `prefix`. @internal */
export function nodeWithPrefix(dl: DirectoryLayer, prefix: Uint8Array): Subspace {
  return dl.nodeSubspace.subspace([prefix])
}

/** A node's subdirectory entries: name and content prefix, in key order. @internal */
export async function subdirs(tx: Transaction, node: Subspace): Promise<Array<[TupleItem, Uint8Array]>> {
  const subdirs = node.subspace([SUBDIRS])
  const { begin, end } = subdirs.range()
  const out: Array<[TupleItem, Uint8Array]> = []
  for await (const [key, value] of query(tx, begin, end)) out.push([subdirs.unpack(key)[0]!, value])
  return out
}

/** The node whose prefix is a prefix of `key`, if any (the root for keys in the node subspace). @internal */
export async function nodeContaining(dl: DirectoryLayer, tx: Transaction, key: Uint8Array): Promise<boolean> {
  if (startsWith(key, dl.nodeSubspace.key())) return true
  const begin = dl.nodeSubspace.range().begin
  const end = keyAfter(dl.nodeSubspace.pack([key]))
  const [last] = await query(tx, begin, end, { limit: 1, reverse: true }).toArray()
  if (last === undefined) return false
  const [previous] = dl.nodeSubspace.unpack(last[0])
  return previous instanceof Uint8Array && startsWith(key, previous)
}

/**
 * Whether `prefix` neither contains nor is contained in any directory's
 * prefix (nor the metadata's): the official `_is_prefix_free`.
 * @internal
 */
export async function isPrefixFree(dl: DirectoryLayer, tx: Transaction, prefix: Uint8Array): Promise<boolean> {
  if (prefix.length === 0) return false
  if (await nodeContaining(dl, tx, prefix)) return false
  // A node whose prefix starts with `prefix`: node keys in [node(prefix), node(strinc(prefix))).
  let inside: Uint8Array | null
  try {
    inside = nextPrefix(prefix)
  } catch {
    inside = null // only 0xff bytes: every longer prefix sorts after node(prefix)
  }
  const begin = dl.nodeSubspace.pack([prefix])
  const end = inside === null ? dl.nodeSubspace.range().end : dl.nodeSubspace.pack([inside])
  const rows = await query(tx, begin, end, { limit: 1 }).toArray()
  return rows.length === 0
}
