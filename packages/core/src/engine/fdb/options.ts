/**
 * Options of the FoundationDB engine, and the pure mapping of foundkit's
 * `TransactionOptions` onto FoundationDB's transaction option codes.
 *
 * @module
 */
import type { TransactionOptionCode } from 'foundationdb'
import { ErrorCode, FoundError } from '../../errors.js'
import type { TransactionOptions } from '../types.js'

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

/** `FdbEngineOptions` with defaults applied and values checked. */
export interface ResolvedFdbEngineOptions {
  /** The cluster file to pass to the client, or undefined for the client's default search. */
  readonly clusterFile: string | undefined
  /** The API version to select. */
  readonly apiVersion: number
  /** Transaction defaults, already validated. */
  readonly transaction: TransactionOptions
}

/**
 * Applies defaults to `FdbEngineOptions` and checks them.
 *
 * @param options - what the caller passed
 * @param env - the environment to read `FDB_CLUSTER_FILE` from (normally `process.env`)
 * @throws FoundError 2203 (api_version_not_supported) for an API version
 *   outside [`MIN_API_VERSION`, `MAX_API_VERSION`]; 4101
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
  return { clusterFile, apiVersion, transaction }
}

/** One FoundationDB transaction option to set: its code and parameter. */
export interface NativeOption {
  /** foundkit's name of the option. */
  readonly name: keyof TransactionOptions
  /** FoundationDB's transaction option code. */
  readonly code: TransactionOptionCode
  /** The parameter: an integer, or null for a flag option. */
  readonly value: number | null
}

/** FoundationDB's transaction option codes for foundkit's option names. */
export const TRANSACTION_OPTION_CODES: Readonly<Record<keyof TransactionOptions, TransactionOptionCode>> =
  Object.freeze({
    timeout: 500,
    retryLimit: 501,
    maxRetryDelay: 502,
    sizeLimit: 503,
    accessSystemKeys: 301,
    readSystemKeys: 302,
  })

/**
 * Options FoundationDB keeps across `onError` (they are "persistent" since
 * API 610); the others are reset by `onError` and by `reset`.
 */
export const PERSISTENT_OPTIONS: ReadonlySet<keyof TransactionOptions> = new Set([
  'timeout',
  'retryLimit',
  'maxRetryDelay',
])

/** Bounds of an integer option, inclusive. */
const INT_BOUNDS: Readonly<Record<'timeout' | 'retryLimit' | 'maxRetryDelay' | 'sizeLimit', [number, number]>> = {
  timeout: [0, 0x7fff_ffff],
  retryLimit: [-1, 0x7fff_ffff],
  maxRetryDelay: [0, 0x7fff_ffff],
  sizeLimit: [32, 10_000_000],
}

/**
 * Validates foundkit transaction options and lists the FoundationDB options
 * to set, in a stable order (timeout last, since setting it can fail the
 * transaction at once). Options that are `undefined` are skipped; a flag set
 * to `false` produces nothing (FoundationDB has no way to clear a flag: see
 * the engine's `setOptions`).
 *
 * @throws FoundError 2006 (invalid_option_value) for a value outside
 *   FoundationDB's range (timeout and maxRetryDelay ≥ 0, retryLimit ≥ -1,
 *   32 ≤ sizeLimit ≤ 10,000,000); 4101 (invalidArgument) for a wrong type
 */
export function transactionOptionsToNative(options: TransactionOptions): NativeOption[] {
  if (typeof options !== 'object' || options === null) {
    throw new FoundError(ErrorCode.invalidArgument, 'transaction options must be an object')
  }
  const out: NativeOption[] = []
  for (const name of ['accessSystemKeys', 'readSystemKeys'] as const) {
    const value = options[name]
    if (value === undefined) continue
    if (typeof value !== 'boolean') {
      throw new FoundError(ErrorCode.invalidArgument, `transaction option ${name} must be a boolean, got ${typeof value}`)
    }
    if (value) out.push({ name, code: TRANSACTION_OPTION_CODES[name], value: null })
  }
  for (const name of ['sizeLimit', 'retryLimit', 'maxRetryDelay', 'timeout'] as const) {
    const value = options[name]
    if (value === undefined) continue
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw new FoundError(ErrorCode.invalidArgument, `transaction option ${name} must be an integer, got ${String(value)}`)
    }
    const [min, max] = INT_BOUNDS[name]
    if (value < min || value > max) {
      throw new FoundError(
        ErrorCode.invalidOptionValue,
        `transaction option ${name} must be between ${min} and ${max}, got ${value}`,
      )
    }
    out.push({ name, code: TRANSACTION_OPTION_CODES[name], value })
  }
  return out
}

/**
 * Merges option sets left to right; `undefined` fields do not override.
 * @internal
 */
export function mergeTransactionOptions(...sets: Array<TransactionOptions | undefined>): TransactionOptions {
  const out: TransactionOptions = {}
  for (const set of sets) {
    if (set === undefined) continue
    for (const [key, value] of Object.entries(set) as Array<[keyof TransactionOptions, unknown]>) {
      if (value !== undefined) (out as Record<string, unknown>)[key] = value
    }
  }
  return out
}
