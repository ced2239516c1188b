import type { StarterKitService } from "./read-kit-modules.js";
import type { NetworkPolicyModel, PolicyOrigin, PolicyPeer, PolicyPort, PolicyRule, Selector, SourceLocation } from "../model/types.js";
import { NAME_LABEL } from "../model/hnc-labels.js";

type Part = "default-deny" | "egress" | "ingress" | "dns";

// A 30,000-service repository generates 120,000 policies: what they have in common is made once, frozen, and
// shared (nothing in the engine edits a policy), and the Kubernetes object each stands for is built only
// when someone asks for it (`explain`).
const KIT_LABELS: Readonly<Record<string, string>> = Object.freeze({ "app.kubernetes.io/managed-by": "microservice-starter-kit" });
const NO_ANNOTATIONS: Readonly<Record<string, string>> = Object.freeze({});
const EVERY_POD: Selector = Object.freeze({ requirements: Object.freeze([]) as unknown as Selector["requirements"] });
const DNS_PORTS: PolicyPort[] = Object.freeze([Object.freeze({ protocol: "UDP", port: 53 }), Object.freeze({ protocol: "TCP", port: 53 })]) as unknown as PolicyPort[];

/** One frozen selector per namespace name: the same object wherever the name is listed, so its key is computed once. */
const nameSelectors = new Map<string, Selector>();
const MAX_NAME_SELECTORS = 200_000;

function nameSelector(name: string): Selector {
  let selector = nameSelectors.get(name);
  if (!selector) {
    // Sharing is only a saving: a long-running process that has seen too many names starts again.
    if (nameSelectors.size >= MAX_NAME_SELECTORS) nameSelectors.clear();
    const requirement = Object.freeze({ key: NAME_LABEL, operator: "In" as const, values: Object.freeze([name]) as unknown as string[] });
    selector = Object.freeze({ requirements: Object.freeze([requirement]) as unknown as Selector["requirements"] });
    nameSelectors.set(name, selector);
  }
  return selector;
}

function namePeer(name: string, location: SourceLocation): PolicyPeer {
  return { namespaceSelector: nameSelector(name), location };
}

/** The namespace a peer made by `namePeer` names. */
function peerName(peer: PolicyPeer): string {
  return peer.namespaceSelector!.requirements[0]!.values[0]!;
}

function peersYaml(rule: PolicyRule): { namespaceSelector: { matchLabels: Record<string, string> } }[] {
  return (rule.peers as PolicyPeer[]).map((peer) => ({ namespaceSelector: { matchLabels: { [NAME_LABEL]: peerName(peer) } } }));
}

/** A NetworkPolicy generated from a starter-kit module. */
class KitPolicy implements NetworkPolicyModel {
  readonly name: string;
  readonly namespace: string;
  readonly podSelector = EVERY_POD;
  readonly labels = KIT_LABELS as Record<string, string>;
  readonly annotations = NO_ANNOTATIONS as Record<string, string>;
  readonly origin: PolicyOrigin;
  readonly fingerprint: string;

  constructor(
    service: StarterKitService,
    part: Part,
    readonly location: SourceLocation,
    readonly ingress: PolicyRule[] | null,
    readonly egress: PolicyRule[] | null,
  ) {
    this.name = `${service.name}-${part === "default-deny" ? "default-deny" : `allow-${part}`}`;
    this.namespace = service.name;
    this.origin = { kind: "starter-kit", module: service.module, part };
    // The module's fingerprint covers everything the generated policy is made of.
    this.fingerprint = `${service.fingerprint}:${part}`;
  }

  /** The Kubernetes object it stands for (built on demand). */
  get raw(): unknown {
    const { part } = this.origin as Extract<PolicyOrigin, { kind: "starter-kit" }>;
    const spec: Record<string, unknown> = { podSelector: {} };
    const rule = (this.ingress ?? this.egress ?? [])[0];
    if (part === "default-deny") spec.policyTypes = ["Ingress", "Egress"];
    else if (part === "ingress") {
      spec.policyTypes = ["Ingress"];
      spec.ingress = [rule!.peers === "all" ? {} : { from: peersYaml(rule!) }];
    } else if (part === "egress") {
      spec.policyTypes = ["Egress"];
      spec.egress = [rule!.peers === "all" ? {} : { to: peersYaml(rule!) }];
    } else {
      spec.policyTypes = ["Egress"];
      spec.egress = [{ to: peersYaml(rule!), ports: DNS_PORTS.map((p) => ({ ...p })) }];
    }
    return { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: this.name, namespace: this.namespace, labels: { ...this.labels } }, spec };
  }
}

/**
 * The NetworkPolicies a starter-kit module stands for, when `enable_network_policy` is true: a default
 * deny for both directions, egress to and ingress from every listed namespace, and DNS egress (UDP and TCP
 * 53) to the shared namespaces. An unreadable namespace list is read as "any namespace".
 */
export function generateKitPolicies(service: StarterKitService, sharedNamespaces: string[]): NetworkPolicyModel[] {
  if (!service.enableNetworkPolicy) return [];
  const result: NetworkPolicyModel[] = [new KitPolicy(service, "default-deny", service.enableLocation, [], [])];
  if (service.unresolvedNamespaces !== null) {
    const anyRule: PolicyRule = { peers: "all", ports: "all", location: service.unresolvedNamespaces };
    result.push(
      new KitPolicy(service, "egress", service.unresolvedNamespaces, null, [anyRule]),
      new KitPolicy(service, "ingress", service.unresolvedNamespaces, [anyRule], null),
    );
  } else if (service.namespaces.length > 0) {
    let line = Infinity;
    let endLine = -Infinity;
    for (const n of service.namespaces) {
      line = Math.min(line, n.location.line);
      endLine = Math.max(endLine, n.location.endLine);
    }
    const listLocation: SourceLocation = { file: service.namespaces[0]!.location.file, line, endLine };
    const rule: PolicyRule = { peers: service.namespaces.map((n) => namePeer(n.name, n.location)), ports: "all", location: listLocation };
    result.push(new KitPolicy(service, "egress", listLocation, null, [rule]), new KitPolicy(service, "ingress", listLocation, [rule], null));
  }
  if (sharedNamespaces.length > 0) {
    const dnsRule: PolicyRule = {
      peers: sharedNamespaces.map((n) => namePeer(n, service.enableLocation)),
      ports: DNS_PORTS,
      location: service.enableLocation,
    };
    result.push(new KitPolicy(service, "dns", service.enableLocation, null, [dnsRule]));
  }
  return result;
}
