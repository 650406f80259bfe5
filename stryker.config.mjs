// Mutation testing with StrykerJS: `pnpm mutate [target]` (scripts/mutate.mjs
// picks the files to mutate). Not part of CI: a run over the engine takes
// far longer than CI may on two cores. Reports go to reports/mutation/
// (git-ignored), one folder per target, set by scripts/mutate.mjs with the
// incremental results and the engines the tests run on.
//
// Left out by configuration:
// - mutants of error-message text (the `error-messages` ignorer in
//   scripts/mutation/error-messages.mjs); error codes, conditions, bounds
//   and arithmetic are all mutated;
// - static mutants (module-level constants evaluated once at import), which
//   would need the whole suite per mutant (`ignoreStatic`).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'pnpm',
  testRunner: 'vitest',
  // Not 'related': vitest's import graph misses tests that reach a file through the packages' index; per-test coverage narrows the tests instead.
  vitest: { configFile: 'vitest.config.ts', related: false },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.test.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  plugins: ['@stryker-mutator/vitest-runner', '@stryker-mutator/typescript-checker', './scripts/mutation/error-messages.mjs', './scripts/mutation/progress-log.mjs'],
  ignorers: ['error-messages'],
  reporters: ['clear-text', 'progress', 'html', 'json', 'progress-log'],
  tempDirName: '.stryker-tmp',
  // 1 checker and 2 test runners (3 once the checker is done), all under
  // `nice`: the runners mostly wait on a busy machine.
  concurrency: 3,
  // Over the covering tests' own time (x1.5). Generous: a test runner's first
  // run after a restart loads and transforms every module, and on a busy
  // machine that alone outlasts a short timeout, which restarts the runner
  // again (a run of nothing but timeouts). Mutants that loop forever are
  // mostly stopped sooner by Stryker's hit limit.
  timeoutMS: 60_000,
  // The first run of core's whole suite, with coverage, on two busy cores.
  dryRunTimeoutMinutes: 30,
  thresholds: { high: 90, low: 80 },
}
