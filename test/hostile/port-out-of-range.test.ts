import { describe, it } from "vitest";
import { expectHostileOutcome, hostileHead, judgeHostile, PORTS_FILE, withPorts } from "./hostile-helpers.js";

describe("hostile: ports out of range", () => {
  it.each([
    ["0", /port 0 is not a port number/],
    ["65536", /port 65536 is not a port number/],
    ["-1", /port -1 is not a port number/],
    ["1e400", /not a port number/],
    ["8080.5", /not a port number/],
    ['"HTTP_PORT"', /not a valid named port/],
  ])("port %s is invalid at its line", async (port, message) => {
    const run = await judgeHostile(hostileHead({ [PORTS_FILE]: withPorts(port) }));
    expectHostileOutcome(`port ${port}`, run, { rule: "invalid-policy", file: PORTS_FILE, line: 13, message });
  });

  it("endPort 70000 is invalid at its line", async () => {
    const run = await judgeHostile(hostileHead({ [PORTS_FILE]: withPorts("8000", "70000") }));
    expectHostileOutcome("endPort 70000", run, { rule: "invalid-policy", file: PORTS_FILE, line: 14, message: /endPort 70000 is not a port number/ });
  });
});
