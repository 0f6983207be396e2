import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/helpers/globalSetup.ts'],
    // Each file gets its own database, so files run in parallel safely.
    pool: 'forks',
    // Two files at a time on any machine: most of a file's time is waiting (PostgreSQL, SMTP, the
    // browser, the clock of the process tests), so two share two cores well — the default (cores − 1)
    // would run one file at a time here. VITEST_MAX_WORKERS overrides it.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
    reporters: ['default'],
  },
});
