/**
 * `@foundkit/cli`: the `foundkit` command line, and the functions it uses to
 * print and read keys, usable from code.
 *
 * ```sh
 * foundkit --path ./data set '("users", 42)' Ada
 * foundkit --path ./data range --prefix '("users")'
 * foundkit --path ./data export > backup.jsonl
 * ```
 *
 * @packageDocumentation
 */
export { main } from './main.js'
export type { CliIo } from './io.js'
export { UserError } from './errors.js'
export { DEFAULT_PATH, type EngineChoice } from './database.js'
export { DEFAULT_DIRECTORIES } from './layers.js'
export { formatKey, parseKey, formatValue, parseValue } from './text/keys.js'
export { formatTuple, parseTuple } from './text/tuple.js'
export { escapeBytes, unescapeBytes } from './text/escape.js'
