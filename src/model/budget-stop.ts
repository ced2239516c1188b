/** What one file cost to parse; `ms` of the file being parsed when the worker was stopped is how long it had run. */
export interface FileCost {
  path: string;
  bytes: number;
  ms: number;
}

/** Why a judgement was stopped: its time budget, its memory limit, or its worker died. */
export type BudgetReason = "time" | "memory" | "crash";

/** A judgement stopped by its budget, as the check run reports it (parse-within-budget.ts throws one). */
export interface BudgetStop {
  reason: BudgetReason;
  /** The file being parsed when the worker was stopped (null: between files, or before the first). */
  current: FileCost | null;
  /** The files parsed, costliest first. */
  parsed: FileCost[];
  /** What stopped it, in one sentence without its full stop. */
  message: string;
}
