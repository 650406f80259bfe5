import type { Engine, EngineTransaction, TransactionOptions } from '../types.js'
import type { FaultPlan } from './options.js'
import { mixSeed, seededRandom } from './random.js'
import { FaultyTransaction } from './transaction.js'

// FaultPlan and faultPlanOf are internal: importers take them from './options.js', so that the published
// declarations (which leave internal symbols out) re-export nothing missing.
export { FAULT_KINDS, type FaultKind, type FaultOptions } from './options.js'

/**
 * `engine` with faults injected into its transactions, as `plan` says.
 * Transaction n of the engine draws its faults from its own generator seeded
 * with (seed, n), so one transaction's faults do not depend on what the
 * others did: the same program meets the same faults on every run.
 * @internal Use `open({ faults })`.
 */
export function withFaults(engine: Engine, plan: FaultPlan): Engine {
  let serial = 0
  return {
    kind: engine.kind,
    createTransaction(options?: TransactionOptions): EngineTransaction {
      const inner = engine.createTransaction(options)
      const n = serial++
      return new FaultyTransaction(inner, plan, seededRandom(mixSeed(plan.seed, n)), `seed ${plan.seed}, transaction ${n}`)
    },
    close: () => engine.close(),
  }
}
