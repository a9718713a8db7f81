import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup/seed.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // Machine-readable results for CI systems beside the terminal output.
    reporters: ['default', 'json', 'junit'],
    outputFile: { json: 'reports/vitest/results.json', junit: 'reports/vitest/junit.xml' },
  },
});
