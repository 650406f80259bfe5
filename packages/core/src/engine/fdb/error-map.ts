/**
 * Translation of the `foundationdb` binding's errors (its `FDBError`, a plain
 * `Error` with a numeric `code`) into {@link FoundError}s that keep the same
 * code, a readable message, and the original error as `cause`.
 *
 * @module
 */
import { ErrorCode, FoundError } from '../../errors.js'

/**
 * FoundationDB's names for the error codes a client is likely to see
 * (from FoundationDB's error code reference), used to make messages
 * searchable: "... (FoundationDB error 1020 not_committed)".
 */
const FDB_ERROR_NAMES: ReadonlyMap<number, string> = new Map([
  [1000, 'operation_failed'],
  [1004, 'timed_out'],
  [1007, 'transaction_too_old'],
  [1009, 'future_version'],
  [1020, 'not_committed'],
  [1021, 'commit_unknown_result'],
  [1022, 'commit_unknown_result_fatal'],
  [1025, 'transaction_cancelled'],
  [1026, 'connection_failed'],
  [1029, 'watch_cancelled'],
  [1031, 'transaction_timed_out'],
  [1032, 'too_many_watches'],
  [1034, 'watches_disabled'],
  [1036, 'accessed_unreadable'],
  [1037, 'process_behind'],
  [1038, 'database_locked'],
  [1039, 'cluster_version_changed'],
  [1040, 'external_client_already_loaded'],
  [1041, 'lookup_failed'],
  [1042, 'commit_proxy_memory_limit_exceeded'],
  [1051, 'batch_transaction_throttled'],
  [1078, 'grv_proxy_memory_limit_exceeded'],
  [1100, 'broken_promise'],
  [1101, 'operation_cancelled'],
  [1102, 'future_released'],
  [1213, 'tag_throttled'],
  [1235, 'transaction_throttled_hot_shard'],
  [1500, 'platform_error'],
  [1510, 'io_error'],
  [1511, 'file_not_found'],
  [1513, 'file_not_readable'],
  [1514, 'file_not_writable'],
  [1515, 'no_cluster_file_found'],
  [1516, 'file_too_large'],
  [2000, 'client_invalid_operation'],
  [2002, 'commit_read_incomplete'],
  [2004, 'key_outside_legal_range'],
  [2005, 'inverted_range'],
  [2006, 'invalid_option_value'],
  [2007, 'invalid_option'],
  [2008, 'network_not_setup'],
  [2009, 'network_already_setup'],
  [2010, 'read_version_already_set'],
  [2011, 'version_invalid'],
  [2012, 'range_limits_invalid'],
  [2017, 'used_during_commit'],
  [2018, 'invalid_mutation_type'],
  [2020, 'transaction_invalid_version'],
  [2021, 'no_commit_version'],
  [2023, 'transaction_read_only'],
  [2025, 'network_cannot_be_restarted'],
  [2026, 'blocked_from_network_thread'],
  [2100, 'incompatible_protocol_version'],
  [2101, 'transaction_too_large'],
  [2102, 'key_too_large'],
  [2103, 'value_too_large'],
  [2104, 'connection_string_invalid'],
  [2105, 'address_in_use'],
  [2106, 'invalid_local_address'],
  [2107, 'tls_error'],
  [2108, 'unsupported_operation'],
  [2109, 'too_many_tags'],
  [2110, 'tag_too_long'],
  [2112, 'special_keys_cross_module_read'],
  [2113, 'special_keys_no_module_found'],
  [2114, 'special_keys_write_disabled'],
  [2200, 'api_version_unset'],
  [2201, 'api_version_already_set'],
  [2202, 'api_version_invalid'],
  [2203, 'api_version_not_supported'],
  [2210, 'exact_mode_without_limits'],
  [4000, 'unknown_error'],
  [4100, 'internal_error'],
])

/** FoundationDB's name for an error code (`not_committed` for 1020), when known. */
export function fdbErrorName(code: number): string | undefined {
  return FDB_ERROR_NAMES.get(code)
}

/** What the binding throws: an `Error` whose constructor is its `FDBError` and which carries a numeric `code`. */
export interface BindingError extends Error {
  /** FoundationDB's numeric error code. */
  readonly code: number
}

/**
 * Whether `error` is one of the binding's `FDBError`s. Duck-typed (constructor
 * name and a numeric `code`) so this module does not need the binding loaded.
 */
export function isBindingError(error: unknown): error is BindingError {
  if (!(error instanceof Error) || error.constructor.name !== 'FDBError') return false
  const code: unknown = (error as { code?: unknown }).code
  return typeof code === 'number' && Number.isInteger(code)
}

/** Cluster-file related codes: the message then says how to point at a cluster. */
const CLUSTER_FILE_CODES: ReadonlySet<number> = new Set([1511, 1513, 1515, 2104])

/** The hint added to cluster-file errors. */
export const CLUSTER_FILE_HINT =
  'Point foundkit at a cluster with open({ clusterFile: "/path/to/fdb.cluster" }) or the FDB_CLUSTER_FILE ' +
  'environment variable; without either, the client looks in the current directory and then the default ' +
  'location (/etc/foundationdb/fdb.cluster on Linux, /usr/local/etc/foundationdb/fdb.cluster on macOS).'

/**
 * Turns whatever a binding call threw into a {@link FoundError}:
 *
 * - a `FoundError` is returned unchanged;
 * - a binding `FDBError` becomes a `FoundError` with the same `code`, the
 *   client's description, FoundationDB's name for the code, and `cause`;
 * - anything else (a `TypeError` from the native layer, ...) becomes a
 *   FoundError 4100 (internalError) with `cause`, since foundkit validates
 *   arguments before they reach the binding.
 *
 * @param error - what was thrown or rejected
 * @param operation - the engine operation, for the message ("commit", "get", ...)
 */
export function toFoundError(error: unknown, operation: string): FoundError {
  if (error instanceof FoundError) return error
  if (isBindingError(error)) {
    const name = fdbErrorName(error.code)
    const label = name === undefined ? `FoundationDB error ${error.code}` : `FoundationDB error ${error.code} ${name}`
    let message = `${operation}: ${error.message} (${label})`
    if (CLUSTER_FILE_CODES.has(error.code)) message += `. ${CLUSTER_FILE_HINT}`
    return new FoundError(error.code, message, { cause: error })
  }
  const text = error instanceof Error ? error.message : String(error)
  return new FoundError(ErrorCode.internalError, `${operation}: the FoundationDB binding failed: ${text}`, {
    cause: error,
  })
}

/**
 * The FoundationDB error code carried by `error` (a FoundError or a binding
 * FDBError), or undefined when it carries none.
 */
export function errorCodeOf(error: unknown): number | undefined {
  if (error instanceof FoundError) return error.code
  if (isBindingError(error)) return error.code
  return undefined
}

/**
 * Whether a code is one of foundkit's own (9000–9999), which FoundationDB's
 * `onError` must not see: they are never retryable, and the client would not
 * know them.
 */
export function isFoundkitOwnCode(code: number): boolean {
  return code >= 9000 && code < 10000
}
