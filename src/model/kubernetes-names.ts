/**
 * The name rules of the Kubernetes API server (k8s.io/apimachinery/pkg/util/validation), as predicates.
 * A manifest that breaks one of them is refused by the API server, so it never takes effect.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const IANA_SVC_NAME = /^[-a-z0-9]+$/;

/** A DNS-1123 label (namespace names): lowercase alphanumerics and '-', at most 63 characters. */
export function isDns1123Label(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}

/** A DNS-1123 subdomain (most object names): dot-separated labels, at most 253 characters. */
export function isDns1123Subdomain(value: string): boolean {
  return value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
}

/** A label or annotation key: `[prefix/]name`, the prefix a DNS-1123 subdomain, the name at most 63 characters. */
export function isQualifiedName(value: string): boolean {
  const parts = value.split("/");
  if (parts.length > 2) return false;
  const name = parts.length === 2 ? parts[1] : parts[0];
  if (parts.length === 2) {
    const prefix = parts[0] ?? "";
    if (prefix.length === 0 || !isDns1123Subdomain(prefix)) return false;
  }
  return name !== undefined && name.length > 0 && name.length <= 63 && QUALIFIED_NAME_PART.test(name);
}

/** A label value: empty, or at most 63 alphanumerics, '-', '_' and '.', starting and ending alphanumeric. */
export function isLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

/** An IANA_SVC_NAME (a named port): at most 15 lowercase alphanumerics and '-', with a letter, no '--', no '-' at the ends. */
export function isIanaSvcName(value: string): boolean {
  return (
    value.length >= 1 &&
    value.length <= 15 &&
    IANA_SVC_NAME.test(value) &&
    /[a-z]/.test(value) &&
    !value.includes("--") &&
    !value.startsWith("-") &&
    !value.endsWith("-")
  );
}
