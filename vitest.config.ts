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
          // vitest's default is one worker fewer than the cores: ONE on a 2-core machine. Many unit files wait on
          // processes, servers and databases they start (CLIs, PostgreSQL, mosquitto, PGlite), so three side by side
          // keep both cores busy
          maxWorkers: 3,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/e2e/globalSetup.ts'],
          // one file at a time: software GL already uses both cores, and two files side by side were only ~15 % faster
          // idle (on SwiftShader) but failed under load; feed.test.ts serves the app from a server of its own anyway
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
