import { describe, expect, it } from "vitest";
import { parseCidr, subtractRanges } from "../../../src/model/cidr.js";
import { rangesToCidrs } from "../../../src/model/ranges-to-cidrs.js";

const range = (cidr: string) => parseCidr(cidr)!;

describe("rangesToCidrs", () => {
  it("writes an aligned range as one block and an unaligned one as the fewest blocks", () => {
    expect(rangesToCidrs([range("10.0.0.0/8")])).toEqual(["10.0.0.0/8"]);
    expect(rangesToCidrs([{ family: 4, start: 1n, end: 6n }])).toEqual(["0.0.0.1/32", "0.0.0.2/31", "0.0.0.4/31", "0.0.0.6/32"]);
  });

  it("covers exactly the addresses outside the holes, in both families", () => {
    const outside = rangesToCidrs([...subtractRanges(range("0.0.0.0/0"), [range("10.0.0.0/8")]), ...subtractRanges(range("::/0"), [range("fd00::/8")])]);
    expect(outside).toContain("11.0.0.0/8");
    expect(outside).not.toContain("10.0.0.0/8");
    expect(outside).toContain("fe00::/7");
    expect(outside).toContain("::/1");
    // Back to ranges: the blocks add up to everything but the holes.
    const total = outside.map(range).reduce((sum, r) => sum + (r.end - r.start + 1n), 0n);
    expect(total).toBe(2n ** 32n - 2n ** 24n + 2n ** 128n - 2n ** 120n);
  });
});
