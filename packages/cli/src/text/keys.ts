/**
 * Keys and values as the command line shows and reads them: a tuple when the
 * bytes are a packed tuple, fdbcli's escaped bytes otherwise.
 *
 * @module
 */
import { pack, unpack } from '@foundkit/core'
import { escapeBytes, unescapeBytes } from './escape.js'
import { formatTuple, parseTuple } from './tuple.js'

/**
 * Prints a key: as a tuple (`("users", 42)`) when it is exactly a packed
 * tuple, otherwise as fdbcli's escaped bytes (`\x01raw\xff`, with a leading
 * `(` written `\x28` so that it never reads as a tuple). {@link parseKey}
 * reads either form back to the same bytes.
 *
 * @param key - the key's bytes
 * @example
 * ```ts
 * formatKey(pack(['users', 42]))  // '("users", 42)'
 * formatKey(Buffer.from('hello')) // 'hello'
 * ```
 */
export function formatKey(key: Uint8Array): string {
  try {
    // Printed as a tuple only when the text reads back to the very same bytes.
    const text = formatTuple(unpack(key))
    if (Buffer.from(pack(parseTuple(text))).equals(Buffer.from(key))) return text
  } catch {
    // not a tuple: print the bytes
  }
  return escapeBytes(key, '(')
}

/**
 * Reads a key typed on the command line: text starting with `(` is a tuple
 * and is packed; anything else is fdbcli's escaped bytes (`\xNN`, `\\`).
 *
 * @param text - the key as typed
 * @param what - names the argument in error messages
 * @throws FoundError invalidArgument for a malformed tuple or escape
 * @example
 * ```ts
 * parseKey('("users", 42)') // pack(['users', 42])
 * parseKey('a\\x00b')       // <Buffer 61 00 62>
 * ```
 */
export function parseKey(text: string, what = 'key'): Buffer {
  if (text.trimStart().startsWith('(')) return Buffer.from(pack(parseTuple(text)))
  return unescapeBytes(text, what)
}

/**
 * Prints a value: always fdbcli's escaped bytes (a value is rarely a tuple,
 * and guessing would mislead); a leading `(` is written `\x28`.
 *
 * @param value - the value's bytes
 * @example
 * ```ts
 * formatValue(Buffer.from('Ada\n')) // 'Ada\\x0a'
 * ```
 */
export function formatValue(value: Uint8Array): string {
  return escapeBytes(value, '(')
}

/**
 * Reads a value typed on the command line, as {@link parseKey} reads a key:
 * a tuple when it starts with `(`, escaped bytes otherwise.
 *
 * @param text - the value as typed
 * @example
 * ```ts
 * parseValue('Ada') // <Buffer 41 64 61>
 * ```
 */
export function parseValue(text: string): Buffer {
  return parseKey(text, 'value')
}
