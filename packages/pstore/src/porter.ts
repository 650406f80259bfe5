/**
 * natural's English Porter stemmer (`natural/lib/natural/stemmers/porter_stemmer.js`,
 * natural 8.x), step by step and with the same results, but working on the
 * characters instead of chains of regular-expression replaces (natural's
 * makes ~4 KB of garbage per word, the largest share of what indexing
 * allocates). Each function says which of natural's it mirrors; the
 * quirks are kept on purpose (a `y` after a consonant run is its own vowel
 * group, so a measure can be fractional; step 2 and 3 measure the original
 * word but replace in the running result). Its tests compare it with
 * natural's stemmer on random words and on a word list.
 *
 * @module
 */

/** Whether the unit is one of a, e, i, o, u. */
function isVowel(c: number): boolean {
  return c === 97 || c === 101 || c === 105 || c === 111 || c === 117
}

/** Whether the unit is one of a, e, i, o, u, y. */
function isVowelOrY(c: number): boolean {
  return isVowel(c) || c === 121
}

/**
 * natural's `measure`: the length / 2 of its group string (consonant runs
 * → C, runs of a/e/i/o/u → V, a `y` after a consonant → V of its own) less a
 * leading C and a trailing V; -1 for the empty word.
 */
export function measure(word: string): number {
  const n = word.length
  if (n === 0) return -1
  let groups = 0
  let first = -1 // 0: C, 1: V
  let last = -1
  let previous = -1 // the previous group: 0 C, 1 V (a/e/i/o/u run), 2 V (a y)
  for (let i = 0; i < n; i++) {
    const c = word.charCodeAt(i)
    let kind: number
    if (isVowel(c)) kind = 1
    else if (c === 121 && i > 0 && !isVowelOrY(word.charCodeAt(i - 1))) kind = 2
    else kind = 0
    // A consonant joins a consonant run, a vowel a vowel run; a y-vowel is always a group of its own.
    if (kind === previous && kind !== 2) continue
    previous = kind
    groups++
    if (first === -1) first = kind === 0 ? 0 : 1
    last = kind === 0 ? 0 : 1
  }
  let length = groups
  if (first === 0) length--
  if (last === 1 && length > 0) length--
  return length / 2
}

/** natural's `categorizeGroups(word).indexOf('V') >= 0` over `word` less its last `drop` groups (0 or 1). */
function hasVowelGroup(word: string, dropLastGroup: boolean): boolean {
  const n = word.length
  let previous = -1
  let groups = 0
  let vowelGroups = 0
  let lastIsVowel = false
  for (let i = 0; i < n; i++) {
    const c = word.charCodeAt(i)
    const kind = isVowel(c) ? 1 : c === 121 && i > 0 && !isVowelOrY(word.charCodeAt(i - 1)) ? 2 : 0
    if (kind === previous && kind !== 2) continue
    previous = kind
    groups++
    lastIsVowel = kind !== 0
    if (kind !== 0) vowelGroups++
  }
  return (dropLastGroup && lastIsVowel ? vowelGroups - 1 : vowelGroups) > 0
}

/** natural's `categorizeChars(word)[at]`: V for a/e/i/o/u and a y after a non-(a/e/i/o/u/y), else C. */
function charIsV(word: string, at: number): boolean {
  const c = word.charCodeAt(at)
  return isVowel(c) || (c === 121 && at > 0 && !isVowelOrY(word.charCodeAt(at - 1)))
}

/** Whether natural's `categorizeChars(word).substr(start, 3)` is 'CVC' (`start` as substr takes it). */
function isCvcAt(word: string, start: number): boolean {
  const from = start < 0 ? Math.max(0, word.length + start) : start
  if (word.length - from < 3) return false
  return !charIsV(word, from) && charIsV(word, from + 1) && !charIsV(word, from + 2)
}

function step1a(word: string): string {
  if (word.endsWith('sses') || word.endsWith('ies')) return word.slice(0, -2)
  const n = word.length
  if (word.charCodeAt(n - 1) === 115 && word.charCodeAt(n - 2) !== 115 && n > 2) return word.slice(0, -1)
  return word
}

