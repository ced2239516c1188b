import { describe, expect, it } from "vitest";
import { EGRESS_POLICY_PEER_LINE, egressPolicy, expectHostileOutcome, hostileHead, judgeHostile } from "./hostile-helpers.js";

const FILE = "kubernetes/services/service-1/laughs.yaml";
// Nine aliases per level, seven levels: 4.7 million strings once expanded. The second document of the same
// file is an ordinary policy that crosses to company-y: it must still be read.
const BOMB = `# billion laughs
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: laughs
  namespace: service-1
  annotations:
    a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
    f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
    g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
spec:
  podSelector: {}
---
${egressPolicy("after-the-bomb", "service-1", "service-4")}`;

describe("hostile: a YAML alias bomb", () => {
  it("is a parse error at the alias whose expansion crosses the bound, and the next document of the file is still judged", async () => {
    const run = await judgeHostile(hostileHead({ [FILE]: BOMB }));
    expectHostileOutcome("alias bomb", run, [
      { rule: "parse-error", file: FILE, line: 12, message: /alias/i },
      { rule: "cross-vc-access", file: FILE, line: 17 + EGRESS_POLICY_PEER_LINE, namespace: "service-1" },
    ]);
    // The bomb's policy is not half-read: only the second policy of the file is in the model.
    expect(run.change.head.model.manifestPolicies.filter((p) => p.location.file === FILE).map((p) => p.name)).toEqual(["after-the-bomb"]);
  });
});
