/**
 * The query string syntax: words, `"quoted phrases"`, `-excluded` words or
 * phrases, and `prefix*` words.
 *
 * @module
 */
import { foldAccents, type Analyzer } from './analyzer.js'

/** One clause of a parsed query. */
export interface Clause {
  /** `term`: one analyzed term; `prefix`: every term starting with `text`; `phrase`: consecutive terms. */
  readonly kind: 'term' | 'prefix' | 'phrase'
  /** The analyzed term (`term`), the folded lowercase prefix (`prefix`), or the phrase's terms. */
  readonly terms: readonly string[]
  /** Whether the clause excludes the documents it matches (`-word`). */
  readonly excluded: boolean
}

/** `-`? then a quoted phrase or a run of non-space characters. */
const PART = /(-?)(?:"([^"]*)"?|(\S+))/g

/**
 * Parses a query string into clauses, analyzing words as the index does. A
 * word that analyzes to several terms (`e-mail`) is a phrase; one that
 * analyzes to none (a stop word) is dropped; a repeated clause counts once.
 */
export function parseQuery(text: string, analyzer: Analyzer): Clause[] {
  const clauses: Clause[] = []
  for (const m of text.matchAll(PART)) {
    const excluded = m[1] === '-'
    const quoted = m[2]
    const word = m[3]
    if (quoted !== undefined) {
      const terms = analyzer.terms(quoted)
      if (terms.length > 0) clauses.push({ kind: terms.length === 1 ? 'term' : 'phrase', terms, excluded })
      continue
    }
    if (word === undefined) continue
    if (word.endsWith('*')) {
      const prefix = foldAccents(word.slice(0, -1).toLowerCase()).replace(/[^\p{L}\p{M}\p{N}]/gu, '')
      if (prefix !== '') clauses.push({ kind: 'prefix', terms: [prefix], excluded })
      continue
    }
    const terms = analyzer.terms(word)
    if (terms.length === 1) clauses.push({ kind: 'term', terms, excluded })
    else if (terms.length > 1) clauses.push({ kind: 'phrase', terms, excluded })
  }
  // A repeated clause ("apple apple", or "apples apple" once stemmed) counts once.
  const seen = new Set<string>()
  return clauses.filter((c) => {
    const key = JSON.stringify([c.kind, c.excluded, c.terms])
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
