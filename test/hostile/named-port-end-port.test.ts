import { describe, it } from "vitest";
import { expectHostileOutcome, hostileHead, judgeHostile, PORTS_FILE, withPorts } from "./hostile-helpers.js";

describe("hostile: a named port with endPort", () => {
  it("port: https with endPort 8443 is invalid at endPort", async () => {
    const run = await judgeHostile(hostileHead({ [PORTS_FILE]: withPorts("https", "8443") }));
    expectHostileOutcome("named port + endPort", run, { rule: "invalid-policy", file: PORTS_FILE, line: 14, message: /endPort cannot be used with a named port/ });
  });

  it('a quoted number ("8080") is a named port, so endPort is refused too', async () => {
    const run = await judgeHostile(hostileHead({ [PORTS_FILE]: withPorts('"8080"', "8090") }));
    expectHostileOutcome("quoted port + endPort", run, { rule: "invalid-policy", file: PORTS_FILE, line: 13 });
  });
});
