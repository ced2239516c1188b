/**
 * Reads one line of `hubble observe --output json`: `{"flow": {...}, "node_name": ..., "time": ...}`, or a
 * bare Flow object. The fields follow Cilium's flow protobuf as protojson prints it (`time`, `verdict`,
 * `source.namespace`, `destination.namespace`, `l4.TCP.destination_port`, `is_reply`, `Type`). Pure.
 */

/** What one line says. */
export type FlowLine =
  | { kind: "flow"; from: string; to: string; port: string; verdict: string; /** ms since the epoch, or null */ time: number | null }
  /** A line that is read but does not count: a reply, an L7 or socket event, another kind of event, a blank. */
  | { kind: "skipped"; reason: "reply" | "not-l3-l4" | "not-a-flow" | "blank" }
  | { kind: "garbage"; reason: string };

/** Hubble's other event kinds, which `hubble observe` can print among flows: read, not counted. */
const OTHER_EVENTS = ["lost_events", "node_status", "agent_event", "debug_event"];
/** Keys only a Flow has: a line with one of them and no `flow` wrapper is a bare Flow. */
const FLOW_KEYS = ["verdict", "source", "destination", "Type", "l4", "IP"];
const L4_PROTOCOLS = ["TCP", "UDP", "SCTP"];
const PORTLESS = ["ICMPv4", "ICMPv6"];

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function namespaceOf(endpoint: unknown): string | null {
  if (endpoint === undefined) return "world";
  if (!isObject(endpoint)) return null;
  const ns = endpoint.namespace;
  // Protojson leaves an empty string out: no namespace is the world (or the host), outside every namespace.
  if (ns === undefined || ns === "") return "world";
  return typeof ns === "string" ? ns : null;
}

function portOf(l4: unknown): string {
  if (!isObject(l4)) return "unknown";
  for (const protocol of L4_PROTOCOLS) {
    const layer = l4[protocol];
    if (!isObject(layer)) continue;
    const port = layer.destination_port;
    return typeof port === "number" && Number.isInteger(port) ? `${protocol}/${port}` : protocol;
  }
  for (const protocol of PORTLESS) if (isObject(l4[protocol])) return protocol;
  return "unknown";
}

function timeOf(...candidates: unknown[]): number | null {
  for (const value of candidates) {
    if (typeof value !== "string") continue;
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return ms;
  }
  return null;
}

export function parseFlowLine(text: string): FlowLine {
  if (text.trim() === "") return { kind: "skipped", reason: "blank" };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: "garbage", reason: "not JSON" };
  }
  if (!isObject(value)) return { kind: "garbage", reason: "not a JSON object" };
  let flow: Json;
  if (isObject(value.flow)) flow = value.flow;
  else if (FLOW_KEYS.some((key) => key in value)) flow = value;
  else if (OTHER_EVENTS.some((key) => key in value)) return { kind: "skipped", reason: "not-a-flow" };
  else return { kind: "garbage", reason: "neither a Hubble flow nor another Hubble event" };

  // `is_reply` is a wrapped bool (absent: unknown); `reply` is its deprecated predecessor.
  if (flow.is_reply === true || flow.reply === true) return { kind: "skipped", reason: "reply" };
  if (flow.Type !== "L3_L4") return { kind: "skipped", reason: "not-l3-l4" };
  const from = namespaceOf(flow.source);
  const to = namespaceOf(flow.destination);
  if (from === null || to === null) return { kind: "garbage", reason: "an endpoint is not an object with a string namespace" };
  const verdict = typeof flow.verdict === "string" && flow.verdict !== "" ? flow.verdict : "VERDICT_UNKNOWN";
  return { kind: "flow", from, to, port: portOf(flow.l4), verdict, time: timeOf(flow.time, value.time) };
}
