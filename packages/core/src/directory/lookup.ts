/**
 * Path resolution in a directory layer: walking down a path to its node,
 * stopping at partitions, and turning what was found into a
 * {@link DirectorySubspace} or the directory layer inside a partition.
 *
 * @module
 * @internal
 */
import { get } from '../api/reads.js'
import type { Transaction } from '../api/transaction.js'
import { ErrorCode, FoundError } from '../errors.js'
import type { Subspace } from '../subspace/subspace.js'
import type { DirectoryLayer } from './layer.js'
import { EMPTY, LAYER_KEY, PARTITION_LAYER, sameBytes, SUBDIRS } from './layout.js'
import { nodeWithPrefix } from './metadata.js'
import { DirectoryPartition, partitionLayer } from './partition.js'
import { formatPath } from './path.js'
import { stateOf } from './state.js'
import { DirectorySubspace } from './subspace.js'

/** What {@link DirectoryLayer} found walking down a path. @internal */
export interface Found {
  /** The node's metadata subspace, or null when the path does not exist. */
  readonly node: Subspace | null
  /** The node's content prefix (when it exists). */
  readonly prefix: Uint8Array
  /** The leading part of `target` this node stands for. */
  readonly path: string[]
  /** The path looked for. */
  readonly target: string[]
  /** The node's layer (empty for the root). */
  readonly layer: Uint8Array
}

/** `path` (relative to `dl`) from the root. @internal */
export function fullPath(dl: DirectoryLayer, path: readonly string[]): string[] {
  return [...dl.path, ...path]
}

/** The notFound error of `what` for `path` (relative to `dl`). @internal */
export function notFound(dl: DirectoryLayer, what: string, path: readonly string[], subject = 'the directory'): FoundError {
  return new FoundError(ErrorCode.notFound, `${what}: ${subject} ${formatPath(fullPath(dl, path))} does not exist`)
}

/** Walks down `path`, stopping at a missing name or at a partition. @internal */
export async function find(dl: DirectoryLayer, tx: Transaction, path: string[]): Promise<Found> {
  let node = stateOf(dl).rootNode
  let prefix: Uint8Array = dl.nodeSubspace.key()
  let layer: Uint8Array = EMPTY
  for (let i = 0; i < path.length; i++) {
    const child = await get(tx, node.pack([SUBDIRS, path[i]!]))
    if (child === null) return { node: null, prefix: EMPTY, path: path.slice(0, i + 1), target: path, layer: EMPTY }
    node = nodeWithPrefix(dl, child)
    prefix = child
    layer = (await get(tx, node.pack([LAYER_KEY]))) ?? EMPTY
    if (sameBytes(layer, PARTITION_LAYER)) return { node, prefix, path: path.slice(0, i + 1), target: path, layer }
  }
  return { node, prefix, path: path.slice(), target: path, layer }
}

/** Whether `found` is a partition with (unless `includeEmptySubpath`) some of the target inside it. @internal */
export function isInPartition(found: Found, includeEmptySubpath = false): boolean {
  return (
    found.node !== null &&
    sameBytes(found.layer, PARTITION_LAYER) &&
    (includeEmptySubpath || found.target.length > found.path.length)
  )
}

/** The directory layer inside the partition `found`. @internal */
export function partitionLayerOf(dl: DirectoryLayer, found: Found): DirectoryLayer {
  return partitionLayer(found.prefix, fullPath(dl, found.path))
}

/** The directory at `path` (relative to `dl`) with content prefix `prefix` and layer `layer`. @internal */
export function contentsOf(dl: DirectoryLayer, prefix: Uint8Array, path: readonly string[], layer: Uint8Array): DirectorySubspace {
  const full = fullPath(dl, path)
  if (sameBytes(layer, PARTITION_LAYER)) return new DirectoryPartition(full, prefix, dl)
  return new DirectorySubspace(full, prefix, dl, layer)
}
