import { NAME_LABEL } from "./build-hierarchy.js";
import type { StarterKitService } from "./read-kit-modules.js";
import type { NetworkPolicyModel, PolicyPeer, PolicyRule, SourceLocation } from "./types.js";

function policy(
  service: StarterKitService,
  part: "default-deny" | "egress" | "ingress" | "dns",
  location: SourceLocation,
  fields: Pick<NetworkPolicyModel, "ingress" | "egress">,
  spec: Record<string, unknown>,
): NetworkPolicyModel {
  const name = `${service.name}-${part === "default-deny" ? "default-deny" : `allow-${part}`}`;
  const labels = { "app.kubernetes.io/managed-by": "microservice-starter-kit" };
  return {
    name,
    namespace: service.name,
    podSelector: { requirements: [] },
    ...fields,
    labels,
    annotations: {},
    origin: { kind: "starter-kit", module: service.module, part },
    location,
    // The module's fingerprint covers everything the generated policy is made of.
    fingerprint: `${service.fingerprint}:${part}`,
    raw: { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace: service.name, labels }, spec },
  };
}

function namePeer(name: string, location: SourceLocation): PolicyPeer {
  return { namespaceSelector: { requirements: [{ key: NAME_LABEL, operator: "In", values: [name] }] }, location };
}

/**
 * The NetworkPolicies a starter-kit module stands for, when `enable_network_policy` is true: a default
 * deny for both directions, egress to and ingress from every listed namespace, and DNS egress (UDP and TCP
 * 53) to the shared namespaces. An unreadable namespace list is read as "any namespace".
 */
export function generateKitPolicies(service: StarterKitService, sharedNamespaces: string[]): NetworkPolicyModel[] {
  if (!service.enableNetworkPolicy) return [];
  const result: NetworkPolicyModel[] = [
    policy(service, "default-deny", service.enableLocation, { ingress: [], egress: [] }, {
      podSelector: {},
      policyTypes: ["Ingress", "Egress"],
    }),
  ];
  const listed = service.namespaces.map((n) => n.name);
  const peers = service.namespaces.map((n) => namePeer(n.name, n.location));
  const peerYaml = listed.map((n) => ({ namespaceSelector: { matchLabels: { [NAME_LABEL]: n } } }));
  if (service.unresolvedNamespaces !== null) {
    const anyRule: PolicyRule = { peers: "all", ports: "all", location: service.unresolvedNamespaces };
    result.push(
      policy(service, "egress", service.unresolvedNamespaces, { ingress: null, egress: [anyRule] }, {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [{}],
      }),
      policy(service, "ingress", service.unresolvedNamespaces, { ingress: [anyRule], egress: null }, {
        podSelector: {},
        policyTypes: ["Ingress"],
        ingress: [{}],
      }),
    );
  } else if (peers.length > 0) {
    const listLocation: SourceLocation = {
      file: service.namespaces[0]!.location.file,
      line: Math.min(...service.namespaces.map((n) => n.location.line)),
      endLine: Math.max(...service.namespaces.map((n) => n.location.endLine)),
    };
    const rule: PolicyRule = { peers, ports: "all", location: listLocation };
    result.push(
      policy(service, "egress", listLocation, { ingress: null, egress: [rule] }, {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [{ to: peerYaml }],
      }),
      policy(service, "ingress", listLocation, { ingress: [rule], egress: null }, {
        podSelector: {},
        policyTypes: ["Ingress"],
        ingress: [{ from: peerYaml }],
      }),
    );
  }
  if (sharedNamespaces.length > 0) {
    const dnsRule: PolicyRule = {
      peers: sharedNamespaces.map((n) => namePeer(n, service.enableLocation)),
      ports: [
        { protocol: "UDP", port: 53 },
        { protocol: "TCP", port: 53 },
      ],
      location: service.enableLocation,
    };
    result.push(
      policy(service, "dns", service.enableLocation, { ingress: null, egress: [dnsRule] }, {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [
          {
            to: sharedNamespaces.map((n) => ({ namespaceSelector: { matchLabels: { [NAME_LABEL]: n } } })),
            ports: [
              { protocol: "UDP", port: 53 },
              { protocol: "TCP", port: 53 },
            ],
          },
        ],
      }),
    );
  }
  return result;
}
