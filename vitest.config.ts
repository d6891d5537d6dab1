import { defineConfig } from 'vitest/config';

// Two projects: fast pure unit tests in Node, and end-to-end tests that build the app with a small generated dataset,
// serve it with `vite preview` and drive Debian's Chromium through playwright-core (see ARCHITECTURE.md, "Tests").
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/e2e/globalSetup.ts'],
          // two files at a time (each its own Chromium; software GL leaves the second core mostly idle otherwise);
          // feed.test.ts, which breaks the simulator on purpose, serves the app from a server of its own
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
    ],
  },
});
