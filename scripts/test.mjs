// Runs the whole test suite with vitest, then prints a closing summary line
// ("tests: N passed, N failed, N skipped") and says plainly whether the
// FoundationDB run of the conformance suite ran or was skipped, and why, and
// which fault-injecting engine variants ran (see docs/testing-with-faults.md)
// and, for each test that failed on one, its seed and the command that replays
// it, and which blocks of the guides could not run here.
import { spawnSync } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'

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
const tests = summary.testResults.flatMap((file) => file.assertionResults.map((t) => ({ ...t, file: file.name })))
// A suite of forEachEngine is titled "<title> [<engine>]", plus " (skipped: <reason>)" when the engine is skipped.
const engineTag = /\s\[[^\]]+\](\s\(skipped:.*\))?$/
// A skipped engine's suite: its forEachEngine describe (nested describes inside it are part of it).
const suiteOf = (t) => {
  const top = t.ancestorTitles.findIndex((title) => engineTag.test(title))
  return `${t.file} > ${t.ancestorTitles.slice(0, top + 1).join(' > ')}`
}
const fdbSkippedSuites = new Set(
  tests
    .filter((t) => t.status !== 'passed' && t.status !== 'failed')
    .filter((t) => [t.title, ...t.ancestorTitles].some((title) => /FDB_CLUSTER_FILE/.test(title)))
    .map(suiteOf),
)
if (process.env.FDB_CLUSTER_FILE) {
  console.log(`FoundationDB conformance run: against the cluster in ${process.env.FDB_CLUSTER_FILE}`)
} else {
  console.log(`FoundationDB conformance run: SKIPPED (${fdbSkippedSuites.size} suites) because FDB_CLUSTER_FILE is not set`)
}
const faultRuns = new Set(
  tests.flatMap((t) => [...(t.fullName ?? '').matchAll(/\[(\S+\+faults seed=\d+)/g)].map((m) => m[1])),
)
console.log(
  faultRuns.size === 0
    ? 'Fault injection run: none (FOUNDKIT_FAULT_SEEDS=none, or no suite uses forEachEngine)'
    : `Fault injection run: ${faultRuns.size} engine variants (${[...faultRuns].slice(0, 3).join(', ')}${faultRuns.size > 3 ? ', ...' : ''}); FOUNDKIT_FAULT_SEEDS=1-24 or pnpm test:faults for more seeds`,
)
// Each test that failed on a fault variant, with its seed and the one command that replays it
// (the same command is in the test's own error, which a 24-seed run's output buries).
const faultFailures = tests
  .filter((t) => t.status === 'failed')
  .map((t) => ({ t, seed: /\[\S+\+faults seed=(\d+)/.exec(t.fullName ?? '')?.[1] }))
  .filter(({ seed }) => seed !== undefined)
if (faultFailures.length > 0) {
  console.log(`Failed under fault injection: ${faultFailures.length} tests (seeds ${[...new Set(faultFailures.map(({ seed }) => Number(seed)))].sort((a, b) => a - b).join(', ')}); replay each with:`)
  for (const { t, seed } of faultFailures) {
    const pattern = [...t.ancestorTitles, t.title].join(' ').replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/'/g, "'\\''")
    console.log(`  FOUNDKIT_FAULT_SEEDS=${seed} npx vitest run ${relative(process.cwd(), t.file)} -t '${pattern}'`)
  }
}
// docs/examples.test.ts lists a guide's block that cannot run here as a skipped test titled "<where> not run: <reason>".
if (tests.some((t) => t.file.endsWith('docs/examples.test.ts'))) {
  const notRun = tests.filter((t) => t.status !== 'passed' && t.status !== 'failed' && / not run: /.test(t.title)).map((t) => t.title)
  console.log(`Guide examples: every TypeScript block ran${notRun.length === 0 ? '' : ` except ${notRun.length}: ${notRun.join('; ')}`}`)
}
// The same test run on several engines counts once here.
const distinct = new Set(
  tests
    .filter((t) => t.status === 'passed')
    .map((t) => `${t.file} > ${t.ancestorTitles.map((title) => title.replace(engineTag, '')).join(' > ')} > ${t.title}`),
).size
const failed = summary.numFailedTests + (summary.numFailedTestSuites > 0 && summary.numFailedTests === 0 ? summary.numFailedTestSuites : 0)
console.log(`(the ${summary.numPassedTests} passes are ${distinct} distinct tests, most of them run on every engine)`)
console.log(`tests: ${summary.numPassedTests} passed, ${failed} failed, ${summary.numPendingTests + summary.numTodoTests} skipped`)
process.exit(run.status ?? 1)
