/**
 * {@link DirectoryPartition}: a directory whose subdirectories get prefixes
 * inside its own, with their own directory layer there.
 *
 * @module
 */
import { ErrorCode, FoundError } from '../errors.js'
import type { KeyRange } from '../keys/bytes.js'
import { Subspace } from '../subspace/subspace.js'
import type { TupleItem } from '../tuple/index.js'
import { DirectoryLayer } from './layer.js'
import { PARTITION_LAYER } from './layout.js'
import { formatPath } from './path.js'
import { layerPaths } from './state.js'
import { DirectorySubspace } from './subspace.js'

/** The directory layer inside the partition at `path` with content prefix `prefix`. @internal */
export function partitionLayer(prefix: Uint8Array, path: readonly string[]): DirectoryLayer {
  const inner = new DirectoryLayer({
    nodeSubspace: new Subspace([], Buffer.concat([prefix, Buffer.from([0xfe])])),
    contentSubspace: new Subspace([], prefix),
  })
  layerPaths.set(inner, Object.freeze([...path]))
  return inner
}

function partitionRootError(dir: DirectorySubspace, what: string): FoundError {
  return new FoundError(
    ErrorCode.invalidOption,
    `${what}: ${formatPath([...dir.path])} is a directory partition, whose root cannot be used as a subspace; create or open a directory inside it`,
  )
}

/**
 * A directory partition (layer `partition`): a directory whose
 * subdirectories get prefixes inside the partition's own prefix, with their
 * own metadata and allocator there. Everything in the partition shares one
 * prefix, so it can be cleared or copied as a block; the price is longer keys.
 * Its root holds the metadata, so the subspace methods (`key`, `pack`,
 * `range`, ...) refuse: open a directory inside it.
 *
 * @example
 * ```ts
 * const acme = await directory.create(tx, ['tenants', 'acme'], { layer: PARTITION_LAYER })
 * const orders = await acme.createOrOpen(tx, 'orders') // prefix starts with acme's
 * ```
 */
export class DirectoryPartition extends DirectorySubspace {
  /** @internal Made by {@link DirectoryLayer}. */
  constructor(path: readonly string[], prefix: Uint8Array, parentLayer: DirectoryLayer) {
    super(path, prefix, partitionLayer(prefix, path), PARTITION_LAYER, parentLayer)
  }

  /**
   * Refuses: the partition's root is not a subspace.
   * @throws FoundError (invalidOption) always
   * @example
   * ```ts
   * acme.key() // throws
   * ```
   */
  override key(): Uint8Array {
    throw partitionRootError(this, 'key')
  }

  /**
   * Refuses: the partition's root is not a subspace.
   * @throws FoundError (invalidOption) always
   * @example
   * ```ts
   * acme.pack([1]) // throws
   * ```
   */
  override pack(_items: readonly TupleItem[] = []): Uint8Array {
    throw partitionRootError(this, 'pack')
  }

  /**
   * Refuses: the partition's root is not a subspace.
   * @throws FoundError (invalidOption) always
   * @example
   * ```ts
   * acme.packWithVersionstamp([Versionstamp.incomplete()]) // throws
   * ```
   */
  override packWithVersionstamp(_items: readonly TupleItem[]): Uint8Array {
    throw partitionRootError(this, 'packWithVersionstamp')
  }

  /**
   * Refuses: the partition's root is not a subspace.
   * @throws FoundError (invalidOption) always
   * @example
   * ```ts
   * acme.unpack(key) // throws
   * ```
   */
  override unpack(_key: Uint8Array): TupleItem[] {
    throw partitionRootError(this, 'unpack')
  }

  /**
   * Refuses: the partition's root is not a subspace.
   * @throws FoundError (invalidOption) always
   * @example
   * ```ts
   * acme.range() // throws
   * ```
   */
  override range(_items: readonly TupleItem[] = []): KeyRange {
    throw partitionRootError(this, 'range')
  }

  /**
   * Refuses: the partition's root is not a subspace.
   * @throws FoundError (invalidOption) always
   * @example
   * ```ts
   * acme.contains(key) // throws
   * ```
   */
  override contains(_key: Uint8Array): boolean {
    throw partitionRootError(this, 'contains')
  }

  /**
   * Refuses: the partition's root is not a subspace.
   * @throws FoundError (invalidOption) always
   * @example
   * ```ts
   * acme.subspace(['x']) // throws
   * ```
   */
  override subspace(_items: readonly TupleItem[]): Subspace {
    throw partitionRootError(this, 'subspace')
  }
}
