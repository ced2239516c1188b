/**
 * A synthetic `hubble observe --output json` export for the summarize benchmark: `lines` gzipped lines of
 * about 2.4 KB each (the size of real ones: labels, workloads, IPs, node names), deterministic from the seed.
 * A few in a hundred are replies, L7 events, drops and garbage, like a real export. Lines are cut from a few
 * hundred templates with the time spliced in, so that generating a million costs seconds, not minutes.
 */
import { createWriteStream, existsSync, mkdirSync, renameSync } from "node:fs";
import { dirname, join } from "node:path";
import { createGzip } from "node:zlib";
import { mulberry32 } from "./generate-repo.js";

const NAMESPACES = 300;
const TEMPLATES = 400;

function endpoint(ns: string, random: () => number): Record<string, unknown> {
  const pod = `${ns}-${Math.floor(random() * 1e9).toString(36)}-${Math.floor(random() * 1e5).toString(36)}`;
  return {
    ID: Math.floor(random() * 4000),
    identity: 10000 + Math.floor(random() * 60000),
    cluster_name: "prod-europe-west1",
    namespace: ns,
    labels: [
      `k8s:app.kubernetes.io/name=${ns}`,
      `k8s:app.kubernetes.io/part-of=${ns}`,
      "k8s:app.kubernetes.io/managed-by=argocd",
      `k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=${ns}`,
      `k8s:io.cilium.k8s.namespace.labels.${ns}.tree.hnc.x-k8s.io/depth=0`,
      "k8s:io.cilium.k8s.namespace.labels.hnc.x-k8s.io/included-namespace=true",
      `k8s:io.cilium.k8s.policy.cluster=prod-europe-west1`,
      `k8s:io.cilium.k8s.policy.serviceaccount=${ns}`,
      `k8s:io.kubernetes.pod.namespace=${ns}`,
      "k8s:version=v1.42.7",
    ],
    pod_name: pod,
    workloads: [{ name: ns, kind: "Deployment" }],
  };
}

/** One template: the line's text split where the time goes (twice: the flow's and the wrapper's). */
function template(random: () => number): string[] {
  const ns = (i: number): string => `service-${i}`;
  const from = ns(Math.floor(random() * NAMESPACES));
  const to = random() < 0.05 ? "kube-system" : ns(Math.floor(random() * NAMESPACES));
  const kind = random();
  const reply = kind < 0.3;
  const l7 = kind > 0.97;
  const dropped = kind > 0.95 && !l7;
  const port = [8080, 8443, 9090, 5432, 6379, 53][Math.floor(random() * 6)]!;
  const node = `gke-prod-europe-west1-pool-${Math.floor(random() * 9)}-${Math.floor(random() * 1e8).toString(16)}`;
  const flow: Record<string, unknown> = {
    time: "\u0000",
    uuid: `${Math.floor(random() * 1e16).toString(16)}-${Math.floor(random() * 1e8).toString(16)}`,
    verdict: dropped ? "DROPPED" : "FORWARDED",
    ...(dropped ? { drop_reason: 133, drop_reason_desc: "POLICY_DENIED" } : {}),
    ethernet: { source: "ce:91:6a:01:22:3b", destination: "5a:7e:0c:44:91:02" },
    IP: { source: `10.8.${Math.floor(random() * 255)}.${Math.floor(random() * 255)}`, destination: `10.8.${Math.floor(random() * 255)}.${Math.floor(random() * 255)}`, ipVersion: "IPv4" },
    l4: port === 53 ? { UDP: { source_port: 40000 + Math.floor(random() * 20000), destination_port: 53 } } : { TCP: { source_port: 40000 + Math.floor(random() * 20000), destination_port: port, flags: { ACK: true, PSH: true } } },
    source: endpoint(from, random),
    destination: endpoint(to, random),
    Type: l7 ? "L7" : "L3_L4",
    node_name: `prod-europe-west1/${node}`,
    node_labels: ["cloud.google.com/gke-nodepool=pool", "kubernetes.io/os=linux", "topology.kubernetes.io/zone=europe-west1-b"],
    event_type: { type: l7 ? 129 : 4, sub_type: 3 },
    traffic_direction: reply ? "INGRESS" : "EGRESS",
    trace_observation_point: "TO_ENDPOINT",
    trace_reason: reply ? "REPLY" : "ESTABLISHED",
    is_reply: reply,
    interface: { index: 27, name: "gke8a1b2c3d4e5" },
    Summary: "TCP Flags: ACK, PSH",
  };
  const line = JSON.stringify({ flow, node_name: flow.node_name, time: "\u0000" });
  return line.split("\\u0000");
}

/** Writes (or reuses) the export; returns its path. */
export async function ensureFlows(seed: number, lines: number, cacheRoot: string): Promise<string> {
  const path = join(cacheRoot, `flows-v1-seed${seed}-${lines}.jsonl.gz`);
  if (existsSync(path)) return path;
  mkdirSync(dirname(path), { recursive: true });
  const random = mulberry32(seed);
  const templates = Array.from({ length: TEMPLATES }, () => template(random));
  const start = Date.parse("2026-11-29T06:00:00Z");
  const step = 86_400_000 / lines;
  const gzip = createGzip({ level: 1 });
  const partial = `${path}.partial`;
  const done = new Promise<void>((resolve, reject) => gzip.pipe(createWriteStream(partial)).on("finish", resolve).on("error", reject));
  let batch = "";
  for (let i = 0; i < lines; i++) {
    const time = new Date(start + Math.floor(i * step)).toISOString();
    // One garbage line in ten thousand: a line cut short, as when a pipe breaks.
    const parts = templates[Math.floor(random() * TEMPLATES)]!;
    const text = parts.join(time);
    batch += (i % 10_000 === 9_999 ? text.slice(0, 300) : text) + "\n";
    if (batch.length > 1 << 20) {
      if (!gzip.write(batch)) await new Promise((r) => gzip.once("drain", r));
      batch = "";
    }
  }
  gzip.end(batch);
  await done;
  renameSync(partial, path);
  return path;
}
