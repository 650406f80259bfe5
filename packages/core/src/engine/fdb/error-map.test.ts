import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { FoundError, isMaybeCommitted, isRetryable } from '../../errors.js'
import { errorCodeOf, fdbErrorName, isBindingError, isFoundkitOwnCode, toFoundError } from './error-map.js'

// The real binding's error class: dist/lib/error.js is plain JavaScript, so it
// loads without the native module (which cannot load on this machine).
const { default: BindingFDBError } = createRequire(import.meta.url)('foundationdb/dist/lib/error.js') as {
  default: new (description: string, code: number) => Error & { code: number }
}

describe('fdb error translation', () => {
  it('recognises the binding’s real FDBError class', () => {
    const err = new BindingFDBError('Transaction not committed due to conflict with another transaction', 1020)
    expect(isBindingError(err)).toBe(true)
    expect(isBindingError(new Error('x'))).toBe(false)
    expect(isBindingError(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBe(false)
    expect(isBindingError({ code: 1020, message: 'not an Error' })).toBe(false)
  })

  it('keeps the numeric code, adds FoundationDB’s name and the operation, and keeps the cause', () => {
    const err = new BindingFDBError('Transaction not committed due to conflict with another transaction', 1020)
    const found = toFoundError(err, 'commit')
    expect(found).toBeInstanceOf(FoundError)
    expect(found.code).toBe(1020)
    expect(found.cause).toBe(err)
    expect(found.message).toBe(
      'commit: Transaction not committed due to conflict with another transaction (FoundationDB error 1020 not_committed)',
    )
  })

  it('produces FoundErrors that the retry predicates classify like FoundationDB', () => {
    expect(isRetryable(toFoundError(new BindingFDBError('conflict', 1020), 'commit'))).toBe(true)
    expect(isRetryable(toFoundError(new BindingFDBError('too old', 1007), 'get'))).toBe(true)
    expect(isMaybeCommitted(toFoundError(new BindingFDBError('unknown result', 1021), 'commit'))).toBe(true)
    expect(isRetryable(toFoundError(new BindingFDBError('Key length exceeds limit', 2102), 'commit'))).toBe(false)
    expect(isRetryable(toFoundError(new BindingFDBError('timed out', 1031), 'get'))).toBe(false)
  })

  it('handles codes it has no name for', () => {
    const found = toFoundError(new BindingFDBError('Something new', 1999), 'get')
    expect(found.code).toBe(1999)
    expect(found.message).toBe('get: Something new (FoundationDB error 1999)')
  })

  it('adds how to point at a cluster to cluster file errors', () => {
    const found = toFoundError(
      new BindingFDBError('No cluster file found in current directory or default location', 1515),
      'open',
    )
    expect(found.code).toBe(1515)
    expect(found.message).toContain('no_cluster_file_found')
    expect(found.message).toContain('FDB_CLUSTER_FILE')
    expect(found.message).toContain('clusterFile')
  })

  it('returns FoundErrors unchanged', () => {
    const own = new FoundError(9001, 'bad argument')
    expect(toFoundError(own, 'get')).toBe(own)
  })

  it('wraps anything else from the binding as an internal error, keeping the cause', () => {
    const native = new TypeError('Invalid param - must be string, buffer or arraybuffer')
    const found = toFoundError(native, 'set')
    expect(found.code).toBe(4100)
    expect(found.cause).toBe(native)
    expect(found.message).toContain('Invalid param')
    expect(toFoundError('a string', 'get').message).toContain('a string')
  })

  it('names the codes foundkit relies on', () => {
    expect(fdbErrorName(1020)).toBe('not_committed')
    expect(fdbErrorName(1025)).toBe('transaction_cancelled')
    expect(fdbErrorName(1031)).toBe('transaction_timed_out')
    expect(fdbErrorName(2101)).toBe('transaction_too_large')
    expect(fdbErrorName(2203)).toBe('api_version_not_supported')
    expect(fdbErrorName(123456)).toBeUndefined()
  })

  it('extracts codes only from FoundErrors and binding errors', () => {
    expect(errorCodeOf(new FoundError(1020, 'x'))).toBe(1020)
    expect(errorCodeOf(new BindingFDBError('x', 1007))).toBe(1007)
    expect(errorCodeOf(new TypeError('x'))).toBeUndefined()
    expect(errorCodeOf(Object.assign(new Error('x'), { code: 1020 }))).toBeUndefined()
    expect(errorCodeOf(undefined)).toBeUndefined()
  })

  it('tells foundkit’s own codes from FoundationDB’s', () => {
    expect(isFoundkitOwnCode(9001)).toBe(true)
    expect(isFoundkitOwnCode(4100)).toBe(false)
    expect(isFoundkitOwnCode(1020)).toBe(false)
    expect(isFoundkitOwnCode(2203)).toBe(false)
    expect(isFoundkitOwnCode(6000)).toBe(false)
  })
})
