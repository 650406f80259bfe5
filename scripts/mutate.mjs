// `pnpm mutate [--full] [target ...]`: mutation testing with StrykerJS
// (config in stryker.config.mjs). A target is a package name (`nstore`: its
// src/), or a folder or file. With no target: core's embedded engine, its
// found-style API and its tuple layer. Each mutant runs only the tests that
// cover it (per-test coverage), within the tests of the package being
// mutated.
//
// Made cheap enough to run on two cores:
// - vitest runs the test files without isolation (FOUNDKIT_MUTATION=1, read
//   by vitest.config.ts): core's modules load once per test runner, not
//   once per test file and mutant;
// - the tests run on the memory engine only, without the fault-injecting
//   variants (FOUNDKIT_ENGINES=memory, FOUNDKIT_FAULT_SEEDS=none); a target
//   inside core's engine also runs them on the durable engines, whose code it
//   mutates. Set either variable yourself to choose otherwise;
// - each of core's default targets runs the tests written for it (its own
//   folder's tests, and core's conformance suites for the API and the
//   engine) rather than all of core's: a mutant counts as killed only when
//   those tests catch it. Other targets run their package's tests, except
//   the durable crash tests, whose child processes never see the mutant;
// - the TypeScript checker compiles only the mutated package's sources (a
//   generated, git-ignored tsconfig.mutate.json), not the whole workspace;
// - incremental: each target keeps its results in
//   reports/mutation/<target>.incremental.json (git-ignored), and a rerun
//   tests only the mutants whose code or covering tests changed. `--full`
//   tests every mutant again.
import { existsSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Stryker } from '@stryker-mutator/core'
import config from '../stryker.config.mjs'

const DEFAULT_TARGETS = ['packages/core/src/engine/embedded', 'packages/core/src/api', 'packages/core/src/tuple']

const CONFORMANCE = 'packages/core/test/conformance/**/*.test.ts'
/** The tests each of core's folders is measured against (by the longest matching prefix). */
const TESTS_OF = {
  'packages/core/src/tuple': ['packages/core/src/tuple/**/*.test.ts'],
  'packages/core/src/api': [
    'packages/core/src/api/**/*.test.ts',
    CONFORMANCE,
    'packages/core/src/{scan,bulk,options}/**/*.test.ts',
    'packages/core/src/engine/packed.test.ts',
  ],
  'packages/core/src/engine/embedded': ['packages/core/src/engine/embedded/**/*.test.ts', 'packages/core/src/api/**/*.test.ts', CONFORMANCE],
}

/** The test files for the mutated globs: those of their folder in TESTS_OF, else the package's minus the crash tests. */
function testFilesOf(globs, dir) {
  const files = new Set()
  for (const glob of globs) {
    const folder = Object.keys(TESTS_OF).find((prefix) => glob === prefix || glob.startsWith(`${prefix}/`))
    if (folder === undefined) return [`packages/${dir}/src/**/*.test.ts`, `packages/${dir}/test/**/*.test.ts`, '!packages/core/test/durable/**']
    for (const tests of TESTS_OF[folder]) files.add(tests)
  }
  return [...files]
}

/** The globs Stryker mutates for one target. */
function globsOf(target) {
  const asPackage = join('packages', target, 'src')
  const path = existsSync(asPackage) ? asPackage : target.replace(/\/+$/, '')
  if (!existsSync(path)) throw new Error(`pnpm mutate: no package or path named ${target}`)
  if (statSync(path).isFile()) return [path]
  return [`${path}/**/*.ts`, `!${path}/**/*.test.ts`]
}

/** The package a path lies in (its tests are the ones run). */
function packageOf(glob) {
  const match = /^packages\/([^/]+)/.exec(glob)
  if (match === null) throw new Error(`pnpm mutate: ${glob} is not inside packages/`)
  return match[1]
}

const args = process.argv.slice(2)
const full = args.includes('--full')
const targets = args.filter((a) => a !== '--full')
const mutate = (targets.length > 0 ? targets : DEFAULT_TARGETS).flatMap(globsOf)
const included = mutate.filter((g) => !g.startsWith('!'))
const dirs = [...new Set(included.map(packageOf))]
if (dirs.length > 1) throw new Error(`pnpm mutate: mutate one package at a time (got ${dirs.join(', ')})`)
process.env['FOUNDKIT_TEST_PACKAGE'] = dirs[0] // read by vitest.config.ts
process.env['FOUNDKIT_MUTATION'] = '1' // vitest.config.ts: no isolation between test files
const mutatesEngine = included.some((g) => g.startsWith('packages/core/src/engine'))
process.env['FOUNDKIT_ENGINES'] ??= mutatesEngine ? 'memory,durable,durable-cold' : 'memory'
process.env['FOUNDKIT_FAULT_SEEDS'] ??= 'none'
// One name per target for its reports and incremental results.
const slug = (targets.length > 0 ? targets.join('+') : 'default').replace(/^packages\//, '').replace(/\/src\b/, '').replace(/\.ts\b/g, '').replace(/[^\w+.-]+/g, '-').replace(/-+$/, '')
const reports = `reports/mutation/${slug}`
const testFiles = testFilesOf(included, dirs[0])
console.log(`mutating ${mutate.join(' ')}; tests: ${testFiles.join(' ')} on ${process.env['FOUNDKIT_ENGINES']} (fault seeds: ${process.env['FOUNDKIT_FAULT_SEEDS']}); reports: ${reports}/`)
writeFileSync(
  'tsconfig.mutate.json',
  `${JSON.stringify({ extends: './tsconfig.test.json', include: [`packages/${dirs[0]}/src/**/*.ts`], exclude: ['**/*.test.ts'] }, null, 2)}\n`,
)
process.env['FOUNDKIT_MUTATION_LOG'] = `${reports}/mutants.jsonl` // scripts/mutation/progress-log.mjs
const started = Date.now()
const result = await new Stryker({
  ...config,
  mutate,
  testFiles,
  tsconfigFile: 'tsconfig.mutate.json',
  incremental: true,
  incrementalFile: `${reports}.incremental.json`,
  force: full,
  htmlReporter: { fileName: `${reports}/index.html` },
  jsonReporter: { fileName: `${reports}/mutation.json` },
}).runMutationTest()
const count = (status) => result.filter((m) => m.status === status).length
const killed = count('Killed') + count('Timeout')
const survived = count('Survived') + count('NoCoverage')
const minutes = ((Date.now() - started) / 60_000).toFixed(1)
console.log(
  `mutation score: ${((100 * killed) / Math.max(1, killed + survived)).toFixed(1)}% (${killed} killed or timed out, ${survived} survived or not covered; ` +
    `${count('CompileError')} did not compile, ${count('Ignored')} left out, ${count('RuntimeError')} runtime errors) in ${minutes} min`,
)
