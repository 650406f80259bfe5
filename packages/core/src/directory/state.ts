/**
 * State the directory classes share across modules: partitions' layer paths,
 * directory subspaces' prefixes, and each directory layer's root node and
 * allocator.
 *
 * @module
 * @internal
 */
import { ErrorCode, FoundError } from '../errors.js'
import type { Subspace } from '../subspace/subspace.js'
import type { HighContentionAllocator } from './allocator.js'
import type { DirectoryLayer } from './layer.js'
import type { DirectorySubspace } from './subspace.js'

/** Paths of partitions' inner directory layers (the root layer's is empty). @internal */
export const layerPaths = new WeakMap<DirectoryLayer, readonly string[]>()

/** Content prefixes of directory subspaces (a partition's `key()` refuses to give it). @internal */
export const prefixes = new WeakMap<DirectorySubspace, Uint8Array>()

/** The content prefix of `dir`. @internal */
export function prefixOf(dir: DirectorySubspace): Uint8Array {
  const prefix = prefixes.get(dir)
  if (prefix === undefined) throw new FoundError(ErrorCode.internalError, 'directory layer: a directory subspace without a prefix')
  return prefix
}

/** A directory layer's root node and allocator. @internal */
export interface LayerState {
  /** The root node: the node whose content prefix is the node subspace itself. */
  readonly rootNode: Subspace
  /** The allocator of new directories' prefixes. */
  readonly allocator: HighContentionAllocator
}

/** The root node and allocator of each directory layer, set by its constructor. @internal */
export const layerStates = new WeakMap<DirectoryLayer, LayerState>()

/** The root node and allocator of `layer`. @internal */
export function stateOf(layer: DirectoryLayer): LayerState {
  const state = layerStates.get(layer)
  if (state === undefined) throw new FoundError(ErrorCode.internalError, 'directory layer: a directory layer without a root node')
  return state
}
