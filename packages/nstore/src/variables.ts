/**
 * Variables, patterns and bindings: what nstore queries are made of.
 *
 * @module
 */
import type { TupleItem } from '@foundkit/core'
import { describe } from './checks.js'

/**
 * A named hole in a pattern (found's `var`), made with {@link v}. A query
 * fills it with the items of the matching tuples. Frozen; two variables
 * with the same name are the same variable.
 *
 * @example
 * ```ts
 * const who = nstore.v('who')
 * who.name // 'who'
 * ```
 */
export class Variable {
  /**
   * The variable's name: the key of its value in a binding.
   * @example
   * ```ts
   * nstore.v('title').name // 'title'
   * ```
   */
  readonly name: string

  /** @internal Use {@link v}. */
  constructor(name: string) {
    this.name = name
    Object.freeze(this)
  }
}

/**
 * Makes a {@link Variable} called `name`, for use in patterns.
 *
 * @param name - a non-empty string: the key of the variable's value in each binding
 * @throws TypeError when `name` is not a non-empty string
 * @example
 * ```ts
 * const [book, author] = [nstore.v('book'), nstore.v('author')]
 * nstore.query(db, library, [book, 'written-by', author])
 * ```
 */
export function v(name: string): Variable {
  if (typeof name !== 'string' || name.length === 0) throw new TypeError(`nstore.v: name must be a non-empty string, got ${describe(name)}`)
  return new Variable(name)
}

/**
 * Whether `x` is a {@link Variable}.
 *
 * @example
 * ```ts
 * nstore.isVariable(nstore.v('x')) // true
 * nstore.isVariable('x')           // false
 * ```
 */
export function isVariable(x: unknown): x is Variable {
  return x instanceof Variable
}

/**
 * A pattern: one tuple item or {@link Variable} per column of the store.
 *
 * @example
 * ```ts
 * const pattern: Pattern = [nstore.v('book'), 'written-by', 'Ada']
 * ```
 */
export type Pattern = readonly (TupleItem | Variable)[]

/**
 * One answer of a query: each variable's name mapped to the item it is bound to.
 *
 * @example
 * ```ts
 * const answer: Bindings = { book: 'hyper.dev', author: 'Ada' }
 * ```
 */
export type Bindings = Record<string, TupleItem>
