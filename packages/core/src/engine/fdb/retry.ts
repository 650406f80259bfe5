/**
 * The decisions around FoundationDB's `onError`, kept pure: which errors are
 * handed to the client's retry logic, and what a rejection from it becomes.
 *
 * The retry itself (which codes are retryable, the exponential backoff capped
 * by `max_retry_delay`, `retry_limit`, `timeout`, resetting the transaction)
 * is the FoundationDB client's own `fdb_transaction_on_error`, which the
 * binding exposes as `rawOnError(code)`; foundkit does not reimplement it.
 *
 * @module
 */
import type { FoundError } from '../../errors.js'
import { errorCodeOf, isFoundkitOwnCode, toFoundError } from './error-map.js'

/** What `onError` does with an error. */
export type OnErrorPlan =
  /** Hand the error back unchanged: it carries no FoundationDB code. */
  | { readonly kind: 'rethrow' }
  /** Ask the client: `original` is the error as a FoundError, `code` its code. */
  | { readonly kind: 'delegate'; readonly code: number; readonly original: FoundError }

/**
 * Plans `onError(error)`: errors without a FoundationDB code (a `TypeError`
 * from user code, foundkit's own 9xxx codes) are rethrown as they are;
 * FoundErrors and binding errors with a FoundationDB code go to the client,
 * which knows which of them are retryable.
 */
export function planOnError(error: unknown): OnErrorPlan {
  const code = errorCodeOf(error)
  if (code === undefined || isFoundkitOwnCode(code)) return { kind: 'rethrow' }
  return { kind: 'delegate', code, original: toFoundError(error, 'onError') }
}

/**
 * What to throw when the client's `onError` rejected.
 *
 * - It rejected with the same code (the error is not retryable, or the
 *   transaction's `retryLimit` was reached): the original error, unchanged.
 *   This is FoundationDB's behaviour, and the embedded engine's: running out
 *   of retries surfaces the last error itself.
 * - It rejected with another code (1031 transaction_timed_out once the
 *   timeout has passed, 1025 after a cancel, ...): that error.
 *
 * @param plan - the delegated plan for the error given to `onError`
 * @param rejection - what the client's `onError` rejected with
 */
export function onErrorFailure(plan: Extract<OnErrorPlan, { kind: 'delegate' }>, rejection: unknown): FoundError {
  const failure = toFoundError(rejection, 'onError')
  return failure.code === plan.code ? plan.original : failure
}
