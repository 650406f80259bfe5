/**
 * The FoundationDB tuple layer: {@link pack}, {@link unpack},
 * {@link packWithVersionstamp} and {@link compareTuples}, byte for byte
 * compatible with the official bindings (design/tuple.md).
 *
 * @module
 */
export { pack, packWithVersionstamp } from './encode.js'
export { unpack } from './decode.js'
export { compareTuples } from './order.js'
export { Float32, Float64, float32, float64 } from './floats.js'
export { Uuid } from './uuid.js'
export { Versionstamp } from './versionstamp.js'
export type { TupleItem } from './item.js'
