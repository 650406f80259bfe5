/**
 * Tuples as text, in FoundationDB's tuple printing style: `("users", 42)`.
 *
 * | item | text |
 * |---|---|
 * | null, booleans | `null`, `true`, `false` |
 * | integers (number or bigint) | `42`, `-7`, `123456789012345678901234567890` |
 * | doubles | `0.5`, `1.0`, `-0.0`, `1e+300`, `inf`, `-inf`, `nan` (always a `.`, an exponent or a name) |
 * | floats (`Float32`) | the same with an `f`: `1.5f`, `nanf` |
 * | strings | JSON strings: `"users"`, `"tab\there"` |
 * | byte strings | `b"..."` with fdbcli escapes: `b"\x00\xff"` |
 * | UUIDs, versionstamps | `Uuid(6ba7b810-9dad-11d1-80b4-00c04fd430c8)`, `Versionstamp(<24 hex digits>)` |
 * | nested tuples | `("a", (1, 2))`; `()` is the empty tuple; a trailing comma is allowed |
 *
 * @module
 */
import { ErrorCode, FoundError, Float32, Float64, Uuid, Versionstamp, type TupleItem } from '@foundkit/core'
import { escapeBytes, unescapeBytes } from './escape.js'

function formatDouble(n: number): string {
  if (Number.isNaN(n)) return 'nan'
  if (n === Infinity) return 'inf'
  if (n === -Infinity) return '-inf'
  if (Object.is(n, -0)) return '-0.0'
  const s = String(n)
  return /[.e]/.test(s) ? s : `${s}.0`
}

function formatItem(item: TupleItem): string {
  if (item === null) return 'null'
  if (typeof item === 'boolean' || typeof item === 'bigint') return String(item)
  if (typeof item === 'number') return Number.isSafeInteger(item) && !Object.is(item, -0) ? String(item) : formatDouble(item)
  if (typeof item === 'string') return JSON.stringify(item)
  if (item instanceof Uint8Array) return `b"${escapeBytes(item).replaceAll('"', '\\x22')}"`
  if (item instanceof Float32) return `${formatDouble(item.value)}f`
  if (item instanceof Float64) return formatDouble(item.value)
  if (item instanceof Uuid) return `Uuid(${item.toString()})`
  if (item instanceof Versionstamp) return `Versionstamp(${Buffer.from(item.toBytes()).toString('hex')})`
  return formatTuple(item)
}

/**
 * Prints a tuple as FoundationDB's bindings do: `("users", 42)`. The text
 * reads back with {@link parseTuple} into a tuple that packs to the same bytes.
 *
 * @param items - the tuple
 * @example
 * ```ts
 * formatTuple(['users', 42, null, Buffer.from([0])]) // '("users", 42, null, b"\\x00")'
 * ```
 */
export function formatTuple(items: readonly TupleItem[]): string {
  return `(${items.map(formatItem).join(', ')})`
}

const NUMBER = /^([-+]?(?:inf|nan|\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?))(f?)/
const UUID = /^Uuid\(([0-9a-fA-F-]{32,36})\)/
const VERSIONSTAMP = /^Versionstamp\(([0-9a-fA-F]{24})\)/

/** A cursor over the text being parsed. */
class Reader {
  at = 0
  constructor(readonly text: string) {}

  fail(expected: string): never {
    const found = this.at < this.text.length ? JSON.stringify(this.text.slice(this.at, this.at + 10)) : 'the end'
    throw new FoundError(ErrorCode.invalidArgument, `tuple: expected ${expected} at ${this.at}, got ${found} in ${this.text}`)
  }

  skipSpaces(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at]!)) this.at++
  }

  /** The index of the `"` closing a quoted text that starts at `this.at` (a `"`). */
  closingQuote(): number {
    for (let i = this.at + 1; i < this.text.length; i++) {
      if (this.text[i] === '\\') i++
      else if (this.text[i] === '"') return i
    }
    return this.fail('a closing "')
  }

  tuple(): TupleItem[] {
    if (this.text[this.at] !== '(') this.fail('(')
    this.at++
    const items: TupleItem[] = []
    for (;;) {
      this.skipSpaces()
      if (this.text[this.at] === ')') break
      items.push(this.item())
      this.skipSpaces()
      if (this.text[this.at] === ',') this.at++
      else if (this.text[this.at] !== ')') this.fail('"," or ")"')
    }
    this.at++
    return items
  }

  item(): TupleItem {
    const rest = this.text.slice(this.at)
    const c = rest[0]
    if (c === '(') return this.tuple()
    if (c === '"') {
      const end = this.closingQuote()
      const quoted = this.text.slice(this.at, end + 1)
      this.at = end + 1
      try {
        return JSON.parse(quoted) as string
      } catch {
        throw new FoundError(ErrorCode.invalidArgument, `tuple: ${quoted} is not a valid JSON string`)
      }
    }
    if (rest.startsWith('b"')) {
      this.at++
      const end = this.closingQuote()
      const bytes = unescapeBytes(this.text.slice(this.at + 1, end), 'tuple: byte string')
      this.at = end + 1
      return bytes
    }
    for (const [word, value] of [['null', null], ['true', true], ['false', false]] as const) {
      if (rest.startsWith(word) && !/\w/.test(rest[word.length] ?? '')) {
        this.at += word.length
        return value
      }
    }
    const uuid = UUID.exec(rest)
    if (uuid !== null) {
      this.at += uuid[0].length
      return Uuid.fromString(uuid[1]!)
    }
    const stamp = VERSIONSTAMP.exec(rest)
    if (stamp !== null) {
      this.at += stamp[0].length
      return Versionstamp.fromBytes(Buffer.from(stamp[1]!, 'hex'))
    }
    const number = NUMBER.exec(rest)
    if (number === null) return this.fail('a tuple item')
    this.at += number[0].length
    return numberOf(number[1]!, number[2] === 'f')
  }
}

function numberOf(body: string, isFloat: boolean): TupleItem {
  const sign = body.startsWith('-') ? -1 : 1
  const unsigned = body.replace(/^[-+]/, '')
  if (!isFloat && /^\d+$/.test(unsigned)) {
    const big = BigInt(body)
    return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big
  }
  const value = unsigned === 'inf' ? sign * Infinity : unsigned === 'nan' ? NaN : Number(body)
  return isFloat ? new Float32(value) : new Float64(value)
}

/**
 * Reads a tuple printed by {@link formatTuple} (or typed by hand in the same
 * syntax): `("users", 42)`.
 *
 * @param text - the tuple's text, starting with `(`
 * @throws FoundError invalidArgument, naming the position, for text that is not a tuple
 * @example
 * ```ts
 * parseTuple('("users", 42, b"\\x00", 1.5)') // ['users', 42, <Buffer 00>, Float64 { value: 1.5 }]
 * ```
 */
export function parseTuple(text: string): TupleItem[] {
  const reader = new Reader(text)
  reader.skipSpaces()
  const items = reader.tuple()
  reader.skipSpaces()
  if (reader.at !== text.length) reader.fail('the end of the tuple')
  return items
}
