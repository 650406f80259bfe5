/**
 * Bytes as text in fdbcli's style: printable ASCII as itself, a backslash as
 * `\\`, every other byte as `\xNN`.
 *
 * @module
 */
import { ErrorCode, FoundError } from '@foundkit/core'

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/**
 * Writes bytes the way fdbcli prints them: printable ASCII (space to `~`) as
 * itself, `\` as `\\`, every other byte as `\xNN`. The result never holds a
 * tab, a newline or a non-ASCII character, so it fits on one line.
 *
 * @param bytes - the bytes to print
 * @param escapeFirst - characters that are escaped as `\xNN` when they come
 *   first (the key printer escapes a leading `(` so that bytes never read as a tuple)
 * @example
 * ```ts
 * escapeBytes(Buffer.from('a\x00b\\')) // 'a\\x00b\\\\', printed as a\x00b\\
 * ```
 */
export function escapeBytes(bytes: Uint8Array, escapeFirst = ''): string {
  let out = ''
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!
    if (b === 0x5c) out += '\\\\'
    else if (b >= 0x20 && b <= 0x7e && !(i === 0 && escapeFirst.includes(String.fromCharCode(b)))) out += String.fromCharCode(b)
    else out += `\\x${HEX[b]}`
  }
  return out
}

/**
 * Reads fdbcli's escaped form back: `\xNN` is one byte, `\\` a backslash,
 * every other character is its UTF-8 bytes (so `é` is two bytes).
 *
 * @param text - the escaped text
 * @param what - names the argument in error messages
 * @throws FoundError invalidArgument for a `\` not followed by `\` or `xNN`
 * @example
 * ```ts
 * unescapeBytes('a\\x00b') // <Buffer 61 00 62>
 * ```
 */
export function unescapeBytes(text: string, what = 'bytes'): Buffer {
  const parts: Buffer[] = []
  let plain = ''
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (c !== '\\') {
      plain += c
      continue
    }
    const next = text[i + 1]
    if (next === '\\') {
      plain += '\\'
      i++
    } else if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 2, i + 4))) {
      parts.push(Buffer.from(plain, 'utf8'), Buffer.from([parseInt(text.slice(i + 2, i + 4), 16)]))
      plain = ''
      i += 3
    } else {
      throw new FoundError(ErrorCode.invalidArgument, `${what}: a backslash must start \\\\ or \\xNN, got ${JSON.stringify(text.slice(i, i + 4))} at ${i} in ${JSON.stringify(text)}`)
    }
  }
  parts.push(Buffer.from(plain, 'utf8'))
  return Buffer.concat(parts)
}
