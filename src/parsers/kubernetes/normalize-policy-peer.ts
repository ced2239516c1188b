import type { IpBlock, PolicyPeer, SourceLocation } from "../../model/types.js";
import { normalizeLabelSelector } from "./normalize-label-selector.js";
import { describeType, field, isPlainObject, reportUnknownFields, type Path, type Report } from "./object-context.js";
import { isStrictSubnet, parseCidr } from "../../model/validate-cidr.js";

/**
 * One item of `from` / `to`. Exactly one of podSelector, namespaceSelector (or both: AND) and ipBlock; an
 * empty peer and an ipBlock next to a selector are rejected by the API server. A `null` field counts as absent.
 */
export function normalizePolicyPeer(value: unknown, path: Path, location: SourceLocation, report: Report): PolicyPeer | null {
  // A null list item decodes to an empty peer.
  const peer = value === null ? {} : value;
  if (!isPlainObject(peer)) {
    report(path, `a peer must be a mapping, not ${describeType(peer)}`);
    return null;
  }
  reportUnknownFields(peer, path, ["podSelector", "namespaceSelector", "ipBlock"], report);
  const podSelector = field(peer, "podSelector");
  const namespaceSelector = field(peer, "namespaceSelector");
  const ipBlock = field(peer, "ipBlock");
  const present = (v: unknown): boolean => v !== null && v !== undefined;
  const result: PolicyPeer = { location };
  if (present(podSelector)) result.podSelector = normalizeLabelSelector(podSelector, [...path, "podSelector"], report);
  if (present(namespaceSelector)) {
    result.namespaceSelector = normalizeLabelSelector(namespaceSelector, [...path, "namespaceSelector"], report);
  }
  if (present(ipBlock)) {
    const block = normalizeIpBlock(ipBlock, [...path, "ipBlock"], report);
    if (block !== null) result.ipBlock = block;
  }
  const count = [podSelector, namespaceSelector, ipBlock].filter(present).length;
  if (count === 0) {
    report(path, "a peer must have podSelector, namespaceSelector or ipBlock (an empty peer is rejected; omit `from`/`to` to allow every peer)");
    return null;
  }
  if (present(ipBlock) && count > 1) {
    report([...path, "ipBlock"], "ipBlock cannot be combined with podSelector or namespaceSelector in the same peer");
    return null;
  }
  return result;
}

function normalizeIpBlock(value: unknown, path: Path, report: Report): IpBlock | null {
  if (!isPlainObject(value)) {
    report(path, `ipBlock must be a mapping, not ${describeType(value)}`);
    return null;
  }
  reportUnknownFields(value, path, ["cidr", "except"], report);
  const cidrText = field(value, "cidr");
  if (cidrText === null || cidrText === undefined || cidrText === "") {
    report(path, "ipBlock.cidr is required");
    return null;
  }
  if (typeof cidrText !== "string") {
    report([...path, "cidr"], `cidr must be a string, not ${describeType(cidrText)}`);
    return null;
  }
  const cidr = parseCidr(cidrText);
  if (!cidr.ok) {
    report([...path, "cidr"], `invalid CIDR: ${cidr.reason}`);
    return null;
  }
  const except: string[] = [];
  let valid = true;
  const rawExcept = field(value, "except");
  if (Array.isArray(rawExcept)) {
    rawExcept.forEach((item: unknown, index) => {
      const itemPath = [...path, "except", index];
      if (typeof item !== "string") {
        report(itemPath, `except entries must be strings, not ${describeType(item)}`);
        valid = false;
        return;
      }
      const parsed = parseCidr(item);
      if (!parsed.ok) {
        report(itemPath, `invalid CIDR: ${parsed.reason}`);
        valid = false;
        return;
      }
      if (!isStrictSubnet(parsed.cidr, cidr.cidr)) {
        report(itemPath, `except "${item}" must be a strict subset of cidr "${cidrText}" (same IP family, longer prefix)`);
        valid = false;
        return;
      }
      except.push(parsed.cidr.canonical);
    });
  } else if (rawExcept !== null && rawExcept !== undefined) {
    report([...path, "except"], `except must be a list, not ${describeType(rawExcept)}`);
    valid = false;
  }
  return valid ? { cidr: cidr.cidr.canonical, except } : null;
}
