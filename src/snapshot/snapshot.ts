import type { SnapshotFile } from "../model/snapshot-file.js";

/** The watched files of one ref, and the config file's text at that ref. */
export interface RefSnapshot {
  /** A commit SHA, or `working tree`. */
  label: string;
  files: SnapshotFile[];
  configText: string | null;
}

/** Files over this size are not read: a finding says so, and the change cannot pass unread. */
export const MAX_FILE_BYTES = 1024 * 1024;

/**
 * Decodes a file's bytes, or says why it will not be judged: binary (a NUL byte) or not UTF-8.
 * A leading BOM is dropped.
 */
export function decodeFile(bytes: Uint8Array): { text: string } | { unreadable: string } {
  if (bytes.includes(0)) return { unreadable: "it is binary (it contains NUL bytes)" };
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text };
  } catch {
    return { unreadable: "it is not valid UTF-8" };
  }
}
