/**
 * The `@foundkit/eavstore` layer. Not built yet: this package is a placeholder
 * so that the workspace, its build and its docs have a home for it.
 *
 * @packageDocumentation
 */

/** The name of this layer, as it appears in keys and error messages. */
export const LAYER_NAME = 'eavstore'
