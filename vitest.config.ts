import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: {
    // Tests run against each package's TypeScript source, not its build output.
    conditions: ['@foundkit/source'],
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})
