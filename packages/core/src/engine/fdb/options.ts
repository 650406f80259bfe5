/**
 * Options of the FoundationDB engine (`FdbEngineOptions`), their defaults and
 * their validation. This module does not refer to the binding's types, so
 * the public declarations stay free of them.
 *
 * @module
 */
import { ErrorCode, FoundError } from '../../errors.js'
import type { TransactionOptions } from '../types.js'
import { transactionOptionsToNative } from './transaction-options.js'

/** Options of `openFdbEngine`. */
export interface FdbEngineOptions {
  /**
   * Path of the cluster file to connect with. Default: the `FDB_CLUSTER_FILE`
   * environment variable; without it, the FoundationDB client's own search
   * (`fdb.cluster` in the current directory, then the default location,
   * `/etc/foundationdb/fdb.cluster` on Linux and
   * `/usr/local/etc/foundationdb/fdb.cluster` on macOS).
   */
  clusterFile?: string
  /**
   * FoundationDB API version to select, from 630 to 720 (default 720, the
   * highest the `foundationdb` npm binding supports). A process can select
   * only one API version: opening a second engine with another version fails
   * with FoundError 2201 (api_version_already_set).
   */
  apiVersion?: number
  /**
   * Defaults applied to every transaction of the engine (timeout, retryLimit,
   * maxRetryDelay, ...); the options given to `createTransaction` override them.
   */
  transaction?: TransactionOptions
  /** Most watches outstanding at once (the database option max_watches; FoundationDB's default 10,000). */
  maxWatches?: number
}

/** The API version selected when none is given: the highest the binding supports. */
export const DEFAULT_API_VERSION = 720

/** The highest API version the `foundationdb` npm binding (2.x) accepts. */
export const MAX_API_VERSION = 720

/**
 * The lowest API version this driver accepts: 630 brings
 * `get_estimated_range_size_bytes`; 620 `get_approximate_size`; 610 the
 * timeout, retry limit and retry delay options that survive `onError`; 520 the
 * 4-byte versionstamp offsets foundkit writes.
 */
export const MIN_API_VERSION = 630

/** The largest max_watches FoundationDB accepts. */
export const MAX_WATCHES_LIMIT = 1_000_000

/** `FdbEngineOptions` with defaults applied and values checked. */
export interface ResolvedFdbEngineOptions {
  /** The cluster file to pass to the client, or undefined for the client's default search. */
  readonly clusterFile: string | undefined
  /** The API version to select. */
  readonly apiVersion: number
  /** Transaction defaults, already validated. */
  readonly transaction: TransactionOptions
  /** The max_watches database option to set, if given. */
  readonly maxWatches: number | undefined
}

/**
 * Applies defaults to `FdbEngineOptions` and checks them.
 *
 * @param options - what the caller passed
 * @param env - the environment to read `FDB_CLUSTER_FILE` from (normally `process.env`)
 * @throws FoundError 2203 (api_version_not_supported) for an API version
 *   outside [`MIN_API_VERSION`, `MAX_API_VERSION`]; 9001
 *   (invalidArgument) for a malformed option; 2006 (invalid_option_value)
 *   for an out-of-range transaction default
 */
export function resolveFdbEngineOptions(
  options: FdbEngineOptions | undefined,
  env: Readonly<Record<string, string | undefined>>,
): ResolvedFdbEngineOptions {
  const opts = options ?? {}
  if (typeof opts !== 'object' || opts === null) {
    throw new FoundError(ErrorCode.invalidArgument, 'openFdbEngine: options must be an object')
  }
  const apiVersion = opts.apiVersion ?? DEFAULT_API_VERSION
  if (!Number.isInteger(apiVersion) || apiVersion < MIN_API_VERSION || apiVersion > MAX_API_VERSION) {
    throw new FoundError(
      ErrorCode.apiVersionNotSupported,
      `FoundationDB API version ${String(apiVersion)} is not supported: foundkit's FoundationDB engine needs ` +
        `an integer from ${MIN_API_VERSION} to ${MAX_API_VERSION} (the highest the foundationdb npm binding ` +
        `supports); the default is ${DEFAULT_API_VERSION}`,
    )
  }
  let clusterFile: string | undefined
  if (opts.clusterFile !== undefined) {
    if (typeof opts.clusterFile !== 'string' || opts.clusterFile === '') {
      throw new FoundError(ErrorCode.invalidArgument, 'openFdbEngine: clusterFile must be a non-empty string (a path)')
    }
    clusterFile = opts.clusterFile
  } else {
    const fromEnv = env['FDB_CLUSTER_FILE']
    clusterFile = fromEnv === undefined || fromEnv === '' ? undefined : fromEnv
  }
  const transaction = { ...(opts.transaction ?? {}) }
  // Validate the defaults now rather than at the first transaction.
  transactionOptionsToNative(transaction)
  const maxWatches = opts.maxWatches
  if (maxWatches !== undefined && (!Number.isInteger(maxWatches) || maxWatches < 0 || maxWatches > MAX_WATCHES_LIMIT)) {
    throw new FoundError(ErrorCode.invalidOptionValue, `openFdbEngine: maxWatches must be an integer from 0 to ${MAX_WATCHES_LIMIT}, got ${String(maxWatches)}`)
  }
  return { clusterFile, apiVersion, transaction, maxWatches }
}
