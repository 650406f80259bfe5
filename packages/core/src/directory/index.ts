/**
 * The directory layer, compatible with FoundationDB's official bindings.
 *
 * @module
 */
export {
  DirectoryLayer,
  DirectorySubspace,
  DirectoryPartition,
  directory,
  PARTITION_LAYER,
  type DirectoryPath,
  type DirectoryLayerOptions,
  type DirectoryOpenOptions,
  type DirectoryCreateOptions,
} from './layer.js'
