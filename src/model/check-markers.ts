/**
 * What a completed check run records for later judgements, as hidden HTML comments in its `output.text`
 * (never in the summary, which is cut when too long): the approval fingerprint of the change at that commit
 * (`none` when nothing needed platform review), short ids of the items it covers (to say what changed since
 * an approval), and a break-glass override of that head commit. Pure.
 */

/** The fingerprint written when nothing needs platform review. */
export const NO_FINGERPRINT = "none";
/** Covered item ids written at most; the fingerprint alone decides, the ids only explain. */
export const MAX_COVERED_IDS = 500;
const MAX_REASON_LENGTH = 1_000;

/** A break-glass override of one head commit, by a member of the platform team. */
export interface OverrideRecord {
  /** The head commit it applies to; void on any other. */
  headSha: string;
  /**
   * The base commit the pull request had when the override was given: void on any other (the change judged
   * is another one). A record without it (written by an earlier version) is void.
   */
  baseSha?: string;
  /** Login of the platform team member. */
  by: string;
  /** ISO time of the command comment. */
  at: string;
  reason: string;
  /** The command comment, to link to. */
  commentUrl?: string;
}

/**
 * What a check run's verdict was computed for: a pull request and its base. Approvals, overrides and
 * fingerprints hold only for the same binding, so a check run of another pull request with the same head
 * commit (into another base) is never read as this one's.
 */
export interface Binding {
  pull: number;
  baseRef: string;
  baseSha: string;
}

export interface CheckMarkers {
  /** Null for a run that recorded none (a merge group's, or one written by an earlier version). */
  binding: Binding | null;
  fingerprint: string;
  /** Short ids of the covered items (see `approvalItems`); null when the run did not record them. */
  covers: string[] | null;
  override: OverrideRecord | null;
}

const FINGERPRINT = /<!-- netpol-guard:fingerprint=([0-9a-z]{1,64}) -->/;
const COVERS = /<!-- netpol-guard:covers=([0-9a-f,]*) -->/;
const OVERRIDE = /<!-- netpol-guard:override=(\{[^\n]*?\}) -->/;
const BINDING = /<!-- netpol-guard:binding=(\{[^\n]*?\}) -->/;

/** JSON that cannot end an HTML comment nor open a tag. */
function hiddenJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&-]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export function renderCheckMarkers(markers: CheckMarkers): string {
  const lines = [`<!-- netpol-guard:fingerprint=${markers.fingerprint} -->`];
  if (markers.binding !== null) {
    const { pull, baseRef, baseSha } = markers.binding;
    lines.push(`<!-- netpol-guard:binding=${hiddenJson({ pull, baseRef, baseSha })} -->`);
  }
  if (markers.covers !== null) lines.push(`<!-- netpol-guard:covers=${markers.covers.slice(0, MAX_COVERED_IDS).join(",")} -->`);
  if (markers.override !== null) {
    const o = markers.override;
    const record: OverrideRecord = { headSha: o.headSha, by: o.by, at: o.at, reason: o.reason.slice(0, MAX_REASON_LENGTH) };
    if (o.baseSha) record.baseSha = o.baseSha;
    if (o.commentUrl) record.commentUrl = o.commentUrl;
    lines.push(`<!-- netpol-guard:override=${hiddenJson(record)} -->`);
  }
  return lines.join("\n") + "\n";
}

/** The markers of a check run's `output.text`, or null when it has none (not a judged run of this app). */
export function parseCheckMarkers(text: string | null | undefined): CheckMarkers | null {
  if (!text) return null;
  const fingerprint = FINGERPRINT.exec(text)?.[1];
  if (fingerprint === undefined) return null;
  const covers = COVERS.exec(text)?.[1];
  return {
    binding: parseBinding(BINDING.exec(text)?.[1]),
    fingerprint,
    covers: covers === undefined ? null : covers.split(",").filter(Boolean),
    override: parseOverride(OVERRIDE.exec(text)?.[1]),
  };
}

/** Whether two bindings are the same pull request into the same branch (the base commit may have moved). */
export function sameBinding(a: Binding | null, b: Binding | null): boolean {
  return a !== null && b !== null && a.pull === b.pull && a.baseRef === b.baseRef;
}

function parseBinding(json: string | undefined): Binding | null {
  if (json === undefined) return null;
  try {
    const b = JSON.parse(json) as Record<string, unknown>;
    if (typeof b.pull !== "number" || typeof b.baseRef !== "string" || typeof b.baseSha !== "string") return null;
    return { pull: b.pull, baseRef: b.baseRef, baseSha: b.baseSha };
  } catch {
    return null;
  }
}

function parseOverride(json: string | undefined): OverrideRecord | null {
  if (json === undefined) return null;
  try {
    const o = JSON.parse(json) as Record<string, unknown>;
    const text = (k: string): string | null => (typeof o[k] === "string" ? (o[k] as string) : null);
    const headSha = text("headSha");
    const by = text("by");
    const at = text("at");
    const reason = text("reason");
    if (!headSha || !by || !at || reason === null) return null;
    const record: OverrideRecord = { headSha, by, at, reason };
    const baseSha = text("baseSha");
    if (baseSha) record.baseSha = baseSha;
    const url = text("commentUrl");
    if (url) record.commentUrl = url;
    return record;
  } catch {
    return null;
  }
}
