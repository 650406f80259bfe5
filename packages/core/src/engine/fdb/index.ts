/**
 * The FoundationDB cluster driver: a foundkit engine backed by the
 * `foundationdb` npm binding (an optional peer dependency, loaded only when
 * `openFdbEngine` is called).
 *
 * @module
 */
export { openFdbEngine } from './open.js'
export { DEFAULT_API_VERSION, MAX_API_VERSION, MIN_API_VERSION, type FdbEngineOptions } from './options.js'
