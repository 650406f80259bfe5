/**
 * How queries run: batches of bindings flow from one pattern's scan to the
 * next (a nested-loop join), so that the async machinery costs one await
 * per scan rather than several per binding.
 *
 * @module
 */
import { get as getKey, query as rangeQuery, type StreamingMode, type Transaction } from '@foundkit/core'
import { bindingsOf, compilePattern, prefixOf, rangeOf, type Template } from './pattern.js'
import type { QueryStats } from './matches.js'
import type { Compiled } from './store.js'
import { isVariable, type Bindings, type Pattern } from './variables.js'

/**
 * Reads the matches of `template` for `seed` into `out`. Inner scans of a
 * join read with `want_all` (they are usually small, and the engine answers
 * them in one batch); a first scan streams (`iterator`).
 */
async function readInto(
  tx: Transaction,
  template: Template,
  seed: Bindings,
  out: Bindings[],
  stats: QueryStats | null,
  mode: StreamingMode,
  what: string,
): Promise<void> {
  const prefix = prefixOf(template, seed, what)
  if (stats !== null) stats.scans++
  if (template.allBound) {
    if ((await getKey(tx, prefix)) === null) return
    if (stats !== null) stats.keysRead++
    out.push(Object.assign({}, seed))
    return
  }
  const { begin, end } = rangeOf(template, prefix)
  for await (const batch of rangeQuery(tx, begin, end, { mode }).byPackedBatch()) {
    if (stats !== null) stats.keysRead += batch.length
    for (let i = 0; i < batch.length; i++) {
      const bindings = bindingsOf(template, prefix.length, batch.key(i), seed)
      if (bindings !== null) out.push(bindings)
    }
  }
}

/** The matches of one pattern for one seed, a batch per engine batch (streams a large range). */
export async function* scanBatches(tx: Transaction, template: Template, seed: Bindings, stats: QueryStats | null, what: string): AsyncGenerator<Bindings[]> {
  const prefix = prefixOf(template, seed, what)
  if (template.allBound) {
    const out: Bindings[] = []
    await readInto(tx, template, seed, out, stats, 'want_all', what)
    if (out.length > 0) yield out
    return
  }
  if (stats !== null) stats.scans++
  const { begin, end } = rangeOf(template, prefix)
  for await (const batch of rangeQuery(tx, begin, end).byPackedBatch()) {
    if (stats !== null) stats.keysRead += batch.length
    const out: Bindings[] = []
    for (let i = 0; i < batch.length; i++) {
      const bindings = bindingsOf(template, prefix.length, batch.key(i), seed)
      if (bindings !== null) out.push(bindings)
    }
    if (out.length > 0) yield out
  }
}

/**
 * For each incoming binding, the matches of `template` extending it. The
 * template is compiled for the variables every incoming binding has bound.
 */
export async function* joinBatches(
  tx: Transaction,
  template: Template,
  incoming: AsyncIterable<Bindings[]>,
  stats: QueryStats | null,
  what: string,
): AsyncGenerator<Bindings[]> {
  for await (const seeds of incoming) {
    const out: Bindings[] = []
    for (const seed of seeds) await readInto(tx, template, seed, out, stats, 'want_all', what)
    if (out.length > 0) yield out
  }
}

/**
 * For each binding of `incoming` (of any shape: a user's bindings may bind
 * different variables), the matches of `pattern` extending it.
 */
export async function* joinEach(
  tx: Transaction,
  store: Compiled,
  incoming: AsyncIterable<Bindings> | Iterable<Bindings>,
  pattern: Pattern,
  what: string,
): AsyncGenerator<Bindings[]> {
  for await (const seed of incoming) {
    const template = compilePattern(store, pattern, (name) => Object.hasOwn(seed, name), what)
    const out: Bindings[] = []
    await readInto(tx, template, seed, out, null, 'want_all', what)
    if (out.length > 0) yield out
  }
}

/** Runs `patterns` in the order given, the first from `seed`, as batches of bindings. */
export function runInOrder(
  tx: Transaction,
  store: Compiled,
  patterns: readonly Pattern[],
  seed: Bindings,
  stats: QueryStats | null,
  what: string,
): AsyncIterable<Bindings[]> {
  const bound = new Set(Object.keys(seed))
  const compile = (pattern: Pattern): Template => {
    const template = compilePattern(store, pattern, (name) => bound.has(name), what)
    for (const item of pattern) if (isVariable(item)) bound.add(item.name)
    return template
  }
  let stream = scanBatches(tx, compile(patterns[0]!), seed, stats, what)
  for (let i = 1; i < patterns.length; i++) stream = joinBatches(tx, compile(patterns[i]!), stream, stats, what)
  return stream
}
