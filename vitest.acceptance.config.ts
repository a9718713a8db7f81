import { defineConfig } from 'vitest/config';

/** Slower acceptance checks, outside `npm test`: `npm run test:acceptance`. */
export default defineConfig({
  test: {
    include: ['test/acceptance/**/*.accept.ts'],
    setupFiles: ['test/setup/seed.ts', 'test/setup/parent-gone.ts'],
    // every temporary folder of the tier under one directory, removed when the run ends
    globalSetup: ['test/setup/temp-root.ts'],
    testTimeout: 300_000,
    reporters: ['default', 'json', 'junit'],
    outputFile: { json: 'reports/vitest-acceptance/results.json', junit: 'reports/vitest-acceptance/junit.xml' },
  },
});
