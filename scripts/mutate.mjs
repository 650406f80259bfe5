// `pnpm mutate [target ...]`: mutation testing with StrykerJS (config in
// stryker.config.mjs). A target is a package name (`nstore`: its src/), or a
// folder or file. With no target: core's embedded engine, its found-style
// API and its tuple layer. Each mutant runs only the tests that cover it
// (per-test coverage), within the tests of the package being mutated.
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { Stryker } from '@stryker-mutator/core'
import config from '../stryker.config.mjs'

const DEFAULT_TARGETS = ['packages/core/src/engine/embedded', 'packages/core/src/api', 'packages/core/src/tuple']

/** The globs Stryker mutates for one target. */
function globsOf(target) {
  const asPackage = join('packages', target, 'src')
  const path = existsSync(asPackage) ? asPackage : target
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

const targets = process.argv.slice(2)
const mutate = (targets.length > 0 ? targets : DEFAULT_TARGETS).flatMap(globsOf)
const dirs = [...new Set(mutate.filter((g) => !g.startsWith('!')).map(packageOf))]
if (dirs.length > 1) throw new Error(`pnpm mutate: mutate one package at a time (got ${dirs.join(', ')})`)
console.log(`mutating ${mutate.join(' ')}; tests: packages/${dirs[0]}`)
process.env['FOUNDKIT_TEST_PACKAGE'] = dirs[0] // read by vitest.config.ts
const result = await new Stryker({ ...config, mutate }).runMutationTest()
const count = (status) => result.filter((m) => m.status === status).length
const killed = count('Killed') + count('Timeout')
const survived = count('Survived') + count('NoCoverage')
console.log(`mutation score: ${((100 * killed) / Math.max(1, killed + survived)).toFixed(1)}% (${killed} killed or timed out, ${survived} survived or not covered)`)
