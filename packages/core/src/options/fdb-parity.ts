import { ErrorCode, FoundError } from '../errors.js'

/**
 * FoundationDB's transaction and database options that foundkit does not
 * support as such: each is either accepted with no effect (it has nothing to
 * act on in one process) or refused with a FoundError `unsupported` that names
 * it and says why. Never a silent no-op on something that would change
 * behaviour. The options foundkit supports are in `TransactionOptions` and
 * `OpenOptions`; a name in neither list is not a FoundationDB option at all
 * and stays a did-you-mean TypeError. The full table is docs/api-parity.md.
 *
 * @module
 */

/** What foundkit does with a FoundationDB option it does not implement. */
export interface OptionParity {
  /** `noEffect`: accepted and ignored; `refused`: FoundError `unsupported`. */
  readonly status: 'noEffect' | 'refused'
  /** Why, in a few words (shown in the refusal's message and the parity table). */
  readonly reason: string
}

const NO_CLUSTER = 'no cluster: one process has nothing to act on'
const NO_TRACE = 'no trace files here: use transaction hooks'
const noEffect = (reason: string): OptionParity => ({ status: 'noEffect', reason })
const refused = (reason: string): OptionParity => ({ status: 'refused', reason })

/**
 * FoundationDB transaction options (the binding's `TransactionOptions`,
 * camelCased) that foundkit accepts with no effect or refuses.
 */
export const UNSUPPORTED_TRANSACTION_OPTIONS: Readonly<Record<string, OptionParity>> = Object.freeze({
  causalWriteRisky: noEffect('every commit is applied in order by one process'),
  causalReadRisky: noEffect('read versions come from the one process that commits: always causal'),
  causalReadDisable: noEffect('deprecated alias of causalReadRisky'),
  includePortInAddress: noEffect('no storage server addresses here'),
  commitOnFirstProxy: noEffect('no commit proxies'),
  checkWritesEnable: noEffect('deprecated; no effect in FoundationDB either'),
  readAheadDisable: noEffect('a read-ahead hint; range reads already fetch in batches'),
  durabilityDatacenter: noEffect('no datacenters'),
  durabilityRisky: noEffect('the durable engine always waits for the disk; the memory engine has no disk'),
  durabilityDevNullIsWebScale: noEffect('deprecated; no effect in FoundationDB either'),
  prioritySystemImmediate: noEffect('no ratekeeper: every transaction starts at once'),
  priorityBatch: noEffect('no ratekeeper: every transaction starts at once'),
  initializeNewDatabase: refused('open() creates the database; there is no cluster configuration to initialize'),
  rawAccess: noEffect('no tenants: every key is raw'),
  debugDump: noEffect('deprecated; no effect in FoundationDB either'),
  debugRetryLogging: noEffect(NO_TRACE),
  transactionLoggingEnable: noEffect(NO_TRACE),
  transactionLoggingMaxFieldLength: noEffect(NO_TRACE),
  serverRequestTracing: noEffect(NO_TRACE),
  lockAware: noEffect('the database cannot be locked (no backup or DR lock)'),
  readLockAware: noEffect('the database cannot be locked (no backup or DR lock)'),
  usedDuringCommitProtectionDisable: refused('operations during a commit always fail with 2017 here'),
  firstInBatch: noEffect('no commit batches'),
  useProvisionalProxies: noEffect('no proxies'),
  specialKeySpaceRelaxed: refused('the special key space holds only a few keys here, read one at a time'),
  specialKeySpaceEnableWrites: refused('no writable special keys (no management API)'),
  tag: noEffect('no tag throttling: ' + NO_CLUSTER),
  autoThrottleTag: noEffect('no tag throttling: ' + NO_CLUSTER),
  spanParent: noEffect('no distributed tracing'),
  expensiveClearCostEstimationEnable: noEffect('clears are not costed against storage servers'),
  bypassUnreadable: refused('reads of a range a versionstamped key may land in always fail with 1036 here'),
  useGrvCache: noEffect('read versions are free here: no GRV proxy to cache'),
  skipGrvCache: noEffect('read versions are free here: no GRV proxy to cache'),
  authorizationToken: refused('no tenants and no authorization'),
})

