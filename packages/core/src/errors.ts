/**
 * FoundationDB's error codes that foundkit raises, by name.
 *
 * The numbers are FoundationDB's own, so code that checks `err.code` behaves
 * the same on the embedded engine and on a cluster.
 */
export const ErrorCode = {
  /** The operation took longer than the transaction's lifetime (5 s) allows. */
  transactionTooOld: 1007,
  /** A read version from the future was requested. */
  futureVersion: 1009,
  /** The transaction conflicted with another one and was not committed. */
  notCommitted: 1020,
  /** The commit may or may not have happened. */
  commitUnknownResult: 1021,
  /** The transaction was cancelled. */
  transactionCancelled: 1025,
  /** The transaction ran past its timeout option. */
  transactionTimedOut: 1031,
  /** The storage process is behind (throttling). */
  processBehind: 1037,
  /** The database is locked. */
  databaseLocked: 1038,
  /** The cluster changed version; the commit may have happened. */
  clusterVersionChanged: 1039,
  /** Too many watches are outstanding. */
  tooManyWatches: 1032,
  /** An operation was used in a way it does not allow. */
  usedDuringCommit: 2017,
  /** An invalid operation, such as a malformed versionstamp operand (client_invalid_operation). */
  clientInvalidOperation: 2000,
  /** The versionstamp of a transaction whose commit failed (transaction_invalid_version). */
  transactionInvalidVersion: 2020,
  /** A key written with a versionstamped value was read before commit. */
  accessedUnreadable: 1036,
  /** A key outside the legal range (the 0xff system keyspace) was written. */
  keyOutsideLegalRange: 2004,
  /** An inverted range was given (begin after end). */
  invertedRange: 2005,
  /** A parameter had an invalid value. */
  invalidOptionValue: 2006,
  /** An option or operation is not valid in this context. */
  invalidOption: 2007,
  /** A versionstamp operation was malformed. */
  versionInvalid: 2011,
  /** A read version was requested or set at an invalid time. */
  readVersionAlreadySet: 2010,
  /** A committed version was requested before commit. */
  noCommitVersion: 2021,
  /** The transaction exceeded 10,000,000 bytes. */
  transactionTooLarge: 2101,
  /** A key exceeded 10,000 bytes. */
  keyTooLarge: 2102,
  /** A value exceeded 100,000 bytes. */
  valueTooLarge: 2103,
  /** The API version was already set to another value in this process. */
  apiVersionAlreadySet: 2201,
  /** The client library does not support the requested API version. */
  apiVersionNotSupported: 2203,
  /** An internal error: a bug in foundkit or the client. */
  internalError: 4100,
  /** The FoundationDB client library could not be found. */
  clientNotFound: 9008,
  /** A bad argument or malformed data (foundkit's own codes are 9000–9099, a range FoundationDB does not use). */
  invalidArgument: 9001,
  /** Stored bytes could not be decoded. */
  corruptData: 9002,
  /** The database files are locked by another process. */
  databaseInUse: 9003,
  /** A record or path that must exist does not. */
  notFound: 9004,
  /** A record or path that must not exist does. */
  alreadyExists: 9005,
  /** An optimistic check (compare-and-set, stale version) failed. */
  versionMismatch: 9006,
  /** An operation is not supported by this engine. */
  unsupported: 9007,
  /** The database was closed. */
  databaseClosed: 9009,
} as const

/** One of the numeric codes in {@link ErrorCode}, or any other FoundationDB code. */
export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode] | number

/** Codes after which a transaction may be retried because it surely did not commit. */
const RETRYABLE_NOT_COMMITTED: ReadonlySet<number> = new Set([
  1007, 1009, 1020, 1037, 1038, 1042, 1051, 1078, 1213, 1223, 1235,
])

/** Codes after which a retry is allowed but the commit may already have happened. */
const MAYBE_COMMITTED: ReadonlySet<number> = new Set([1021, 1039])

/**
 * The one error class of foundkit. `code` is FoundationDB's numeric error code
 * (1020 for a conflict, 2102 for a key that is too large, ...) or one of
 * foundkit's own codes (9xxx) for problems FoundationDB has no code for.
 *
 * @example
 * ```ts
 * try {
 *   await transactional(db, (tx) => set(tx, bigKey, value))
 * } catch (err) {
 *   if (err instanceof FoundError && err.code === ErrorCode.keyTooLarge) { ... }
 * }
 * ```
 */
export class FoundError extends Error {
  /** FoundationDB's numeric error code, or foundkit's own 9xxx code. */
  readonly code: number

  /**
   * @param code - the numeric error code
   * @param message - what went wrong, in words a user can act on
   * @param options - `cause`: the underlying error, if any
   */
  constructor(code: number, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'FoundError'
    this.code = code
  }
}

/**
 * Whether `error` is a {@link FoundError} after which running the transaction
 * again is allowed (conflicts, too-old transactions, throttling, and the
 * maybe-committed codes).
 */
export function isRetryable(error: unknown): boolean {
  return (
    error instanceof FoundError &&
    (RETRYABLE_NOT_COMMITTED.has(error.code) || MAYBE_COMMITTED.has(error.code))
  )
}

/**
 * Whether `error` means the commit may have happened even though it reported a
 * failure (1021 commit_unknown_result, 1039 cluster_version_changed). A
 * transaction retried after such an error must be idempotent.
 */
export function isMaybeCommitted(error: unknown): boolean {
  return error instanceof FoundError && MAYBE_COMMITTED.has(error.code)
}

/**
 * Whether `error` is retryable and surely did not commit (a conflict, a
 * too-old read version, throttling).
 */
export function isRetryableNotCommitted(error: unknown): boolean {
  return error instanceof FoundError && RETRYABLE_NOT_COMMITTED.has(error.code)
}
