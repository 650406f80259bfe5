/**
 * Finding the words of a text and what each became, without a string per
 * word: the analyzer walks the text's UTF-16 units, hashes each word as it
 * goes, and looks the word up by its place in the text in a hash table of
 * the words seen before. Only a word seen for the first time is cut out as a
 * string (to be stemmed and kept). A text of 1,000 words thus makes no
 * garbage once its words are known, where `split` makes an array and 1,000
 * strings, each then hashed again by a `Map`.
 *
 * @module
 */

/** A word character: a letter, mark or digit (Unicode), as the analyzer's WORD pattern says. */
const WORD_CHAR = /^[\p{L}\p{M}\p{N}]$/u

/** Per UTF-16 unit: 0 not known yet (always, for surrogates), 1 a word character, 2 not one. */
const unitKinds = new Uint8Array(0x10000)
for (let c = 0; c < 0x80; c++) unitKinds[c] = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) ? 1 : 2
/** Code points above 0xffff (surrogate pairs) → whether they are word characters. */
const astralKinds = new Map<number, boolean>()

/**
 * How many UTF-16 units the character at `i` takes when it is a word
 * character (1, or 2 for a surrogate pair), else 0. A lone surrogate is not a
 * word character (as for the `u` regular expressions).
 * @internal
 */
export function wordCharWidth(text: string, i: number): number {
  const c = text.charCodeAt(i)
  let kind = unitKinds[c]!
  if (kind === 1) return 1
  if (kind === 2) return 0
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const low = text.charCodeAt(i + 1)
    if (low >= 0xdc00 && low <= 0xdfff) {
      const point = (c - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000
      let word = astralKinds.get(point)
      if (word === undefined) astralKinds.set(point, (word = WORD_CHAR.test(String.fromCodePoint(point))))
      return word ? 2 : 0
    }
  }
  // A surrogate is never remembered: a high one may start a pair next time.
  if (c >= 0xd800 && c <= 0xdfff) return 0
  kind = unitKinds[c] = WORD_CHAR.test(String.fromCharCode(c)) ? 1 : 2
  return kind === 1 ? 1 : 0
}

/** The hash of a word, one UTF-16 unit at a time (FNV-1a): start from {@link HASH_SEED}. @internal */
export function hashUnit(hash: number, unit: number): number {
  return Math.imul(hash ^ unit, 16777619)
}

/** The hash of the empty word. @internal */
export const HASH_SEED = 0x811c9dc5 | 0

/** What {@link WordCache.get} returns for a word it does not hold. @internal */
export const ABSENT = -2

/**
 * Word → number (the analyzer's term id, or -1), an open-addressing hash
 * table looked up by a word's place in a text. A slot's hash and number lie
 * side by side in one Int32Array (one memory access finds both; the number
 * is stored plus 2, so 0 marks an empty slot), and the word is read only
 * when the hash matches. @internal
 */
export class WordCache {
  /** Per slot: [hash, number + 2] (0: empty). */
  #slots = new Int32Array(2 * 1024)
  #words: Array<string | undefined> = new Array<string | undefined>(1024)
  #size = 0

  /** How many words it holds. */
  get size(): number {
    return this.#size
  }

  /** The number kept for `text[start, end)` (whose hash is `hash`), or {@link ABSENT}. */
  get(text: string, start: number, end: number, hash: number): number {
    const slots = this.#slots
    const mask = this.#words.length - 1
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const stored = slots[2 * slot + 1]!
      if (stored === 0) return ABSENT
      if (slots[2 * slot] === hash) {
        const word = this.#words[slot]!
        if (word.length === end - start && sameUnits(word, text, start)) return stored - 2
      }
    }
  }

  /** Keeps `value` for `word` (not held yet), whose hash is `hash`. */
  set(word: string, hash: number, value: number): void {
    if (2 * (this.#size + 1) > this.#words.length) this.#grow()
    this.#place(word, hash, value + 2)
    this.#size++
  }

  /** Forgets every word. */
  clear(): void {
    this.#slots = new Int32Array(2 * 1024)
    this.#words = new Array<string | undefined>(1024)
    this.#size = 0
  }

  #place(word: string, hash: number, stored: number): void {
    const mask = this.#words.length - 1
    let slot = hash & mask
    while (this.#slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask
    this.#slots[2 * slot] = hash
    this.#slots[2 * slot + 1] = stored
    this.#words[slot] = word
  }

  #grow(): void {
    const slots = this.#slots
    const words = this.#words
    this.#slots = new Int32Array(2 * 2 * words.length)
    this.#words = new Array<string | undefined>(2 * words.length)
    for (let slot = 0; slot < words.length; slot++) if (slots[2 * slot + 1] !== 0) this.#place(words[slot]!, slots[2 * slot]!, slots[2 * slot + 1]!)
  }
}

/** Whether `text` from `start` holds the units of `word`. */
function sameUnits(word: string, text: string, start: number): boolean {
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) !== text.charCodeAt(start + i)) return false
  return true
}
