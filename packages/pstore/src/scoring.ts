/**
 * BM25 and the bounded heap that keeps the best k results.
 *
 * @module
 */

/**
 * BM25's term-frequency saturation.
 * @example
 * ```ts
 * pstore.K1 // 1.2
 * ```
 */
export const K1 = 1.2
/**
 * BM25's length normalisation.
 * @example
 * ```ts
 * pstore.B // 0.75
 * ```
 */
export const B = 0.75

/** Lucene's idf: ln(1 + (N − df + 0.5) / (df + 0.5)), never negative. */
export function idf(documents: number, frequency: number): number {
  return Math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5))
}

/**
 * One term's BM25 score in one field of one document:
 * idf · tf · (k1 + 1) / (tf + k1 · (1 − b + b · length / averageLength)).
 */
export function bm25(termIdf: number, frequency: number, length: number, averageLength: number): number {
  const norm = averageLength > 0 ? 1 - B + (B * length) / averageLength : 1
  return (termIdf * frequency * (K1 + 1)) / (frequency + K1 * norm)
}

/**
 * Orders results best first: higher score, then smaller docId in tuple order
 * (`key` is the packed docId as a latin1 string, which sorts as the bytes do),
 * so results never vary from run to run.
 */
export function compareResults(a: { score: number; key: string }, b: { score: number; key: string }): number {
  if (a.score !== b.score) return b.score - a.score
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0
}

/**
 * Keeps the `capacity` best items seen (by {@link compareResults}) in a heap
 * whose root is the worst kept item: O(n log k) for n offers.
 */
export class BoundedHeap<T extends { score: number; key: string }> {
  readonly #items: T[] = []

  constructor(readonly capacity: number) {}

  /** Offers an item; keeps it if it is among the best so far. */
  offer(item: T): void {
    const items = this.#items
    if (this.capacity <= 0) return
    if (items.length < this.capacity) {
      items.push(item)
      this.#up(items.length - 1)
    } else if (compareResults(item, items[0]!) < 0) {
      items[0] = item
      this.#down(0)
    }
  }

  /** Whether an item with this score and key would be kept (so that a caller can skip building it). */
  accepts(score: number, key: string): boolean {
    const items = this.#items
    return this.capacity > 0 && (items.length < this.capacity || compareResults({ score, key }, items[0]!) < 0)
  }

  /** The kept items, best first. */
  sorted(): T[] {
    return [...this.#items].sort(compareResults)
  }

  // The root is the worst: a parent compares after (is worse than) its children.
  #worse(i: number, j: number): boolean {
    return compareResults(this.#items[i]!, this.#items[j]!) > 0
  }

  #swap(i: number, j: number): void {
    const items = this.#items
    const t = items[i]!
    items[i] = items[j]!
    items[j] = t
  }

  #up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.#worse(i, parent)) return
      this.#swap(i, parent)
      i = parent
    }
  }

  #down(i: number): void {
    const n = this.#items.length
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let worst = i
      if (l < n && this.#worse(l, worst)) worst = l
      if (r < n && this.#worse(r, worst)) worst = r
      if (worst === i) return
      this.#swap(i, worst)
      i = worst
    }
  }
}
