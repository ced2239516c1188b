/** One watched file of a ref, as the snapshot layer read it. */
export interface SnapshotFile {
  path: string;
  kind: "kubernetes" | "terraform";
  /** The content, or null when it could not or should not be read (see `unreadable`). */
  text: string | null;
  /** A digest of the content (a git blob SHA), the key of the parse cache. */
  digest: string;
  /** Why `text` is null: too large, binary, a link... */
  unreadable?: string;
}
