/** What a failed step throws: the step's name for the failure summary, and what went wrong inside it. */
export class StepFailed extends Error {
  constructor(
    readonly step: string,
    override readonly cause: unknown,
  ) {
    super(`could not ${step}`);
    this.name = "StepFailed";
  }
}
