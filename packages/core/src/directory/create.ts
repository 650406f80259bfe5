/**
 * Creating and opening directories: the work of
 * {@link DirectoryLayer.createOrOpen}, {@link DirectoryLayer.open} and
 * {@link DirectoryLayer.create}.
 *
 * @module
 * @internal
 */
import { query } from '../api/query.js'
import type { Transaction } from '../api/transaction.js'
import { set } from '../api/writes.js'
import { ErrorCode, FoundError } from '../errors.js'
import { nextPrefix } from '../keys/bytes.js'
import { earlierAttempt, rememberAttempt } from '../api/attempts.js'
import type { DirectoryLayer } from './layer.js'
import { attemptKey, EMPTY, hex, LAYER_KEY, sameBytes, SUBDIRS } from './layout.js'
import { contentsOf, find, fullPath, isInPartition, notFound, partitionLayerOf } from './lookup.js'
import { checkVersion, isPrefixFree, nodeWithPrefix, writeVersion } from './metadata.js'
import { formatPath } from './path.js'
import { prefixOf, stateOf } from './state.js'
import type { DirectorySubspace } from './subspace.js'

/**
 * Opens the directory at `path` (relative to `dl`) when `allowOpen`,
 * creates it (with its missing parents) when `allowCreate`; `layer` and
 * `prefix` are the checked options (null when not given).
 * @internal
 */
export async function createOrOpen(
  dl: DirectoryLayer,
  tx: Transaction,
  path: string[],
  layer: Uint8Array | null,
  prefix: Uint8Array | null,
  allowCreate: boolean,
  allowOpen: boolean,
  what: string,
): Promise<DirectorySubspace> {
  if (prefix !== null && !dl.allowManualPrefixes) {
    throw new FoundError(
      ErrorCode.invalidArgument,
      dl.path.length === 0
        ? `${what}: a prefix can be given only when the directory layer allows manual prefixes (allowManualPrefixes)`
        : `${what}: a prefix cannot be given inside a partition (${formatPath([...dl.path])})`,
    )
  }
  if (path.length === 0) {
    throw new FoundError(ErrorCode.invalidArgument, `${what}: the root directory cannot be opened (it holds the metadata); give a path`)
  }
  await checkVersion(dl, tx, false)
  const existing = await find(dl, tx, path)
  if (existing.node !== null) {
    if (isInPartition(existing)) {
      return createOrOpen(
        partitionLayerOf(dl, existing),
        tx,
        existing.target.slice(existing.path.length),
        layer,
        prefix,
        allowCreate,
        allowOpen,
        what,
      )
    }
    if (!allowOpen && !createdByEarlierAttempt(dl, tx, existing.prefix, layer)) {
      throw new FoundError(ErrorCode.alreadyExists, `${what}: the directory ${formatPath(fullPath(dl, path))} already exists`)
    }
    if (layer !== null && !sameBytes(existing.layer, layer)) {
      throw new FoundError(
        ErrorCode.invalidArgument,
        `${what}: the directory ${formatPath(fullPath(dl, path))} was created with the layer <${hex(existing.layer)}> ` +
          `(${JSON.stringify(Buffer.from(existing.layer).toString('latin1'))}), not <${hex(layer)}>`,
      )
    }
    return contentsOf(dl, existing.prefix, path, existing.layer)
  }
  if (!allowCreate) throw notFound(dl, what, path)
  const hasVersion = await checkVersion(dl, tx, true)

  let newPrefix: Uint8Array
  if (prefix === null) {
    newPrefix = Buffer.concat([dl.contentSubspace.key(), await stateOf(dl).allocator.allocate(tx)])
    const inUse = await query(tx, newPrefix, nextPrefix(newPrefix), { limit: 1 }).toArray()
    if (inUse.length > 0) {
      throw new FoundError(
        ErrorCode.corruptData,
        `${what}: the database has keys under the prefix <${hex(newPrefix)}> the allocator chose for a new directory: ` +
          'keys were written outside any directory inside the content subspace',
      )
    }
    if (!(await isPrefixFree(dl, tx.snapshot(), newPrefix))) {
      throw new FoundError(
        ErrorCode.corruptData,
        `${what}: the allocated prefix <${hex(newPrefix)}> overlaps a manually chosen directory prefix`,
      )
    }
  } else {
    if (!(await isPrefixFree(dl, tx, prefix))) {
      throw new FoundError(
        ErrorCode.alreadyExists,
        `${what}: the prefix <${hex(prefix)}> is already in use (it is empty, or overlaps another directory's prefix or the metadata)`,
      )
    }
    newPrefix = prefix
  }

  if (!hasVersion) writeVersion(dl, tx)
  const parentNode =
    path.length > 1
      ? nodeWithPrefix(dl, prefixOf(await createOrOpen(dl, tx, path.slice(0, -1), null, null, true, true, what)))
      : stateOf(dl).rootNode
  const node = nodeWithPrefix(dl, newPrefix)
  const newLayer = layer ?? EMPTY
  set(tx, parentNode.pack([SUBDIRS, path[path.length - 1]!]), newPrefix)
  set(tx, node.pack([LAYER_KEY]), newLayer)
  rememberAttempt(tx, attemptKey(dl, 'created', hex(newPrefix)), newLayer)
  return contentsOf(dl, newPrefix, path, newLayer)
}

/** Whether the existing directory (its prefix) is the one an earlier attempt of this transaction created (see api/attempts.ts). */
function createdByEarlierAttempt(dl: DirectoryLayer, tx: Transaction, prefix: Uint8Array, layer: Uint8Array | null): boolean {
  const earlier = earlierAttempt(tx, attemptKey(dl, 'created', hex(prefix)))
  return earlier instanceof Uint8Array && sameBytes(earlier, layer ?? EMPTY)
}
