import { describe, it } from "vitest";
import { expectHostileOutcome, hostileHead, judgeHostile, PORTS_FILE, withPorts } from "./hostile-helpers.js";

describe("hostile: endPort below port", () => {
  it("endPort 8000 with port 9000 is invalid at endPort", async () => {
    const run = await judgeHostile(hostileHead({ [PORTS_FILE]: withPorts("9000", "8000") }));
    expectHostileOutcome("endPort < port", run, { rule: "invalid-policy", file: PORTS_FILE, line: 14, message: /endPort 8000 must be greater than or equal to port 9000/ });
  });

  it("endPort without a port is invalid at endPort", async () => {
    const text = withPorts("9000", "9100").replace("        - port: 9000\n          endPort", "        - endPort");
    const run = await judgeHostile(hostileHead({ [PORTS_FILE]: text }));
    expectHostileOutcome("endPort without port", run, { rule: "invalid-policy", file: PORTS_FILE, line: 13, message: /endPort needs a numeric port/ });
  });
});
