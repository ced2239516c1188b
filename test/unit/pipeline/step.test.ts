import { describe, expect, it } from "vitest";
import { step } from "../../../src/pipeline/step.js";
import { StepFailed } from "../../../src/pipeline/step-failed.js";

async function failure(run: () => Promise<unknown>): Promise<StepFailed> {
  try {
    await run();
  } catch (error) {
    if (error instanceof StepFailed) return error;
    throw error;
  }
  throw new Error("did not fail");
}

describe("step", () => {
  it("returns what its function returns", async () => {
    await expect(step("read", async () => 42)).resolves.toBe(42);
  });

  it("fails under its name, with the error as the cause", async () => {
    const cause = new Error("boom");
    const failed = await failure(() => step("read the configuration", async () => Promise.reject(cause)));
    expect(failed.step).toBe("read the configuration");
    expect(failed.cause).toBe(cause);
  });

  it("fails under the name it gave itself last, and a nested step under the inner name", async () => {
    const renamed = await failure(() =>
      step("read the configuration", async (progress) => {
        progress.step = "read the watched files";
        throw new Error("gone");
      }),
    );
    expect(renamed.step).toBe("read the watched files");
    const nested = await failure(() => step("read the configuration", () => step("create the check run", async () => Promise.reject(new Error("no")))));
    expect(nested.step).toBe("create the check run");
  });
});
