import { defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

// `pnpm mutate` runs one package's tests only: it names the package here.
const only = process.env['FOUNDKIT_TEST_PACKAGE']
// `pnpm mutate` reruns the same test files once per mutant: without isolation
// the modules they import are loaded once per worker instead of once per
// file and run (about ten times faster on two cores).
const mutation = process.env['FOUNDKIT_MUTATION'] === '1'

/** The quickest test files first (vitest's default runs the slowest first): a mutant is killed, and the run stopped, sooner. */
class QuickestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return (await super.sort(files)).reverse()
  }
}

export default defineConfig({
  resolve: {
    // Tests run against each package's TypeScript source, not its build output.
    conditions: ['@foundkit/source'],
  },
  // Tests run in Node, where Vite resolves packages with the server-side conditions.
  ssr: { resolve: { conditions: ['@foundkit/source'] } },
  test: {
    include:
      only === undefined
        ? ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'docs/*.test.ts']
        : [`packages/${only}/src/**/*.test.ts`, `packages/${only}/test/**/*.test.ts`],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    isolate: !mutation,
    ...(mutation ? { sequence: { sequencer: QuickestFirst } } : {}),
  },
})
