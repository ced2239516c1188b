import type { PolicyPort } from "../../model/types.js";
import { isIanaSvcName } from "../../model/kubernetes-names.js";
import { describeType, field, isPlainObject, reportUnknownFields, type Path, type Report } from "./object-context.js";

const PROTOCOL_KEYS = { tcp: "TCP", udp: "UDP", sctp: "SCTP" } as const;

/**
 * One item of a tiered rule's `protocols` (ClusterNetworkPolicy: `tcp`/`udp`/`sctp` with an optional
 * `destinationPort` number or range, or `destinationNamedPort`) or `ports` (v1alpha1: `portNumber`,
 * `portRange`, `namedPort`). Exactly one field; returns null (after a report) when the CRD refuses it.
 */
export function normalizeTierPort(value: unknown, path: Path, version: "v1alpha1" | "v1alpha2", report: Report): PolicyPort | null {
  if (!isPlainObject(value)) {
    report(path, `a ${version === "v1alpha2" ? "protocol" : "port"} must be a mapping, not ${describeType(value)}`);
    return null;
  }
  const allowed = version === "v1alpha2" ? ["tcp", "udp", "sctp", "destinationNamedPort"] : ["portNumber", "portRange", "namedPort"];
  reportUnknownFields(value, path, allowed, report);
  const present = allowed.filter((k) => field(value, k) !== undefined && field(value, k) !== null);
  if (present.length !== 1) {
    report(path, `exactly one of ${allowed.join(", ")} must be set`);
    return null;
  }
  const key = present[0]!;
  const inner = field(value, key);
  const innerPath = [...path, key];
  if (key === "destinationNamedPort" || key === "namedPort") {
    if (typeof inner !== "string" || !isIanaSvcName(inner)) {
      report(innerPath, `${key} must be a valid port name (IANA_SVC_NAME), not ${typeof inner === "string" ? `"${inner}"` : describeType(inner)}`);
      return null;
    }
    // The protocol of a named port is the container port's; any protocol stands for "some ports".
    return { protocol: "TCP", port: inner };
  }
  if (!isPlainObject(inner)) {
    report(innerPath, `${key} must be a mapping, not ${describeType(inner)}`);
    return null;
  }
  if (version === "v1alpha2") {
    const protocol = PROTOCOL_KEYS[key as keyof typeof PROTOCOL_KEYS];
    reportUnknownFields(inner, innerPath, ["destinationPort"], report);
    const destination = field(inner, "destinationPort");
    if (destination === undefined || destination === null) return { protocol };
    const destinationPath = [...innerPath, "destinationPort"];
    if (!isPlainObject(destination)) {
      report(destinationPath, `destinationPort must be a mapping, not ${describeType(destination)}`);
      return null;
    }
    reportUnknownFields(destination, destinationPath, ["number", "range"], report);
    const number = field(destination, "number");
    const range = field(destination, "range");
    if ((number === undefined) === (range === undefined)) {
      report(destinationPath, "exactly one of number, range must be set");
      return null;
    }
    if (number !== undefined) return portNumber(number, [...destinationPath, "number"], report) === null ? null : { protocol, port: number as number };
    if (isPlainObject(range)) reportUnknownFields(range, [...destinationPath, "range"], ["start", "end"], report);
    return portRange(range, [...destinationPath, "range"], protocol, report);
  }
  // The CRD's schema defaults `protocol` to TCP in `portNumber` and `portRange` alike (it lists it as required
  // in `portNumber`, but the API server applies the default first, and drops a null before that).
  const protocolText = field(inner, "protocol");
  let protocol: PolicyPort["protocol"] = "TCP";
  if (protocolText === "TCP" || protocolText === "UDP" || protocolText === "SCTP") protocol = protocolText;
  else if (protocolText !== undefined && protocolText !== null) {
    report([...innerPath, "protocol"], `protocol must be TCP, UDP or SCTP, not ${typeof protocolText === "string" ? `"${protocolText}"` : describeType(protocolText)}`);
    return null;
  }
  if (key === "portNumber") {
    reportUnknownFields(inner, innerPath, ["protocol", "port"], report);
    const port = portNumber(field(inner, "port"), [...innerPath, "port"], report);
    return port === null ? null : { protocol, port };
  }
  reportUnknownFields(inner, innerPath, ["protocol", "start", "end"], report);
  return portRange(inner, innerPath, protocol, report);
}

function portNumber(value: unknown, path: Path, report: Report): number | null {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 65535) {
    report(path, `a port must be a number from 1 to 65535, not ${typeof value === "number" ? value : describeType(value)}`);
    return null;
  }
  return value;
}

function portRange(value: unknown, path: Path, protocol: PolicyPort["protocol"], report: Report): PolicyPort | null {
  if (!isPlainObject(value)) {
    report(path, `a port range must be a mapping, not ${describeType(value)}`);
    return null;
  }
  const start = portNumber(field(value, "start"), [...path, "start"], report);
  const end = portNumber(field(value, "end"), [...path, "end"], report);
  if (start === null || end === null) return null;
  if (start >= end) {
    report(path, `start (${start}) must be less than end (${end})`);
    return null;
  }
  return { protocol, port: start, endPort: end };
}
