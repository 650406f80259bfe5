import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { ErrorCode, FoundError } from '../../errors.js'
import { onErrorFailure, planOnError, type OnErrorPlan } from './retry.js'

const { default: BindingFDBError } = createRequire(import.meta.url)('foundationdb/dist/lib/error.js') as {
  default: new (description: string, code: number) => Error & { code: number }
}

function delegated(error: unknown): Extract<OnErrorPlan, { kind: 'delegate' }> {
  const plan = planOnError(error)
  if (plan.kind !== 'delegate') throw new Error('expected a delegated plan')
  return plan
}

describe('fdb onError planning', () => {
  it('hands errors without a FoundationDB code back unchanged', () => {
    expect(planOnError(new TypeError('user bug'))).toEqual({ kind: 'rethrow' })
    expect(planOnError('a string')).toEqual({ kind: 'rethrow' })
    expect(planOnError(Object.assign(new Error('not the binding'), { code: 1020 }))).toEqual({ kind: 'rethrow' })
  })

  it('hands foundkit’s own 9xxx codes back unchanged (the client does not know them)', () => {
    expect(planOnError(new FoundError(ErrorCode.invalidArgument, 'bad'))).toEqual({ kind: 'rethrow' })
    expect(planOnError(new FoundError(ErrorCode.databaseInUse, 'in use'))).toEqual({ kind: 'rethrow' })
  })

  it('delegates FoundErrors and binding errors with FoundationDB codes to the client', () => {
    const conflict = new FoundError(1020, 'conflict')
    expect(planOnError(conflict)).toEqual({ kind: 'delegate', code: 1020, original: conflict })
    const raw = new BindingFDBError('Transaction is too old to perform reads or be committed', 1007)
    const plan = delegated(raw)
    expect(plan.code).toBe(1007)
    expect(plan.original).toBeInstanceOf(FoundError)
    expect(plan.original.cause).toBe(raw)
    // Non-retryable FoundationDB codes go to the client too: it rethrows them.
    expect(delegated(new FoundError(2102, 'key too large')).code).toBe(2102)
  })
})

describe('fdb onError failures', () => {
  const conflict = new FoundError(1020, 'commit: conflict (FoundationDB error 1020 not_committed)')

  it('rethrows the original error when the client says it is not retryable', () => {
    const plan = delegated(new FoundError(2102, 'key too large'))
    expect(onErrorFailure(plan, new BindingFDBError('Key length exceeds limit', 2102))).toBe(plan.original)
  })

  it('rethrows the last error itself when the retry limit was reached, as FoundationDB and the embedded engine do', () => {
    const plan = delegated(conflict)
    expect(onErrorFailure(plan, new BindingFDBError('conflict', 1020))).toBe(conflict)
  })

  it('keeps the FoundError made from a binding error, cause included', () => {
    const raw = new BindingFDBError('Transaction is too old to perform reads or be committed', 1007)
    const plan = delegated(raw)
    const result = onErrorFailure(plan, new BindingFDBError('Transaction is too old to perform reads or be committed', 1007))
    expect(result).toBe(plan.original)
    expect(result.cause).toBe(raw)
  })

  it('reports a different error from the client (timeout, cancel) as that error', () => {
    const plan = delegated(conflict)
    const timedOut = onErrorFailure(plan, new BindingFDBError('Operation aborted because the transaction timed out', 1031))
    expect(timedOut.code).toBe(1031)
    expect(timedOut.message).toContain('transaction_timed_out')
    const cancelled = onErrorFailure(plan, new BindingFDBError('Operation aborted because the transaction was cancelled', 1025))
    expect(cancelled.code).toBe(ErrorCode.transactionCancelled)
  })
})
