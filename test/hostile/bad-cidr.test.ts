import { describe, it } from "vitest";
import { expectHostileOutcome, hostileHead, judgeHostile } from "./hostile-helpers.js";

const FILE = "kubernetes/services/service-1/ipblock.yaml";

function withIpBlock(block: string): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ipblock
  namespace: service-1
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to:
        - ipBlock:
${block}`;
}

describe("hostile: bad CIDRs", () => {
  it.each([
    ["10.0.0.0/33", "            cidr: 10.0.0.0/33\n", 12, /prefix length/],
    ["IPv6 /129", "            cidr: 2001:db8::/129\n", 12, /prefix length/],
    ["no prefix", "            cidr: 10.0.0.1\n", 12, /prefix/],
    ["octet 256", "            cidr: 10.0.256.0/24\n", 12, /not a valid IP/],
    ["an IPv6 except outside its cidr", "            cidr: 2001:db8::/32\n            except:\n              - 2001:db9::/48\n", 14, /strict subset/],
    ["an IPv4 except in an IPv6 cidr", "            cidr: 2001:db8::/32\n            except:\n              - 10.0.0.0/8\n", 14, /strict subset/],
    ["an except equal to its cidr", "            cidr: 10.0.0.0/8\n            except:\n              - 10.0.0.0/8\n", 14, /strict subset/],
  ])("%s is invalid at its line", async (label, block, line, message) => {
    const run = await judgeHostile(hostileHead({ [FILE]: withIpBlock(block) }));
    expectHostileOutcome(`CIDR ${label}`, run, { rule: "invalid-policy", file: FILE, line, message });
  });
});
