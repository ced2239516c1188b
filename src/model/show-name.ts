import { quoteName } from "./quote-name.js";

/** A Kubernetes name, kind or apiVersion as written: letters, digits, `.`, `-`, `/` and `:` (RBAC names such as `system:x`). */
const PLAIN_NAME = /^[A-Za-z0-9]([A-Za-z0-9.:/-]{0,251}[A-Za-z0-9])?$/;

/**
 * A name or kind from a manifest, for a message: as it is when it keeps to the characters names are made of,
 * else quoted by `quoteName`, so that nothing in it can act as markdown, HTML or a mention wherever the
 * message is shown.
 */
export function showName(value: string): string {
  return PLAIN_NAME.test(value) ? value : quoteName(value);
}
