/**
 * Adapting the binding's watch handle (`{ promise: Promise<boolean>, cancel() }`)
 * to foundkit's `Watch` (`{ promise: Promise<void>, cancel() }`).
 *
 * @module
 */
import { ErrorCode, FoundError } from '../../errors.js'
import type { Watch } from '../types.js'
import { toFoundError } from './error-map.js'

/** The part of the binding's watch handle this adapter uses. */
export interface BindingWatchHandle {
  /** Resolves once the key changed (the binding resolves `true`); rejects with the client's error. */
  readonly promise: Promise<unknown>
  /** Cancels the underlying future (the client then fails it with 1101 operation_cancelled). */
  cancel(): void
}

const noop = (): void => {}

/**
 * Wraps a binding watch created with `throwAllErrors: true` (so a failed,
 * reset or cancelled transaction rejects it rather than resolving `false`):
 *
 * - the promise resolves (to nothing) when the key changed;
 * - after `cancel()` it rejects with FoundError 1025 (transaction_cancelled),
 *   as foundkit's `Watch` promises, even though the client reports 1101;
 * - other failures become FoundErrors with the client's code;
 * - a rejection nobody listens to is not reported as unhandled.
 */
export function adaptWatch(handle: BindingWatchHandle): Watch {
  let cancelled = false
  const cancelledError = (): FoundError =>
    new FoundError(
      ErrorCode.transactionCancelled,
      'watch: the watch was cancelled (FoundationDB error 1025 transaction_cancelled)',
    )
  const promise = handle.promise.then(
    () => {
      if (cancelled) throw cancelledError()
    },
    (error: unknown) => {
      throw cancelled ? cancelledError() : toFoundError(error, 'watch')
    },
  )
  promise.catch(noop)
  return {
    promise,
    cancel: () => {
      if (cancelled) return
      cancelled = true
      handle.cancel()
    },
  }
}
