/**
 * Subspaces: key prefixes with tuple semantics.
 *
 * @module
 */
export { Subspace } from './subspace.js'
