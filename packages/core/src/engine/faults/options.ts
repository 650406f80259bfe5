import { describe } from '../../keys/bytes.js'
import { requireKnownOptions } from '../../options/known.js'

/**
 * One kind of fault {@link FaultOptions} can inject, each one an error (or a
 * delay) a busy FoundationDB cluster produces:
 *
 * - `'conflict'`: the commit fails with 1020 (not_committed) and is not applied;
 * - `'tooOld'`: a read late in the transaction (its 2nd to 5th read) fails
 *   with 1007 (transaction_too_old);
 * - `'unknownApplied'`: the commit IS applied, then fails with 1021
 *   (commit_unknown_result), so `transactional` runs the body a second time
 *   on top of its own effects;
 * - `'unknownNotApplied'`: the commit is not applied and fails with 1021;
 * - `'delay'`: reads and commits resolve a few event-loop turns later, so
 *   concurrent transactions interleave differently on every seed.
 *
 * @example
 * ```ts
 * const kinds: FaultKind[] = ['conflict', 'unknownApplied']
 * const db = await open({ faults: { rate: 0.2, seed: 7, kinds } })
 * ```
 */
export type FaultKind = 'conflict' | 'tooOld' | 'unknownApplied' | 'unknownNotApplied' | 'delay'

/**
 * Every {@link FaultKind}, in the order the injector draws them from.
 *
 * @example
 * ```ts
 * const withoutApplied = FAULT_KINDS.filter((k) => k !== 'unknownApplied')
 * ```
 */
export const FAULT_KINDS: readonly FaultKind[] = Object.freeze(['conflict', 'tooOld', 'unknownApplied', 'unknownNotApplied', 'delay'])

/**
 * Fault injection, a testing tool: `open({ faults })` makes the engine throw,
 * on purpose and reproducibly, the retryable errors a busy FoundationDB
 * cluster throws, so that code which is only correct on a quiet database
 * fails in tests instead of in production. See docs/testing-with-faults.md.
 *
 * @example
 * ```ts
 * const db = await open({ faults: { rate: 0.1, seed: 42 } }) // every kind, one attempt in ten
 * ```
 */
export interface FaultOptions {
  /**
   * The probability (0 to 1, default 0.1) that one attempt of a transaction
   * meets a fault (one of the failing kinds), and that one read or commit is
   * delayed. A transaction fails at most 3 attempts in a row, so every
   * transaction gets through eventually (unless its `retryLimit` is lower).
   * @example
   * ```ts
   * await open({ faults: { rate: 0.5 } })
   * ```
   */
  readonly rate?: number
  /**
   * The seed (an integer, default 1): the same seed injects the same faults
   * into the same transactions of the same program.
   * @example
   * ```ts
   * await open({ faults: { seed: Number(process.env.SEED ?? 1) } })
   * ```
   */
  readonly seed?: number
  /**
   * Which faults to inject (default: all of {@link FAULT_KINDS}).
   * @example
   * ```ts
   * await open({ faults: { kinds: ['unknownApplied'] } }) // only 1021 after an applied commit
   * ```
   */
  readonly kinds?: readonly FaultKind[]
}

/** {@link FaultOptions} checked, with their defaults filled in. @internal */
export interface FaultPlan {
  readonly rate: number
  readonly seed: number
  readonly kinds: readonly FaultKind[]
}

const KNOWN = ['rate', 'seed', 'kinds']

/** Checks `faults` (TypeError on a wrong type or an unknown key) and fills in the defaults. @internal */
export function faultPlanOf(what: string, faults: FaultOptions): FaultPlan {
  requireKnownOptions(`${what}: faults`, faults, KNOWN)
  const { rate = 0.1, seed = 1, kinds = FAULT_KINDS } = faults
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) throw new TypeError(`${what}: faults.rate must be a number from 0 to 1, got ${describe(rate)}`)
  if (!Number.isSafeInteger(seed)) throw new TypeError(`${what}: faults.seed must be an integer, got ${describe(seed)}`)
  if (!Array.isArray(kinds)) throw new TypeError(`${what}: faults.kinds must be an array of ${FAULT_KINDS.join(', ')}, got ${describe(kinds)}`)
  for (const kind of kinds) {
    if (!FAULT_KINDS.includes(kind)) throw new TypeError(`${what}: faults.kinds: unknown kind ${typeof kind === 'string' ? JSON.stringify(kind) : describe(kind)}; known kinds: ${FAULT_KINDS.join(', ')}`)
  }
  return Object.freeze({ rate, seed, kinds: Object.freeze([...new Set(kinds)]) })
}
