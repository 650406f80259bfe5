// How long onError waits before a retry on the embedded engine: after 1007
// (transaction_too_old) or 1009 (future_version) a fixed 10 ms, as
// FoundationDB's FUTURE_VERSION_RETRY_DELAY; after another retryable error
// (1020) a backoff of 10 ms × 2^retries (at most maxRetryDelay), jittered
// between half and all of it. Timers are faked (setTimeout only) and
// Math.random pinned, both restored after each test.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ErrorCode, FoundError } from '../../errors.js'
import { openEmbeddedEngine } from './index.js'

/** Whether onError(code) has settled after `ms` fake milliseconds, and after 1 more. */
async function settledAfter(code: number, ms: number): Promise<[boolean, boolean]> {
  const engine = await openEmbeddedEngine()
  try {
    const tx = engine.createTransaction()
    let settled = false
    const retry = tx.onError(new FoundError(code, 'retryable')).then(() => {
      settled = true
    })
    await vi.advanceTimersByTimeAsync(ms)
    const before = settled
    await vi.advanceTimersByTimeAsync(1)
    const after = settled
    await retry
    tx.cancel()
    return [before, after]
  } finally {
    await engine.close()
  }
}

describe('retry delays', () => {
  afterEach(() => {
    vi.useRealTimers()
    vi.restoreAllMocks()
  })

  it('after 1007 or 1009: 10 ms, whatever the jitter', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] })
    vi.spyOn(Math, 'random').mockReturnValue(0)
    expect(await settledAfter(ErrorCode.transactionTooOld, 9)).toEqual([false, true])
    expect(await settledAfter(ErrorCode.futureVersion, 9)).toEqual([false, true])
  })

  it('after 1020: between half and all of 10 ms on the first retry', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] })
    vi.spyOn(Math, 'random').mockReturnValue(0.9999)
    expect((await settledAfter(ErrorCode.notCommitted, 8))[0]).toBe(false) // about 10 ms
    vi.spyOn(Math, 'random').mockReturnValue(0)
    expect(await settledAfter(ErrorCode.notCommitted, 4)).toEqual([false, true])
  })
})
