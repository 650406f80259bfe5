import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: {
    // Tests run against each package's TypeScript source, not its build output.
    conditions: ['@foundkit/source'],
  },
  // Tests run in Node, where Vite resolves packages with the server-side conditions.
  ssr: { resolve: { conditions: ['@foundkit/source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'docs/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})
