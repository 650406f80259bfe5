import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { ErrorCode } from '../../errors.js'
import type { TransactionOptions } from '../types.js'
import {
  DEFAULT_API_VERSION,
  MAX_API_VERSION,
  MIN_API_VERSION,
  resolveFdbEngineOptions,
} from './options.js'
import {
  PERSISTENT_OPTIONS,
  TRANSACTION_OPTION_CODES,
  mergeTransactionOptions,
  optionsToReapply,
  transactionOptionsToNative,
} from './transaction-options.js'

// The real binding's generated option table (plain JavaScript, no native code).
const { transactionOptionData } = createRequire(import.meta.url)('foundationdb/dist/lib/opts.g.js') as {
  transactionOptionData: Record<string, { code: number; type: string }>
}

describe('openFdbEngine options', () => {
  it('defaults to API version 720 and the client’s own cluster file search', () => {
    const resolved = resolveFdbEngineOptions(undefined, {})
    expect(resolved.apiVersion).toBe(720)
    expect(DEFAULT_API_VERSION).toBe(720)
    expect(MAX_API_VERSION).toBe(720)
    expect(resolved.clusterFile).toBeUndefined()
    expect(resolved.transaction).toEqual({})
  })

  it('takes the cluster file from FDB_CLUSTER_FILE, and an explicit clusterFile over it', () => {
    expect(resolveFdbEngineOptions({}, { FDB_CLUSTER_FILE: '/env/fdb.cluster' }).clusterFile).toBe('/env/fdb.cluster')
    expect(
      resolveFdbEngineOptions({ clusterFile: '/opt/fdb.cluster' }, { FDB_CLUSTER_FILE: '/env/fdb.cluster' })
        .clusterFile,
    ).toBe('/opt/fdb.cluster')
    expect(resolveFdbEngineOptions({}, { FDB_CLUSTER_FILE: '' }).clusterFile).toBeUndefined()
  })

  it('rejects an empty or non-string clusterFile', () => {
    expect(() => resolveFdbEngineOptions({ clusterFile: '' }, {})).toThrow(expect.objectContaining({ code: 9001 }))
    expect(() => resolveFdbEngineOptions({ clusterFile: 42 as unknown as string }, {})).toThrow(
      expect.objectContaining({ code: 9001 }),
    )
  })

  it('accepts API versions from 630 to 720', () => {
    expect(MIN_API_VERSION).toBe(630)
    for (const v of [630, 700, 710, 720]) expect(resolveFdbEngineOptions({ apiVersion: v }, {}).apiVersion).toBe(v)
  })

  it('rejects other API versions with 2203 (api_version_not_supported) and says which are supported', () => {
    for (const v of [730, 620, 0, 720.5, Number.NaN]) {
      expect(() => resolveFdbEngineOptions({ apiVersion: v }, {})).toThrow(expect.objectContaining({ code: 2203 }))
    }
    expect(() => resolveFdbEngineOptions({ apiVersion: 730 }, {})).toThrow(/from 630 to 720/)
  })

  it('validates the transaction defaults up front', () => {
    expect(resolveFdbEngineOptions({ transaction: { timeout: 5000, retryLimit: 10 } }, {}).transaction).toEqual({
      timeout: 5000,
      retryLimit: 10,
    })
    expect(() => resolveFdbEngineOptions({ transaction: { timeout: -5 } }, {})).toThrow(
      expect.objectContaining({ code: 2006 }),
    )
  })

  it('copies the transaction defaults rather than keeping the caller’s object', () => {
    const transaction: TransactionOptions = { timeout: 100 }
    const resolved = resolveFdbEngineOptions({ transaction }, {})
    transaction.timeout = 1
    expect(resolved.transaction.timeout).toBe(100)
  })
})

