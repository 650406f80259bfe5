/**
 * The bulk writer: any number of writes, split into transactions under
 * FoundationDB's limits ({@link bulkWrite}, {@link BulkWriter}).
 *
 * @module
 */
export { bulkWrite, type BulkOperation, type BulkPut, type BulkDelete, type BulkClearRange } from './write.js'
export { BulkWriter } from './writer.js'
export type { BulkOptions, BulkProgress } from './chunks.js'
export { type DbOrTx, inTransaction, requireDbOrTx } from './context.js'
