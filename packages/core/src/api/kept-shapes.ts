import { keepShape } from '../shapes.js'
import { PackedPairs } from '../engine/packed.js'
import type { EngineTransaction, RangeBatch } from '../engine/types.js'
import { Float32, Float64 } from '../tuple/floats.js'
import { Uuid } from '../tuple/uuid.js'
import { Versionstamp } from '../tuple/versionstamp.js'
import { keySelector } from '../keys/selector.js'
import type { Database } from './database.js'
import { QueryResult } from './query.js'
import { Transaction } from './transaction.js'

let kept = false

/**
 * Keeps one instance of each object the API makes per transaction or per
 * read (the transaction handle, a key selector, a query's result, a packed
 * batch, tuple values read back) alive, so that a full garbage collection does not
 * deoptimize the code that uses them (see shapes.ts). Placeholders, never
 * used. Called by `open`.
 *
 * @internal
 */
export function keepApiShapes(): void {
  if (kept) return
  kept = true
  keepShape(new Transaction({} as Database, {} as EngineTransaction))
  keepShape(keySelector(new Uint8Array(0), false, 1))
  keepShape(new QueryResult((async function* (): AsyncGenerator<RangeBatch> {})()))
  keepShape(new PackedPairs(new Uint8Array(0), new Uint32Array(1)))
  keepShape(new Uuid(new Uint8Array(16)))
  keepShape(new Float32(0))
  keepShape(new Float64(0))
  keepShape(Versionstamp.incomplete(0))
}