describe('fdb transaction options', () => {
  it('uses the binding’s own codes for FoundationDB’s option names', () => {
    const fdbNames: Record<keyof TransactionOptions, string> = {
      timeout: 'timeout',
      retryLimit: 'retry_limit',
      maxRetryDelay: 'max_retry_delay',
      sizeLimit: 'size_limit',
      accessSystemKeys: 'access_system_keys',
      readSystemKeys: 'read_system_keys',
      nextWriteNoWriteConflictRange: 'next_write_no_write_conflict_range',
      readYourWritesDisable: 'read_your_writes_disable',
      snapshotRywEnable: 'snapshot_ryw_enable',
      snapshotRywDisable: 'snapshot_ryw_disable',
      debugTransactionIdentifier: 'debug_transaction_identifier',
      logTransaction: 'log_transaction',
      reportConflictingKeys: 'report_conflicting_keys',
      idempotencyId: 'idempotency_id',
      automaticIdempotency: 'automatic_idempotency',
    }
    for (const [ours, theirs] of Object.entries(fdbNames) as Array<[keyof TransactionOptions, string]>) {
      expect(transactionOptionData[theirs]?.code, theirs).toBe(TRANSACTION_OPTION_CODES[ours])
    }
    // Integer options take a number, flags none, as the binding declares them.
    expect(transactionOptionData['timeout']?.type).toBe('int')
    expect(transactionOptionData['size_limit']?.type).toBe('int')
    expect(transactionOptionData['access_system_keys']?.type).toBe('none')
  })

  it('passes the tracing name as a string and the supported flags as null parameters', () => {
    expect(transactionOptionsToNative({ debugTransactionIdentifier: 'job-7', logTransaction: true, readYourWritesDisable: true, snapshotRywDisable: true })).toEqual([
      { name: 'readYourWritesDisable', code: 51, value: null },
      { name: 'snapshotRywDisable', code: 601, value: null },
      { name: 'debugTransactionIdentifier', code: 403, value: 'job-7' },
      { name: 'logTransaction', code: 404, value: null },
    ])
  })

  it('passes the idempotency options: automaticIdempotency as a flag, idempotencyId as its bytes (a string as UTF-8), 16 to 255 bytes', () => {
    const id = Buffer.alloc(16, 7)
    expect(transactionOptionsToNative({ automaticIdempotency: true, idempotencyId: id })).toEqual([
      { name: 'automaticIdempotency', code: 505, value: null },
      { name: 'idempotencyId', code: 504, value: id },
    ])
    expect(transactionOptionsToNative({ idempotencyId: 'order-0000000042' })[0]!.value).toEqual(Buffer.from('order-0000000042'))
    expect(transactionOptionData['idempotency_id']?.type).toBe('string')
    for (const bytes of [15, 256]) {
      expect(() => transactionOptionsToNative({ idempotencyId: Buffer.alloc(bytes) })).toThrow(expect.objectContaining({ code: ErrorCode.invalidOptionValue }))
    }
    expect(transactionOptionsToNative({ idempotencyId: Buffer.alloc(255) })[0]!.value).toHaveLength(255)
  })

  it('lists the native options to set, flags as null parameters and the timeout last', () => {
    expect(
      transactionOptionsToNative({
        timeout: 3000,
        retryLimit: 5,
        maxRetryDelay: 200,
        sizeLimit: 1_000_000,
        accessSystemKeys: true,
        readSystemKeys: true,
      }),
    ).toEqual([
      { name: 'accessSystemKeys', code: 301, value: null },
      { name: 'readSystemKeys', code: 302, value: null },
      { name: 'sizeLimit', code: 503, value: 1_000_000 },
      { name: 'retryLimit', code: 501, value: 5 },
      { name: 'maxRetryDelay', code: 502, value: 200 },
      { name: 'timeout', code: 500, value: 3000 },
    ])
  })

  it('skips undefined options and flags set to false', () => {
    expect(transactionOptionsToNative({})).toEqual([])
    expect(transactionOptionsToNative({ accessSystemKeys: false, timeout: undefined })).toEqual([])
  })

  it('accepts FoundationDB’s boundary values', () => {
    expect(transactionOptionsToNative({ timeout: 0, retryLimit: -1, maxRetryDelay: 0, sizeLimit: 32 })).toHaveLength(4)
    expect(transactionOptionsToNative({ sizeLimit: 10_000_000 })).toHaveLength(1)
  })

  it('rejects values outside FoundationDB’s ranges with 2006 (invalid_option_value)', () => {
    const bad: TransactionOptions[] = [
      { timeout: -1 },
      { retryLimit: -2 },
      { maxRetryDelay: -1 },
      { sizeLimit: 31 },
      { sizeLimit: 10_000_001 },
      { timeout: 2 ** 31 },
    ]
    for (const options of bad) {
      expect(() => transactionOptionsToNative(options), JSON.stringify(options)).toThrow(
        expect.objectContaining({ code: 2006 }),
      )
    }
  })

  it('rejects wrong types with invalidArgument', () => {
    expect(() => transactionOptionsToNative({ timeout: 1.5 })).toThrow(expect.objectContaining({ code: 9001 }))
    expect(() => transactionOptionsToNative({ timeout: '5' as unknown as number })).toThrow(
      expect.objectContaining({ code: 9001 }),
    )
    expect(() => transactionOptionsToNative({ accessSystemKeys: 1 as unknown as boolean })).toThrow(
      expect.objectContaining({ code: 9001 }),
    )
    expect(() => transactionOptionsToNative(null as unknown as TransactionOptions)).toThrow(
      expect.objectContaining({ code: 9001 }),
    )
  })

  it('knows which options FoundationDB keeps across onError', () => {
    expect([...PERSISTENT_OPTIONS].sort()).toEqual(['maxRetryDelay', 'retryLimit', 'timeout'])
  })

  it('merges option sets left to right, ignoring undefined', () => {
    expect(
      mergeTransactionOptions({ timeout: 1, retryLimit: 3 }, undefined, { timeout: 2, retryLimit: undefined }),
    ).toEqual({ timeout: 2, retryLimit: 3 })
  })

  it('sets the non-persistent options again after onError, and all of them after reset', () => {
    const options: TransactionOptions = { timeout: 1000, retryLimit: 2, sizeLimit: 5000, accessSystemKeys: true }
    expect(optionsToReapply(options, 'onError').map((o) => o.name)).toEqual(['accessSystemKeys', 'sizeLimit'])
    expect(optionsToReapply(options, 'reset').map((o) => o.name)).toEqual([
      'accessSystemKeys',
      'sizeLimit',
      'retryLimit',
      'timeout',
    ])
    expect(optionsToReapply({}, 'reset')).toEqual([])
  })
})

describe('the one-shot nextWriteNoWriteConflictRange option', () => {
  it('maps to FoundationDB option 30 as a flag and is never set again after a reset or retry', () => {
    expect(transactionOptionsToNative({ nextWriteNoWriteConflictRange: true })).toEqual([
      { name: 'nextWriteNoWriteConflictRange', code: 30, value: null },
    ])
    expect(optionsToReapply({ nextWriteNoWriteConflictRange: true, timeout: 5 }, 'reset').map((o) => o.name)).toEqual(['timeout'])
  })
})
