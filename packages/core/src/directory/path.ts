/**
 * Directory paths: checking and normalizing what users pass.
 *
 * @module
 * @internal
 */
import { ErrorCode, FoundError } from '../errors.js'
import { describe } from '../keys/bytes.js'

/** A lone (unpaired) UTF-16 surrogate: such a string has no UTF-8 form. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/**
 * Turns a path argument into a fresh array of names: a string is a path of
 * one name; an array must hold non-empty, well-formed strings.
 *
 * @throws TypeError when `path` is neither a string nor an array of strings
 * @throws FoundError (invalidArgument) for an empty name
 * @internal
 */
export function toPath(path: unknown, what: string): string[] {
  const names: unknown[] = typeof path === 'string' ? [path] : Array.isArray(path) ? path : []
  if (typeof path !== 'string' && !Array.isArray(path)) {
    throw new TypeError(`${what}: a path must be a string or an array of strings, got ${describe(path)}`)
  }
  const out: string[] = []
  for (let i = 0; i < names.length; i++) {
    const name = names[i]
    if (typeof name !== 'string') {
      throw new TypeError(`${what}: every name of a path must be a string, but element ${i} is ${describe(name)}`)
    }
    if (name === '') {
      throw new FoundError(
        ErrorCode.invalidArgument,
        `${what}: a path cannot contain an empty name (element ${i} of ${formatPath(names.map(String))} is empty)`,
      )
    }
    if (LONE_SURROGATE.test(name)) {
      throw new TypeError(`${what}: element ${i} of the path has a lone UTF-16 surrogate, so it has no UTF-8 form`)
    }
    out.push(name)
  }
  return out
}

/** A path for error messages: `["app","users"]`, `[]` for the root. @internal */
export function formatPath(path: readonly string[]): string {
  return JSON.stringify(path)
}

/** Whether `path` starts with all of `prefix`. @internal */
export function pathStartsWith(path: readonly string[], prefix: readonly string[]): boolean {
  if (path.length < prefix.length) return false
  for (let i = 0; i < prefix.length; i++) if (path[i] !== prefix[i]) return false
  return true
}
