import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    // One production build for the run: the browser suites serve it, test/build checks its size.
    globalSetup: ['test/support/globalBuild.ts'],
  },
});