/**
 * FoundationDB database options (the binding's `DatabaseOptions`,
 * camelCased) that `open()` accepts with no effect or refuses. The supported
 * ones are `open` options: `maxWatches`, and the `transaction…` defaults as
 * `open({ transaction: { timeout, retryLimit, maxRetryDelay, sizeLimit,
 * snapshotRywEnable, snapshotRywDisable, automaticIdempotency } })`.
 */
export const UNSUPPORTED_DATABASE_OPTIONS: Readonly<Record<string, OptionParity>> = Object.freeze({
  locationCacheSize: noEffect('no shard locations to cache'),
  machineId: noEffect('no machines: ' + NO_CLUSTER),
  datacenterId: noEffect('no datacenters: ' + NO_CLUSTER),
  snapshotRywEnable: refused('give it as a transaction default: open({ transaction: { snapshotRywEnable: true } })'),
  snapshotRywDisable: refused('give it as a transaction default: open({ transaction: { snapshotRywDisable: true } })'),
  transactionLoggingMaxFieldLength: noEffect(NO_TRACE),
  transactionTimeout: refused('give it as a transaction default: open({ transaction: { timeout } })'),
  transactionRetryLimit: refused('give it as a transaction default: open({ transaction: { retryLimit } })'),
  transactionMaxRetryDelay: refused('give it as a transaction default: open({ transaction: { maxRetryDelay } })'),
  transactionSizeLimit: refused('give it as a transaction default: open({ transaction: { sizeLimit } })'),
  transactionCausalReadRisky: noEffect('read versions come from the one process that commits: always causal'),
  transactionIncludePortInAddress: noEffect('no storage server addresses here'),
  transactionAutomaticIdempotency: refused('give it as a transaction default: open({ transaction: { automaticIdempotency: true } })'),
  transactionBypassUnreadable: refused('reads of a range a versionstamped key may land in always fail with 1036 here'),
  useConfigDatabase: refused('no configuration database'),
  testCausalReadRisky: noEffect('read versions come from the one process that commits: always causal'),
})

/**
 * Handles the FoundationDB option names in `options` that foundkit does not
 * implement: throws for a refused one, and returns `options` without the
 * accepted-no-effect ones (so the unknown-key check that follows sees only
 * foundkit's own names).
 *
 * @param what - the operation, first in the message (e.g. `'transaction'`)
 * @param options - the caller's options object
 * @param table - {@link UNSUPPORTED_TRANSACTION_OPTIONS} or {@link UNSUPPORTED_DATABASE_OPTIONS}
 * @throws FoundError `unsupported` (9007) naming the refused option and why
 * @example
 * ```ts
 * withoutNoEffectOptions('transaction', { priorityBatch: true, timeout: 50 }, UNSUPPORTED_TRANSACTION_OPTIONS)
 * // → { timeout: 50 }
 * withoutNoEffectOptions('transaction', { authorizationToken: 't' }, UNSUPPORTED_TRANSACTION_OPTIONS)
 * // throws FoundError 9007: transaction: the FoundationDB option "authorizationToken" is not supported: no tenants and no authorization
 * ```
 */
export function withoutNoEffectOptions<T extends object>(what: string, options: T, table: Readonly<Record<string, OptionParity>>): T {
  if (typeof options !== 'object' || options === null) return options
  let out: T | null = null
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(table, key)) continue
    const parity = table[key]!
    if (parity.status === 'refused') {
      throw new FoundError(ErrorCode.unsupported, `${what}: the FoundationDB option ${JSON.stringify(key)} is not supported: ${parity.reason}`)
    }
    out ??= { ...options }
    delete (out as Record<string, unknown>)[key]
  }
  return out ?? options
}
