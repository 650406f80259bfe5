/**
 * `@foundkit/core`: FoundationDB-style transactions, the tuple encoding and
 * the embedded engine.
 *
 * @packageDocumentation
 */
export { FoundError } from './errors.js'
