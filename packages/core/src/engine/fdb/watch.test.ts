// These tests drive the watch adapter with hand-made `{ promise, cancel }`
// pairs shaped like the binding's watch handle. They check the adapter's own
// mapping (resolve, cancel → 1025, error translation); they say nothing about
// how the binding or a cluster behaves.
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { ErrorCode, FoundError } from '../../errors.js'
import { adaptWatch } from './watch.js'

const { default: BindingFDBError } = createRequire(import.meta.url)('foundationdb/dist/lib/error.js') as {
  default: new (description: string, code: number) => Error & { code: number }
}

function handle(): {
  promise: Promise<boolean>
  resolve: (changed: boolean) => void
  reject: (error: unknown) => void
  cancel: () => void
  cancels: number
} {
  let resolve!: (changed: boolean) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<boolean>((res, rej) => {
    resolve = res
    reject = rej
  })
  const h = {
    promise,
    resolve,
    reject,
    cancels: 0,
    cancel: () => {
      h.cancels++
    },
  }
  return h
}

describe('fdb watch adapter', () => {
  it('resolves to nothing when the key changed', async () => {
    const h = handle()
    const watch = adaptWatch(h)
    h.resolve(true)
    await expect(watch.promise).resolves.toBeUndefined()
  })

  it('rejects with 1025 after cancel, whatever the client reports, and cancels the future once', async () => {
    const h = handle()
    const watch = adaptWatch(h)
    watch.cancel()
    watch.cancel()
    expect(h.cancels).toBe(1)
    h.reject(new BindingFDBError('Asynchronous operation cancelled', 1101))
    await expect(watch.promise).rejects.toMatchObject({ code: ErrorCode.transactionCancelled })
    await expect(watch.promise).rejects.toBeInstanceOf(FoundError)
  })

  it('rejects with 1025 when cancelled before a change was delivered', async () => {
    const h = handle()
    const watch = adaptWatch(h)
    watch.cancel()
    h.resolve(true)
    await expect(watch.promise).rejects.toMatchObject({ code: ErrorCode.transactionCancelled })
  })

  it('translates the client’s errors (a conflicting commit, too many watches)', async () => {
    const h = handle()
    const watch = adaptWatch(h)
    h.reject(new BindingFDBError('Too many watches currently set', 1032))
    await expect(watch.promise).rejects.toMatchObject({ code: 1032 })
    await expect(watch.promise).rejects.toThrow(/too_many_watches/)
  })

  it('does not leave an unhandled rejection when nobody awaits the watch', async () => {
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason)
    }
    process.on('unhandledRejection', onUnhandled)
    try {
      const h = handle()
      adaptWatch(h)
      h.reject(new BindingFDBError('Operation aborted because the transaction was cancelled', 1025))
      await new Promise((resolve) => setTimeout(resolve, 20))
      expect(unhandled).toEqual([])
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
  })
})
