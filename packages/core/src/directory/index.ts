/**
 * The directory layer, compatible with FoundationDB's official bindings.
 *
 * @module
 */
export { DirectoryLayer, directory } from './layer.js'
export { DirectorySubspace } from './subspace.js'
export { DirectoryPartition } from './partition.js'
export { PARTITION_LAYER } from './layout.js'
export type { DirectoryPath, DirectoryLayerOptions, DirectoryOpenOptions, DirectoryCreateOptions } from './options.js'
