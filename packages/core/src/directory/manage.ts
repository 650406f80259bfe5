/**
 * Listing, moving and removing directories: the work of
 * {@link DirectoryLayer.list}, {@link DirectoryLayer.exists},
 * {@link DirectoryLayer.move}, {@link DirectoryLayer.remove} and
 * {@link DirectoryLayer.removeIfExists}.
 *
 * @module
 * @internal
 */
import { query } from '../api/query.js'
import { requireTransaction, type Transaction } from '../api/transaction.js'
import { clear, set } from '../api/writes.js'
import { ErrorCode, FoundError } from '../errors.js'
import { nextPrefix } from '../keys/bytes.js'
import type { Subspace } from '../subspace/subspace.js'
import { earlierAttempt, rememberAttempt } from '../api/attempts.js'
import type { DirectoryLayer } from './layer.js'
import { attemptKey, sameBytes, SUBDIRS } from './layout.js'
import { contentsOf, find, fullPath, isInPartition, notFound, partitionLayerOf } from './lookup.js'
import { checkVersion, nodeWithPrefix, subdirs, writeVersion } from './metadata.js'
import type { DirectoryPath } from './options.js'
import { formatPath, pathStartsWith, toPath } from './path.js'
import type { DirectorySubspace } from './subspace.js'

/** {@link DirectoryLayer.list} of `dl`. @internal */
export async function list(dl: DirectoryLayer, tx: Transaction, path: DirectoryPath): Promise<string[]> {
  const what = 'list'
  requireTransaction(tx, what)
  const p = toPath(path, what)
  await checkVersion(dl, tx, false)
  const found = await find(dl, tx, p)
  if (found.node === null) throw notFound(dl, what, p)
  if (isInPartition(found, true)) {
    return partitionLayerOf(dl, found).list(tx, found.target.slice(found.path.length))
  }
  const names: string[] = []
  const subdirs = found.node.subspace([SUBDIRS])
  const { begin, end } = subdirs.range()
  for await (const [key] of query(tx, begin, end)) {
    const [name] = subdirs.unpack(key)
    if (typeof name !== 'string') {
      throw new FoundError(ErrorCode.corruptData, `${what}: a subdirectory entry of ${formatPath(fullPath(dl, p))} has a name that is not a string`)
    }
    names.push(name)
  }
  return names
}

/** {@link DirectoryLayer.exists} of `dl`. @internal */
export async function exists(dl: DirectoryLayer, tx: Transaction, path: DirectoryPath): Promise<boolean> {
  const what = 'exists'
  requireTransaction(tx, what)
  const p = toPath(path, what)
  await checkVersion(dl, tx, false)
  const found = await find(dl, tx, p)
  if (found.node === null) return false
  if (isInPartition(found)) return partitionLayerOf(dl, found).exists(tx, found.target.slice(found.path.length))
  return true
}

/** What a move records for a retry of its transaction (see api/attempts.ts). */
interface Moved {
  readonly prefix: Uint8Array
  readonly to: string
}

