import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { optimizationAcrossCollection } from './optimization.js'

const cwd = fileURLToPath(new URL('../../', import.meta.url))

/** A short-lived class whose field turns from a small integer into a double: a new hidden class that nothing keeps, unless `kept`. */
const workload = (kept: boolean): string => `
class ProbeTx { state = 'open'; at = 0; constructor(store) { this.store = store } read() { this.at = performance.now(); return this.at } }
function probeUse(i) { const t = new ProbeTx({ i }); return t.read() + i }
let sink = 0
async function probeRound() { for (let i = 0; i < 50000; i++) sink += probeUse(i); await null }
const watched = { probeUse, read: ProbeTx.prototype.read }
${kept ? 'const probeKept = new ProbeTx({ i: 0 }); probeKept.read(); globalThis.probeKept = probeKept' : ''}
`

describe('optimizationAcrossCollection', () => {
  it('names the functions a full collection deoptimized, and none when an instance is kept', { timeout: 60_000 }, () => {
    // No inlining: V8 at times inlined `read` into `probeUse` and never optimized it on its own (this test flaked).
    const probe = { cwd, nodeArgs: ['--no-turbo-inlining'] }
    const unkept = optimizationAcrossCollection(workload(false), probe)
    expect(unkept.before).toEqual({ probeUse: true, read: true })
    expect(unkept.lost).toEqual(['probeUse', 'read'])
    expect(unkept.after).toEqual({ probeUse: false, read: false })
    const kept = optimizationAcrossCollection(workload(true), probe)
    expect(kept.before).toEqual({ probeUse: true, read: true })
    expect(kept.lost).toEqual([])
  })

  it('refuses arguments of the wrong type, and says why a probe failed', () => {
    expect(() => optimizationAcrossCollection(1 as unknown as string, { cwd })).toThrow(/setup must be a string/)
    expect(() => optimizationAcrossCollection('', {} as { cwd: string })).toThrow(/options.cwd must be a string/)
    expect(() => optimizationAcrossCollection('', { cwd, nodeArgs: [1] as unknown as string[] })).toThrow(/nodeArgs must be an array of strings/)
    expect(() => optimizationAcrossCollection("throw new Error('probe broke')", { cwd })).toThrow(/the probe failed \(exit 1\).*probe broke/s)
  })
})
