// Runs the whole test suite with vitest, then prints a closing summary line
// ("tests: N passed, N failed, N skipped") and says plainly whether the
// FoundationDB run of the conformance suite ran or was skipped, and why, and
// which fault-injecting engine variants ran (see docs/testing-with-faults.md).
import { spawnSync } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const results = join(tmpdir(), `foundkit-vitest-${process.pid}.json`)
const run = spawnSync(
  process.execPath,
  ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
)
let summary
try {
  summary = JSON.parse(readFileSync(results, 'utf8'))
  rmSync(results, { force: true })
} catch {
  console.error('test summary: vitest wrote no results')
  process.exit(run.status === 0 ? 1 : (run.status ?? 1))
}
const fdbSkips = summary.testResults
  .flatMap((file) => file.assertionResults)
  .filter((t) => t.status !== 'passed' && t.status !== 'failed' && /FDB_CLUSTER_FILE/.test(t.title))
if (process.env.FDB_CLUSTER_FILE) {
  console.log(`FoundationDB conformance run: against the cluster in ${process.env.FDB_CLUSTER_FILE}`)
} else {
  console.log(`FoundationDB conformance run: SKIPPED (${fdbSkips.length} suites) because FDB_CLUSTER_FILE is not set`)
}
const faultRuns = new Set(
  summary.testResults.flatMap((file) => file.assertionResults).flatMap((t) => [...(t.fullName ?? '').matchAll(/\[(\S+\+faults seed=\d+)/g)].map((m) => m[1])),
)
console.log(
  faultRuns.size === 0
    ? 'Fault injection run: none (FOUNDKIT_FAULT_SEEDS=none, or no suite uses forEachEngine)'
    : `Fault injection run: ${faultRuns.size} engine variants (${[...faultRuns].slice(0, 3).join(', ')}${faultRuns.size > 3 ? ', ...' : ''}); FOUNDKIT_FAULT_SEEDS=1-24 or pnpm test:faults for more seeds`,
)
const failed = summary.numFailedTests + (summary.numFailedTestSuites > 0 && summary.numFailedTests === 0 ? summary.numFailedTestSuites : 0)
console.log(`tests: ${summary.numPassedTests} passed, ${failed} failed, ${summary.numPendingTests + summary.numTodoTests} skipped`)
process.exit(run.status ?? 1)
