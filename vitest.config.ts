import { defineConfig } from "vitest/config";

/**
 * The slow project: end to end over HTTP and worker threads, the compiled CLI, the shared corpora, and the
 * property tests at their full number of runs. Each file takes tens of seconds on the two-core machine
 * (README, Development). `npm test` runs the fast project, `npm run test:slow` this one, `.ci/run` both.
 */
const SLOW = [
  "test/e2e/**/*.test.ts",
  "test/cli-workers.test.ts",
  "test/conformance/**/*.test.ts",
  "test/unit/parsers/kubernetes/corpus.test.ts",
  "test/unit/parse-pool/parse-pool.test.ts",
  "test/properties/**/*.test.ts",
];

/** The property tests' runs in the fast project (each file's own default, 150 to 3,000, in the slow one). */
const FAST_PROPERTY_RUNS = "50";

export default defineConfig({
  test: {
    // Fail on stray focus.
    allowOnly: false,
    projects: [
      {
        extends: true,
        test: {
          name: "fast",
          include: ["test/**/*.test.ts"],
          exclude: SLOW.filter((glob) => !glob.startsWith("test/properties/")),
          env: { NETPOL_FC_RUNS: process.env.NETPOL_FC_RUNS ?? FAST_PROPERTY_RUNS },
          // Both cores: vitest's default (the cores less one) is a single worker on a 2-core machine, and
          // the main process mostly waits while the files run.
          maxWorkers: 2,
          // One module graph per worker, not per file: importing Probot, Octokit and the app again for each of
          // the 139 files was half of the run (import 77 s summed, against 18 s). What files change in the
          // process's global state is put back after each one (test/helpers/shared-worker-reset.ts).
          isolate: false,
          setupFiles: ["test/helpers/shared-worker-reset.ts"],
          // Timeouts guard against hangs: far above what a test takes on a loaded shared machine.
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: "slow",
          include: SLOW,
          // The work of these files is large (servers, workers, thousands of runs): their guards are too.
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