/** {@link DirectoryLayer.move} of `dl`. @internal */
export async function move(dl: DirectoryLayer, tx: Transaction, oldPath: DirectoryPath, newPath: DirectoryPath): Promise<DirectorySubspace> {
  const what = 'move'
  requireTransaction(tx, what)
  const from = toPath(oldPath, what)
  const to = toPath(newPath, what)
  if (from.length === 0) throw new FoundError(ErrorCode.invalidArgument, `${what}: the root directory cannot be moved`)
  if (pathStartsWith(to, from)) {
    throw new FoundError(
      ErrorCode.invalidArgument,
      `${what}: cannot move ${formatPath(fullPath(dl, from))} to ${formatPath(fullPath(dl, to))}: the destination is the directory itself or inside it`,
    )
  }
  const hasVersion = await checkVersion(dl, tx, true)
  const oldNode = await find(dl, tx, from)
  const newNode = await find(dl, tx, to)
  if (oldNode.node === null) {
    // After 1021, an earlier attempt of this transaction may have made this very move.
    const moved = earlierAttempt(tx, attemptKey(dl, 'moved', formatPath(from))) as Moved | undefined
    if (moved !== undefined && moved.to === formatPath(to) && newNode.node !== null && !isInPartition(newNode) && sameBytes(newNode.prefix, moved.prefix)) {
      return contentsOf(dl, newNode.prefix, to, newNode.layer)
    }
    throw notFound(dl, what, from, 'the source directory')
  }
  if (isInPartition(oldNode) || isInPartition(newNode)) {
    if (!isInPartition(oldNode) || !isInPartition(newNode) || formatPath(oldNode.path) !== formatPath(newNode.path)) {
      throw new FoundError(
        ErrorCode.invalidArgument,
        `${what}: cannot move ${formatPath(fullPath(dl, from))} to ${formatPath(fullPath(dl, to))}: directories cannot move between partitions`,
      )
    }
    return partitionLayerOf(dl, newNode).move(tx, oldNode.target.slice(oldNode.path.length), newNode.target.slice(newNode.path.length))
  }
  if (newNode.node !== null) {
    throw new FoundError(ErrorCode.alreadyExists, `${what}: the destination ${formatPath(fullPath(dl, to))} already exists; remove it first`)
  }
  const parent = await find(dl, tx, to.slice(0, -1))
  if (parent.node === null) {
    throw new FoundError(
      ErrorCode.notFound,
      `${what}: the parent ${formatPath(fullPath(dl, to.slice(0, -1)))} of the destination does not exist; create it first`,
    )
  }
  if (!hasVersion) writeVersion(dl, tx)
  set(tx, parent.node.pack([SUBDIRS, to[to.length - 1]!]), oldNode.prefix)
  await removeFromParent(dl, tx, from)
  rememberAttempt(tx, attemptKey(dl, 'moved', formatPath(from)), { prefix: oldNode.prefix, to: formatPath(to) })
  return contentsOf(dl, oldNode.prefix, to, oldNode.layer)
}

/**
 * Removes the directory at `path` (relative to `dl`); when it does not
 * exist, throws when `mustExist`, else returns false.
 * @internal
 */
export async function remove(dl: DirectoryLayer, tx: Transaction, path: string[], mustExist: boolean, what: string): Promise<boolean> {
  if (path.length === 0) throw new FoundError(ErrorCode.invalidArgument, `${what}: the root directory cannot be removed`)
  const hasVersion = await checkVersion(dl, tx, true)
  const found = await find(dl, tx, path)
  if (found.node === null) {
    // After 1021, an earlier attempt of this transaction may have removed it: then this call did.
    if (earlierAttempt(tx, attemptKey(dl, 'removed', formatPath(path))) !== undefined) return true
    if (mustExist) throw notFound(dl, what, path)
    return false
  }
  if (isInPartition(found)) {
    return remove(partitionLayerOf(dl, found), tx, found.target.slice(found.path.length), mustExist, what)
  }
  if (!hasVersion) writeVersion(dl, tx)
  await removeRecursive(dl, tx, found.node, found.prefix)
  await removeFromParent(dl, tx, path)
  rememberAttempt(tx, attemptKey(dl, 'removed', formatPath(path)), true)
  return true
}

/** Clears a node's contents, its subdirectories (depth first) and its metadata. @internal */
async function removeRecursive(dl: DirectoryLayer, tx: Transaction, node: Subspace, prefix: Uint8Array): Promise<void> {
  for (const [, childPrefix] of await subdirs(tx, node)) {
    await removeRecursive(dl, tx, nodeWithPrefix(dl, childPrefix), childPrefix)
  }
  clear(tx, prefix, nextPrefix(prefix))
  const { begin, end } = node.range()
  clear(tx, begin, end)
}

/** Clears the entry of `path` (relative to `dl`) in its parent's node. @internal */
async function removeFromParent(dl: DirectoryLayer, tx: Transaction, path: string[]): Promise<void> {
  const parent = await find(dl, tx, path.slice(0, -1))
  if (parent.node !== null) clear(tx, parent.node.pack([SUBDIRS, path[path.length - 1]!]))
}
