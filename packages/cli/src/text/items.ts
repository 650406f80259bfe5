/**
 * Tuple items typed one per argument, for the layer commands: a literal of
 * the tuple syntax (`42`, `1.5`, `"42"`, `null`, `true`, `b"\x00"`, `(1, 2)`)
 * is that item; any other text is a string (`ada`). In a pattern, `?name` is
 * a variable.
 *
 * @module
 */
import type { TupleItem } from '@foundkit/core'
import { UserError } from '../errors.js'
import { formatTuple, parseTuple } from './tuple.js'

/** Reads one item: a tuple-syntax literal, or else the text as a string. @internal */
export function parseItem(text: string): TupleItem {
  try {
    const items = parseTuple(`(${text})`)
    if (items.length === 1 && !text.includes(',')) return items[0]!
  } catch {
    // not a literal: a string
  }
  return text
}

/** Prints one item as the tuple syntax does (`"ada"`, `42`). @internal */
export function formatItem(item: TupleItem): string {
  return formatTuple([item]).slice(1, -1)
}

/** A pattern item: a variable's name, or an item. @internal */
export type PatternItem = { readonly variable: string } | { readonly item: TupleItem }

/**
 * Splits one pattern argument into items: `'?who wrote "a book"'` →
 * variable `who`, `'wrote'`, `'a book'`. Quoted strings, `b"..."` and
 * parenthesized tuples stay whole. @internal
 */
export function parsePattern(text: string): PatternItem[] {
  const tokens = text.match(/b?"(?:[^"\\]|\\.)*"|\([^)]*\)|\S+/g) ?? []
  if (tokens.length === 0) throw new UserError(`nstore: an empty pattern`)
  return tokens.map((token) => {
    if (!token.startsWith('?')) return { item: parseItem(token) }
    const name = token.slice(1)
    if (!/^\w+$/.test(name)) throw new UserError(`nstore: a variable is ?name (letters, digits, _), got ${token}`)
    return { variable: name }
  })
}
