/**
 * Directory paths as the command line reads them: `app/users`, or a tuple of
 * strings `("app", "users")` for names that hold a `/`.
 *
 * @module
 */
import { UserError } from '../errors.js'
import { parseTuple } from './tuple.js'

/** Reads a directory path. @internal */
export function parsePath(text: string, what = '--dir'): string[] {
  if (text.trimStart().startsWith('(')) {
    const items = parseTuple(text)
    if (!items.every((item): item is string => typeof item === 'string')) throw new UserError(`${what}: a directory path holds only strings, got ${text}`)
    return items
  }
  const names = text.split('/').filter((name) => name !== '')
  if (names.length === 0) throw new UserError(`${what}: expected a directory path such as app/users, got ${JSON.stringify(text)}`)
  return names
}

/** Prints a directory path for messages. @internal */
export function formatPath(path: readonly string[]): string {
  return path.some((name) => name.includes('/')) ? `(${path.map((n) => JSON.stringify(n)).join(', ')})` : path.join('/')
}
