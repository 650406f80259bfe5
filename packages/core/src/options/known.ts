import { closest, distance as distanceOf } from 'fastest-levenshtein'
import { describe } from '../keys/bytes.js'

/**
 * Checks an options object: it must be absent or a plain object, and every
 * key it has must be one of `known`. A misspelt option is the most silent
 * mistake there is (`open({ pth: './data' })` would quietly give an
 * in-memory database), so every options object of foundkit's public API, and
 * of its layers, goes through this check.
 *
 * Keys whose value is `undefined` are checked too: `{ pth: undefined }` is
 * still a typo.
 *
 * @param what - the operation, first in the message (e.g. `'open'`)
 * @param options - the caller's options, or `undefined`
 * @param known - every key the operation accepts
 * @returns `options`, typed, or an empty object when it was `undefined`
 * @throws TypeError when `options` is not a plain object, or has a key that
 *   is not in `known`; the message names the key and the closest known one
 * @example
 * ```ts
 * requireKnownOptions('open', { pth: './data' }, ['path', 'engine'])
 * // throws TypeError: open: unknown option "pth" (did you mean "path"?); known options: path, engine
 * ```
 */
export function requireKnownOptions<T extends object>(what: string, options: T | undefined, known: readonly string[]): T {
  if (options === undefined) return {} as T
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${what}: options must be an object, got ${describe(options)}`)
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue
    throw new TypeError(`${what}: unknown option ${JSON.stringify(key)}${suggestion(key, known)}; known options: ${known.join(', ')}`)
  }
  return options
}

/** ` (did you mean "path"?)` when a known key is close enough to be the intended one. */
function suggestion(key: string, known: readonly string[]): string {
  if (known.length === 0) return ''
  const lower = key.toLowerCase()
  const caseOnly = known.find((k) => k.toLowerCase() === lower)
  const best = caseOnly ?? closest(key, known as string[])
  // A suggestion far from what was typed is noise: keep those within about a third of the name.
  return caseOnly !== undefined || editDistanceWithin(key, best) ? ` (did you mean ${JSON.stringify(best)}?)` : ''
}

function editDistanceWithin(a: string, b: string): boolean {
  const limit = Math.max(2, Math.ceil(Math.max(a.length, b.length) / 3))
  return distanceOf(a.toLowerCase(), b.toLowerCase()) <= limit
}
