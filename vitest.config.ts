import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The suite runs on a shared two-core machine: fail on stray focus, keep timeouts generous.
    allowOnly: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
