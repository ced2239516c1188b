/**
 * A named step of a judgement. What fails inside it fails as a `StepFailed` that carries the step's name,
 * so the failure summary can say "netpol-guard could not <step>" without the orchestrator tracking which
 * step is running. A step nested in another keeps the inner name (the more precise one).
 */
import { StepFailed } from "./step-failed.js";

/**
 * The name a step fails under. A step that does several things in turn (reading the trees, then the
 * config, then the files) may rename itself as it goes; no other code writes it.
 */
export interface Progress {
  step: string;
}

export async function step<T>(name: string, fn: (progress: Progress) => Promise<T>): Promise<T> {
  const progress: Progress = { step: name };
  try {
    return await fn(progress);
  } catch (error) {
    throw error instanceof StepFailed ? error : new StepFailed(progress.step, error);
  }
}
