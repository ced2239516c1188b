import { describe, it } from "vitest";
import { expectHostileOutcome, hostileHead, judgeHostile } from "./hostile-helpers.js";

const FILE = "kubernetes/services/service-1/operator.yaml";

function withExpression(expression: string): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: operator
  namespace: service-1
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to:
        - namespaceSelector:
            matchExpressions:
${expression}`;
}

describe("hostile: unknown selector operators", () => {
  it.each([
    ["Matches", "              - key: team\n                operator: Matches\n                values: [a]\n", 14],
    ["lower-case in", "              - key: team\n                operator: in\n                values: [a]\n", 14],
    ["NotEquals", "              - key: team\n                operator: NotEquals\n                values: [a]\n", 14],
    ["Gt (node selectors only)", "              - key: team\n                operator: Gt\n                values: ['1']\n", 14],
    ["missing", "              - key: team\n                values: [a]\n", 13],
  ])("operator %s is invalid at its line", async (label, expression, line) => {
    const run = await judgeHostile(hostileHead({ [FILE]: withExpression(expression) }));
    expectHostileOutcome(`operator ${label}`, run, { rule: "invalid-policy", file: FILE, line, message: /operator must be one of In, NotIn, Exists, DoesNotExist/ });
  });
});
