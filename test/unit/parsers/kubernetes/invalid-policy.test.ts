import { describe, expect, it } from "vitest";
import { parseManifestFile } from "../../../../src/parsers/kubernetes/parse-manifest-file.js";

/**
 * Each case is a whole NetworkPolicy document the API server refuses. It is followed by a valid policy in the
 * same file, which must still be returned.
 */
const VALID_NEIGHBOUR = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: neighbour, namespace: team-b}
spec: {podSelector: {}}
`;

function policyWith(spec: string, metadata = "name: bad\n  namespace: team-a"): string {
  const body = spec
    .trim()
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  ${metadata}\nspec:\n${body}\n`;
}

const egressTo = (peer: string): string => `podSelector: {}\negress:\n  - to:\n      - ${peer}`;
const egressPorts = (port: string): string => `podSelector: {}\negress:\n  - ports:\n      - ${port}`;
const selector = (expression: string): string => `podSelector:\n  matchExpressions:\n    - ${expression}`;

describe("invalid-policy: what the API server rejects", () => {
  it.each([
    // [label, document, message fragment, line of the problem]
    ["a prefix beyond 32 bits", policyWith(egressTo("ipBlock: {cidr: 10.0.0.0/33}")), "invalid CIDR", 10],
    ["an octet beyond 255", policyWith(egressTo("ipBlock: {cidr: 300.1.1.1/8}")), "invalid CIDR", 10],
    ["an IPv6 prefix beyond 128 bits", policyWith(egressTo('ipBlock: {cidr: "::/129"}')), "invalid CIDR", 10],
    ["an address without prefix", policyWith(egressTo("ipBlock: {cidr: 10.0.0.1}")), "invalid CIDR", 10],
    ["a missing cidr", policyWith(egressTo("ipBlock: {except: [10.0.0.0/8]}")), "cidr is required", 10],
    ["an except outside the cidr", policyWith(egressTo("ipBlock: {cidr: 10.0.0.0/8, except: [11.0.0.0/16]}")), "strict subset", 10],
    ["an except equal to the cidr", policyWith(egressTo("ipBlock: {cidr: 10.0.0.0/8, except: [10.0.0.0/8]}")), "strict subset", 10],
    ["an except of another family", policyWith(egressTo('ipBlock: {cidr: 10.0.0.0/8, except: ["fd00::/16"]}')), "strict subset", 10],
    ["an invalid except", policyWith(egressTo("ipBlock: {cidr: 10.0.0.0/8, except: [10.0.0.0/40]}")), "invalid CIDR", 10],
    ["an unknown operator", policyWith(selector("{key: app, operator: Equals, values: [web]}")), "operator must be one of", 9],
    ["a lowercase operator", policyWith(selector("{key: app, operator: in, values: [web]}")), "operator must be one of", 9],
    ["In without values", policyWith(selector("{key: app, operator: In}")), "needs at least one value", 9],
    ["NotIn with an empty list", policyWith(selector("{key: app, operator: NotIn, values: []}")), "needs at least one value", 9],
    ["Exists with values", policyWith(selector("{key: app, operator: Exists, values: [web]}")), "must not have values", 9],
    ["DoesNotExist with values", policyWith(selector("{key: app, operator: DoesNotExist, values: [web]}")), "must not have values", 9],
    ["a requirement without key", policyWith(selector("{operator: Exists}")), "key is required", 9],
    ["an invalid label key", policyWith('podSelector:\n  matchLabels: {"bad key": x}'), "not a valid label key", 8],
    ["an invalid label value", policyWith("podSelector:\n  matchLabels: {app: -web-}"), "not a valid label value", 8],
    ["a label value that is a number", policyWith("podSelector:\n  matchLabels: {version: 2}"), "must be strings", 8],
    ["a label value that is a boolean", policyWith("podSelector:\n  matchLabels: {enabled: true}"), "must be strings", 8],
    ["port 0", policyWith(egressPorts("port: 0")), "not a port number", 10],
    ["port 65536", policyWith(egressPorts("port: 65536")), "not a port number", 10],
    ["a fractional port", policyWith(egressPorts("port: 80.5")), "not a port number", 10],
    ["endPort without port", policyWith(egressPorts("endPort: 90")), "endPort needs a numeric port", 10],
    ["endPort below port", policyWith(egressPorts("{port: 90, endPort: 80}")), "greater than or equal", 10],
    ["endPort beyond 65535", policyWith(egressPorts("{port: 90, endPort: 70000}")), "not a port number", 10],
    ["endPort with a named port", policyWith(egressPorts("{port: http, endPort: 90}")), "named port", 10],
    ["a named port in capitals", policyWith(egressPorts("port: HTTP")), "not a valid named port", 10],
    ["a quoted number as port", policyWith(egressPorts('port: "80"')), "not a valid named port", 10],
    ["a named port longer than 15", policyWith(egressPorts("port: a-very-long-port-name")), "not a valid named port", 10],
    ["protocol ICMP", policyWith(egressPorts("{protocol: ICMP, port: 1}")), "protocol must be TCP, UDP or SCTP", 10],
    ["protocol tcp in lowercase", policyWith(egressPorts("{protocol: tcp, port: 1}")), "protocol must be TCP, UDP or SCTP", 10],
    ["a missing metadata.name", policyWith("podSelector: {}", "namespace: team-a"), "metadata.name is required", 3],
    ["a name that is not a DNS subdomain", policyWith("podSelector: {}", "name: Bad_Name\n  namespace: team-a"), "not a valid name", 4],
    ["a namespace that is not a DNS label", policyWith("podSelector: {}", "name: bad\n  namespace: team.a"), "not a valid namespace name", 5],
    ["an empty peer", policyWith(egressTo("{}")), "a peer must have", 10],
    ["a null peer", policyWith("podSelector: {}\ningress:\n  - from:\n      -"), "a peer must have", 10],
    ["a peer whose selector is null", policyWith(egressTo("podSelector: null")), "a peer must have", 10],
    ["an ipBlock next to a podSelector", policyWith(egressTo("{ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}")), "cannot be combined", 10],
    ["an ipBlock next to a namespaceSelector", policyWith(egressTo("{ipBlock: {cidr: 10.0.0.0/8}, namespaceSelector: {}}")), "cannot be combined", 10],
    ["an unknown policy type", policyWith("podSelector: {}\npolicyTypes: [Ingress, Both]"), "must be Ingress or Egress", 8],
    ["three policy types", policyWith("podSelector: {}\npolicyTypes: [Ingress, Egress, Ingress]"), "at most two", 8],
    ["a misspelt field in a rule", policyWith("podSelector: {}\ningress:\n  - form:\n      - podSelector: {}"), 'unknown field "form"', 9],
    ["`to` in an ingress rule", policyWith("podSelector: {}\ningress:\n  - to:\n      - podSelector: {}"), 'unknown field "to"', 9],
    ["a misspelt field in the spec", policyWith("podSelector: {}\negres:\n  - {}"), 'unknown field "egres"', 8],
    ["rules that are not a list", policyWith("podSelector: {}\ningress: {from: []}"), "must be a list of rules", 8],
    ["peers that are not a list", policyWith("podSelector: {}\ningress:\n  - from: {podSelector: {}}"), "must be a list of peers", 9],
    ["a misspelt top-level field", policyWith("podSelector: {}").replace("spec:", "specs:"), 'unknown field "specs"', 6],
    ["a spec that is not a mapping", policyWith("[]").replace("spec:\n  []", "spec: []"), "spec must be a mapping", 6],
    ["an annotation value that is a boolean", policyWith("podSelector: {}", "name: bad\n  namespace: team-a\n  annotations: {propagate.hnc.x-k8s.io/none: true}"), "must be strings", 6],
    ["an invalid rule in a direction policyTypes leaves out", policyWith("podSelector: {}\npolicyTypes: [Ingress]\negress:\n  - ports: [{port: 0}]"), "not a port number", 10],
  ])("rejects %s", (_label, document, fragment, line) => {
    const result = parseManifestFile("bad.yaml", document + VALID_NEIGHBOUR);
    expect(result.policies.map((policy) => policy.name)).toEqual(["neighbour"]);
    expect(result.problems.length).toBeGreaterThanOrEqual(1);
    const problem = result.problems.find((candidate) => candidate.message.includes(fragment));
    expect(problem, `no problem mentions "${fragment}": ${JSON.stringify(result.problems.map((p) => p.message))}`).toBeDefined();
    expect(problem).toMatchObject({ rule: "invalid-policy", severity: "error", location: { file: "bad.yaml", line } });
    for (const other of result.problems) expect(other.rule).toBe("invalid-policy");
  });

  it("sets the namespace of the policy on its problems", () => {
    const result = parseManifestFile("bad.yaml", policyWith(egressPorts("port: 0")));
    expect(result.problems.map((problem) => problem.namespace)).toEqual(["team-a"]);
    const defaulted = parseManifestFile("bad.yaml", policyWith(egressPorts("port: 0"), "name: bad"));
    expect(defaulted.problems.map((problem) => problem.namespace)).toEqual(["default"]);
    expect(defaulted.namespaceMentions.map((mention) => mention.name)).toEqual(["default"]);
  });

  it("reports every problem of a policy, not only the first", () => {
    const result = parseManifestFile("bad.yaml", policyWith(egressTo("ipBlock: {cidr: 10.0.0.0/33}") + "\n    ports: [{port: 0}, {protocol: ICMP}]"));
    expect(result.problems).toHaveLength(3);
  });

  it.each([
    ["extensions/v1beta1", "apiVersion: extensions/v1beta1\n", "does not serve NetworkPolicy"],
    ["the core group", "apiVersion: v1\n", "does not serve NetworkPolicy"],
    ["a missing apiVersion", "", "apiVersion is missing"],
  ])("rejects a NetworkPolicy with %s", (_label, apiVersionLine, fragment) => {
    const result = parseManifestFile("old.yaml", `${apiVersionLine}kind: NetworkPolicy\nmetadata: {name: old, namespace: team-a}\nspec: {podSelector: {}}\n`);
    expect(result.policies).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ rule: "invalid-policy", severity: "error", namespace: "team-a" });
    expect(result.problems[0]?.message).toContain(fragment);
    expect(result.namespaceMentions.map((mention) => mention.name)).toEqual(["team-a"]);
  });

  it.each([
    ["a name that is not a DNS label", "name: team.a", "not a valid namespace name"],
    ["no name", "labels: {a: b}", "metadata.name is required"],
    ["an invalid label value", "name: team-a\n  labels: {a: -b}", "not a valid label value"],
  ])("rejects a Namespace with %s", (_label, metadata, fragment) => {
    const result = parseManifestFile("ns.yaml", `apiVersion: v1\nkind: Namespace\nmetadata:\n  ${metadata}\n`);
    expect(result.namespaces).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.rule).toBe("invalid-policy");
    expect(result.problems[0]?.message).toContain(fragment);
  });
});
