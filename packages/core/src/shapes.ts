/**
 * One instance of each short-lived class that core's hot paths make
 * (transactions, range readers and their batches, tuple values), kept alive
 * for the life of the process.
 *
 * Why: V8 gives each object a hidden class (a "map"), and the maps an
 * instance goes through while its constructor defines its fields are held
 * only weakly. When a full garbage collection finds no live object of such
 * a map, the map dies, and every optimized function that was specialised on
 * it is thrown away ("deoptimization: weak objects") and runs unoptimized
 * until V8 optimizes it again. Transactions and their reads live for
 * microseconds, so at a full collection none is alive: measured before
 * this module, every full collection deoptimized 12 to 30 functions of a
 * transaction's read path (`transactionalWith`, the engine transaction,
 * `getRange`, the tree walk, ...), and the lookups right after one took
 * ~1.5x their usual time. One instance kept alive keeps its map, so the
 * optimized code stays. The instances are made with placeholder arguments
 * and never used.
 *
 * @module
 */

/** The instances kept (never read: holding them is the point). */
const kept: object[] = []

/**
 * Keeps `instance` alive for the life of the process so that V8 keeps its
 * hidden class; returns it. For layer authors: a class (or an object literal
 * with a computed key, such as `[Symbol.asyncIterator]`) that a hot path
 * makes per call and drops at once has its hidden class collected at every
 * full garbage collection, and V8 then throws away the optimized code of
 * every function that used it. Keep one placeholder instance, made by the
 * same code, at module level: once per class (each call keeps one more).
 *
 * @throws TypeError when `instance` is not an object
 * @example
 * ```ts
 * class Cursor { at = 0; constructor(readonly items: readonly string[]) {} }
 * keepShape(new Cursor([])) // a placeholder, never used
 * ```
 */
export function keepShape<T extends object>(instance: T): T {
  if ((typeof instance !== 'object' && typeof instance !== 'function') || instance === null) {
    throw new TypeError(`keepShape: instance must be an object, got ${instance === null ? 'null' : typeof instance}`)
  }
  kept.push(instance)
  return instance
}

/** The instances kept (for tests). @internal */
export function keptShapes(): readonly object[] {
  return kept
}
