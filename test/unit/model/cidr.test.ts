import { describe, expect, it } from "vitest";
import { ipBlockMayReachPods, parseCidr } from "../../../src/model/cidr.js";

const CLUSTER = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"];

describe("parseCidr", () => {
  it.each([
    ["10.0.0.0/8", 4, 0x0a000000n, 0x0affffffn],
    ["10.1.2.3/32", 4, 0x0a010203n, 0x0a010203n],
    ["10.1.2.3/16", 4, 0x0a010000n, 0x0a01ffffn],
    ["0.0.0.0/0", 4, 0n, 0xffffffffn],
    ["fd00::/8", 6, 0xfdn << 120n, (0xfen << 120n) - 1n],
    ["::ffff:10.0.0.0/104", 6, 0xffff0a000000n, 0xffff0affffffn],
  ])("%s", (cidr, family, start, end) => {
    expect(parseCidr(cidr)).toEqual({ family, start, end });
  });

  it.each(["10.0.0.0/33", "300.1.1.1/8", "10.0.0/8", "10.0.0.0", "::/129", "1::2::3/64", "abc/8", "10.0.0.0/-1", "1:2:3:4:5:6:7:8:9/64"])(
    "rejects %s",
    (cidr) => {
      expect(parseCidr(cidr)).toBeNull();
    },
  );
});

describe("ipBlockMayReachPods", () => {
  it.each([
    ["10.20.0.0/16", [], true],
    ["8.8.8.8/32", [], false],
    ["0.0.0.0/0", [], true],
    ["0.0.0.0/0", CLUSTER, false],
    ["10.0.0.0/8", ["10.0.0.0/9", "10.128.0.0/9"], false],
    ["10.0.0.0/8", ["10.0.0.0/9"], true],
    ["172.32.0.0/16", [], false],
    ["192.168.1.0/24", ["192.168.1.0/25"], true],
    ["fd00::/8", [], false],
    ["not-a-cidr", [], true],
  ] as const)("%s except %j -> %s", (cidr, except, expected) => {
    expect(ipBlockMayReachPods(cidr, [...except], CLUSTER)).toBe(expected);
  });

  it("compares IPv6 blocks with IPv6 cluster ranges", () => {
    expect(ipBlockMayReachPods("fd00:10::/32", [], [...CLUSTER, "fd00::/8"])).toBe(true);
    expect(ipBlockMayReachPods("fd00:10::/32", ["fd00:10::/33", "fd00:10:8000::/33"], [...CLUSTER, "fd00::/8"])).toBe(false);
  });
});
