import type { PolicyPort } from "../../model/types.js";
import { isIanaSvcName } from "../../model/kubernetes-names.js";
import { describeType, field, isPlainObject, reportUnknownFields, type Path, type Report } from "./object-context.js";

const PROTOCOLS: readonly PolicyPort["protocol"][] = ["TCP", "UDP", "SCTP"];

/** One item of `ports`, validated as `ValidateNetworkPolicyPort` does. Protocol defaults to TCP. */
export function normalizePolicyPort(value: unknown, path: Path, report: Report): PolicyPort | null {
  // A null list item decodes to an empty port: every TCP port.
  const port = value === null ? {} : value;
  if (!isPlainObject(port)) {
    report(path, `a port must be a mapping, not ${describeType(port)}`);
    return null;
  }
  reportUnknownFields(port, path, ["protocol", "port", "endPort"], report);
  let valid = true;
  const result: PolicyPort = { protocol: "TCP" };

  const protocol = field(port, "protocol");
  if (protocol !== null && protocol !== undefined) {
    if (typeof protocol === "string" && (PROTOCOLS as readonly string[]).includes(protocol)) {
      result.protocol = protocol as PolicyPort["protocol"];
    } else {
      report([...path, "protocol"], `protocol must be TCP, UDP or SCTP, not ${typeof protocol === "string" ? `"${protocol}"` : describeType(protocol)}`);
      valid = false;
    }
  }

  const number = field(port, "port");
  let numericPort: number | null = null;
  let namedPort = false;
  if (typeof number === "number") {
    if (!Number.isInteger(number) || number < 1 || number > 65535) {
      report([...path, "port"], `port ${number} is not a port number (1-65535)`);
      valid = false;
    } else {
      numericPort = number;
      result.port = number;
    }
  } else if (typeof number === "string") {
    namedPort = true;
    if (!isIanaSvcName(number)) {
      report(
        [...path, "port"],
        `"${number}" is not a valid named port (IANA_SVC_NAME: at most 15 lowercase letters, digits and '-', with a letter; write a number without quotes)`,
      );
      valid = false;
    } else {
      result.port = number;
    }
  } else if (number !== null && number !== undefined) {
    report([...path, "port"], `port must be a number or a name, not ${describeType(number)}`);
    valid = false;
  }

  const endPort = field(port, "endPort");
  if (endPort !== null && endPort !== undefined) {
    if (typeof endPort !== "number" || !Number.isInteger(endPort)) {
      report([...path, "endPort"], `endPort must be an integer, not ${describeType(endPort)}`);
      valid = false;
    } else if (namedPort) {
      report([...path, "endPort"], "endPort cannot be used with a named port");
      valid = false;
    } else if (number === null || number === undefined) {
      report([...path, "endPort"], "endPort needs a numeric port");
      valid = false;
    } else if (endPort < 1 || endPort > 65535) {
      report([...path, "endPort"], `endPort ${endPort} is not a port number (1-65535)`);
      valid = false;
    } else if (numericPort !== null && endPort < numericPort) {
      report([...path, "endPort"], `endPort ${endPort} must be greater than or equal to port ${numericPort}`);
      valid = false;
    } else {
      result.endPort = endPort;
    }
  }
  return valid ? result : null;
}
