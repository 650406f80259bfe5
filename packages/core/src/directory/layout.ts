/**
 * The directory layer's on-disk layout: the same as FoundationDB's official
 * bindings (`fdb/directory_impl.py`, node-foundationdb's `directory.ts`).
 *
 * Layout, with the default node subspace `\xfe` and an empty content subspace:
 * - every directory has a node subspace `node(p) = \xfe + pack([p])`, where
 *   `p` is its content prefix; the root's is `node(\xfe)`;
 * - `node(parent) + pack([0, name])` → `p`: the subdirectory `name`;
 * - `node(p) + pack([b'layer'])` → the layer bytes (empty by default);
 * - `node(\xfe) + pack([b'version'])` → `(1, 0, 0)` as three little-endian uint32;
 * - `node(\xfe) + pack([b'hca', ...])`: the high-contention allocator's state.
 *
 * @module
 */

/** The key holding a node's subdirectories: `node + pack([0, name])`. @internal */
export const SUBDIRS = 0
/** The layout version this code reads and writes. @internal */
export const VERSION: readonly [number, number, number] = [1, 0, 0]
/** The key of a node's layer bytes: `node + pack([b'layer'])`. @internal */
export const LAYER_KEY = Buffer.from('layer')
/** The key of the layout version under the root node. @internal */
export const VERSION_KEY = Buffer.from('version')
/** The subspace of the high-contention allocator's state under the root node. @internal */
export const HCA_KEY = Buffer.from('hca')
/** The empty byte string (the default layer, the root's layer). @internal */
export const EMPTY = Buffer.alloc(0)

/**
 * The layer bytes of a directory partition, `partition`.
 *
 * @example
 * ```ts
 * const tenant = await directory.create(tx, ['tenants', 'acme'], { layer: PARTITION_LAYER })
 * tenant instanceof DirectoryPartition // true
 * ```
 */
export const PARTITION_LAYER: Uint8Array = Buffer.from('partition')

/** Whether two byte strings are equal. @internal */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(a, b) === 0
}

/** Bytes in hexadecimal, for messages. @internal */
export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')
}

/** A key naming what `op` did in the directory layer `dl`, for rememberAttempt (api/attempts.ts). @internal */
export function attemptKey(dl: { readonly nodeSubspace: { key(): Uint8Array } }, op: 'created' | 'moved' | 'removed', what: string): string {
  return `directory ${op} ${hex(dl.nodeSubspace.key())} ${what}`
}