function step1b(word: string): string {
  if (word.endsWith('eed')) return measure(word.slice(0, -3)) > 0 ? word.slice(0, -1) : word
  const stem = word.endsWith('ed') ? word.slice(0, -2) : word.endsWith('ing') ? word.slice(0, -3) : null
  // natural: an empty stem is falsy (the word stays); a stem without a vowel group gives null (the word stays).
  if (stem === null || stem === '' || !hasVowelGroup(stem, false)) return word
  if (stem.endsWith('at') || stem.endsWith('bl') || stem.endsWith('iz')) return stem + 'e'
  const n = stem.length
  const last = stem.charCodeAt(n - 1)
  if (n >= 2 && last === stem.charCodeAt(n - 2) && !isVowel(last) && last !== 108 && last !== 115 && last !== 122) return stem.slice(0, -1)
  if (measure(stem) === 1 && isCvcAt(stem, -3) && last !== 119 && last !== 120 && last !== 121) return stem + 'e'
  return stem
}

function step1c(word: string): string {
  return word.endsWith('y') && hasVowelGroup(word, true) ? word.slice(0, -1) + 'i' : word
}

/** [suffix, replacement] of natural's step 2 and step 3, in natural's order. */
const STEP2: ReadonlyArray<readonly [string, string]> = [
  ['ational', 'ate'], ['tional', 'tion'], ['enci', 'ence'], ['anci', 'ance'], ['izer', 'ize'], ['abli', 'able'], ['bli', 'ble'],
  ['alli', 'al'], ['entli', 'ent'], ['eli', 'e'], ['ousli', 'ous'], ['ization', 'ize'], ['ation', 'ate'], ['ator', 'ate'],
  ['alism', 'al'], ['iveness', 'ive'], ['fulness', 'ful'], ['ousness', 'ous'], ['aliti', 'al'], ['iviti', 'ive'], ['biliti', 'ble'], ['logi', 'log'],
]
const STEP3: ReadonlyArray<readonly [string, string]> = [['icate', 'ic'], ['ative', ''], ['alize', 'al'], ['iciti', 'ic'], ['ical', 'ic'], ['ful', ''], ['ness', '']]

/**
 * natural's `replacePatterns(word, patterns, 0)`: each pattern whose suffix
 * ends the original word with a stem of measure > 0 replaces that suffix in
 * the running result, if the result still ends with it.
 */
function replacePatterns(word: string, patterns: ReadonlyArray<readonly [string, string]>): string {
  let result = word
  for (const [suffix, replacement] of patterns) {
    if (!word.endsWith(suffix) || measure(word.slice(0, word.length - suffix.length)) <= 0) continue
    if (!result.endsWith(suffix)) continue
    const replaced = result.slice(0, result.length - suffix.length) + replacement
    if (replaced !== '') result = replaced
  }
  return result
}

const STEP4 = ['al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ou', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize'].sort((a, b) => b.length - a.length)

function step4(word: string): string {
  // natural: /^(.+?)(al|...|ize)$/ takes the longest listed suffix with a non-empty stem before it.
  for (const suffix of STEP4) {
    if (word.length > suffix.length && word.endsWith(suffix)) {
      const stem = word.slice(0, word.length - suffix.length)
      if (measure(stem) > 1) return stem
      break
    }
  }
  if (word.length > 4 && (word.endsWith('sion') || word.endsWith('tion'))) {
    const stem = word.slice(0, -3)
    if (measure(stem) > 1) return stem
  }
  return word
}

function step5a(word: string): string {
  const withoutE = word.endsWith('e') ? word.slice(0, -1) : word
  const m = measure(withoutE)
  const n = word.length
  if (m > 1 || (m === 1 && !(isCvcAt(word, -4) && n >= 2 && !isWxy(word.charCodeAt(n - 2))))) return withoutE
  return word
}

function isWxy(c: number): boolean {
  return c === 119 || c === 120 || c === 121
}

function step5b(word: string): string {
  return measure(word) > 1 && word.endsWith('ll') ? word.slice(0, -1) : word
}

/**
 * What natural's English `PorterStemmer.stem(word)` returns for `word`.
 * @example
 * ```ts
 * stemEnglish('running') // 'run'
 * ```
 * @internal
 */
export function stemEnglish(word: string): string {
  if (word.length < 3) return word
  return step5b(step5a(step4(replacePatterns(replacePatterns(step1c(step1b(step1a(word.toLowerCase()))), STEP2), STEP3))))
}
