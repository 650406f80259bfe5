// getKey on the embedded engine, as in FoundationDB: a non-snapshot getKey
// adds the read conflict range between its selector's key and the key it
// resolves to (a write there makes the commit fail with 1020, a write outside
// does not); a snapshot getKey adds none; its key may be \xff (the end of the
// user keyspace) but not past it without system key access (2004, naming
// getKey), and it never resolves into the system keyspace without that access.
import { describe, expect, it } from 'vitest'
import { ErrorCode, FoundError } from '../../errors.js'
import { gt, gte, lt, lte, type KeySelector } from '../../keys/selector.js'
import { rejectsWith, withEmbeddedEngine } from '../../../test/harness.js'
import type { EngineTransaction } from '../types.js'
import type { EmbeddedEngine } from './index.js'

const k = (s: string): Buffer => Buffer.from(s, 'latin1')
const text = (key: Uint8Array): string => Buffer.from(key).toString('latin1')

/** Runs `fn` on a fresh memory engine holding the keys b, d and f. */
/** A fresh memory engine holding b, d and f. */
const withEngine = <T>(fn: (engine: EmbeddedEngine) => Promise<T>): Promise<T> => withEmbeddedEngine(fn, { b: '1', d: '1', f: '1' })

/**
 * Whether a transaction that ran `read` fails to commit (1020) after another
 * transaction wrote `written` in between (on a fresh database holding b, d, f).
 */
function conflicts(read: (tx: EngineTransaction) => Promise<unknown>, written: string, system = false): Promise<boolean> {
  return withEngine((engine) => conflictsIn(engine, read, written, system))
}

async function conflictsIn(engine: EmbeddedEngine, read: (tx: EngineTransaction) => Promise<unknown>, written: string, system: boolean): Promise<boolean> {
  const reader = engine.createTransaction()
  await read(reader)
  reader.set(k('own write'), k('1'))
  const writer = engine.createTransaction(system ? { accessSystemKeys: true } : {})
  writer.set(k(written), k('x'))
  await writer.commit()
  try {
    await reader.commit()
    return false
  } catch (error) {
    if (error instanceof FoundError && error.code === ErrorCode.notCommitted) return true
    throw error
  }
}

const getKey = (selector: KeySelector, snapshot = false) => (tx: EngineTransaction) => tx.getKey(selector, snapshot)

describe('getKey conflicts and bounds', () => {
  it('a forward selector conflicts on [its key, the resolved key] and nowhere else', async () => {
      // gte(c) resolves to d: the range [c, d\x00)
      expect(await conflicts(getKey(gte(k('c'))), 'c\x01')).toBe(true)
      expect(await conflicts(getKey(gte(k('c'))), 'd')).toBe(true)
      expect(await conflicts(getKey(gte(k('c'))), 'e')).toBe(false)
      expect(await conflicts(getKey(gte(k('c'))), 'b')).toBe(false)
      // gt(d) resolves to f: the range [d\x00, f\x00)
      expect(await conflicts(getKey(gt(k('d'))), 'e')).toBe(true)
      expect(await conflicts(getKey(gt(k('d'))), 'f\x01')).toBe(false)
  })

  it('a forward selector resolving past the last key conflicts up to \\xff, not on the system keyspace', () =>
    withEngine(async (engine) => {
      const tx = engine.createTransaction()
      expect(text(await tx.getKey(gte(k('g')), false))).toBe('\xff')
      tx.cancel()
      expect(await conflicts(getKey(gte(k('g'))), 'h')).toBe(true)
      expect(await conflicts(getKey(gte(k('g'))), '\xff', true)).toBe(false)
    }))

  it('a backward selector conflicts on [the resolved key, its key) and nowhere else', () =>
    withEngine(async (engine) => {
      // lt(e) resolves to d: the range [d, e)
      const tx = engine.createTransaction()
      expect(text(await tx.getKey(lt(k('e')), false))).toBe('d')
      tx.cancel()
      expect(await conflicts(getKey(lt(k('e'))), 'd\x01')).toBe(true)
      expect(await conflicts(getKey(lt(k('e'))), 'c')).toBe(false)
    }))

  it('a snapshot getKey adds no read conflict, forward or backward', async () => {
      expect(await conflicts(getKey(gte(k('c')), true), 'c\x01')).toBe(false)
      expect(await conflicts(getKey(gt(k('d')), true), 'e')).toBe(false)
      expect(await conflicts(getKey(lt(k('e')), true), 'd\x01')).toBe(false)
  })

  it('its key may be \\xff; past \\xff it is 2004 naming getKey, unless system keys are readable', () =>
    withEngine(async (engine) => {
      const tx = engine.createTransaction()
      expect(text(await tx.getKey(gte(k('\xff')), false))).toBe('\xff')
      expect(text(await tx.getKey(lte(k('\xff')), false))).toBe('f')
      await rejectsWith(tx.getKey(gte(k('\xff\x01')), false), ErrorCode.keyOutsideLegalRange, /^getKey:/)
      tx.cancel()
      const system = engine.createTransaction({ readSystemKeys: true })
      expect(text(await system.getKey(gte(k('\xff\x01')), false))).toBe('\xff\xff')
      system.cancel()
    }))

  it('without system key access, a backward selector never resolves into the system keyspace', () =>
    withEngine(async (engine) => {
      const admin = engine.createTransaction({ accessSystemKeys: true })
      admin.set(k('\xff'), k('system'))
      await admin.commit()
      const tx = engine.createTransaction()
      expect(text(await tx.getKey(lte(k('\xff')), false))).toBe('f')
      tx.cancel()
    }))

  it('a range read past \\xff is 2004 naming the range read', () =>
    withEngine(async (engine) => {
      const tx = engine.createTransaction()
      const options = { limit: 0, reverse: false, mode: 'want_all' as const, snapshot: false }
      const read = async (): Promise<void> => {
        for await (const _batch of tx.getRange(gte(k('\xff\x01')), gte(k('\xff\x02')), options));
      }
      await rejectsWith(read(), ErrorCode.keyOutsideLegalRange, /^range read:/)
      tx.cancel()
    }))
})
