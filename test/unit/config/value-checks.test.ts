import { describe, expect, it } from "vitest";
import {
  checkCheckName,
  checkCidr,
  checkGlob,
  checkNamespaceName,
  checkTeamSlug,
} from "../../../src/config/value-checks.js";

describe("checkGlob", () => {
  it.each([
    "**/*.yaml",
    "kubernetes/**/*.{yaml,yml}",
    "a/[abc]/b",
    "a/[]]/b",
    "a/[!]]/b",
    "@(a|b)/*.tf",
    "a\\{literal",
    "git::https://github.com/acme/*.git?ref=*",
    "x".repeat(1024),
  ])("accepts %j", (pattern) => {
    expect(checkGlob(pattern)).toBeNull();
  });

  it.each<[pattern: string, message: RegExp]>([
    ["", /empty/],
    ["   ", /only of spaces/],
    ["x".repeat(1025), /1025 characters, more than the 1024/],
    ["!**/*.yaml", /negated patterns are not supported/],
    ["**/*.{yaml,yml", /1 "\{" never closed/],
    ["**/*.yaml}", /"\}" at position 10 closes no "\{"/],
    ["a/[bc", /"\[" at position 3 is never closed/],
    ["a/bc]", /"\]" at position 5 closes no "\["/],
    ["@(a|b", /1 "\(" never closed/],
    ["a|b)", /"\)" at position 4 closes no "\("/],
    ["a\\", /lone backslash/],
    ["{a,b}".repeat(11), /more than 1000 patterns/],
  ])("refuses %j", (pattern, message) => {
    expect(checkGlob(pattern)).toMatch(message);
  });
});

describe("checkCidr", () => {
  it.each(["10.0.0.0/8", "0.0.0.0/0", "192.168.1.7/32", "100.64.0.0/10", "fd00::/8", "::/0", "2001:db8::/32", "::ffff:10.0.0.0/104", "fe80:0:0:0:0:0:0:0/10"])(
    "accepts %s",
    (cidr) => {
      expect(checkCidr(cidr)).toBeNull();
    },
  );

  it.each<[cidr: string, message: RegExp]>([
    ["10.0.0.0", /write an address and a prefix length/],
    ["10.0.0.0/8/8", /write an address and a prefix length/],
    ["10.0.0/8", /"10.0.0" is not an IP address/],
    ["10.0.0.256/32", /is not an IP address/],
    ["010.0.0.0/8", /is not an IP address/],
    ["10.0.0.0/33", /from 0 to 32/],
    ["10.0.0.0/-1", /from 0 to 32/],
    ["10.0.0.0/08", /from 0 to 32/],
    ["fd00::/129", /from 0 to 128/],
    ["fd00:::/8", /is not an IP address/],
    ["1::2::3/64", /is not an IP address/],
    ["1:2:3:4:5:6:7:8:9/64", /is not an IP address/],
    ["fe80::1%eth0/64", /is not an IP address/],
    ["10.0.0.1/8", /host bits set: the network is 10.0.0.0\/8/],
    ["172.16.5.0/12", /the network is 172.16.0.0\/12/],
    ["fd00::1/8", /the network is fd00::\/8/],
    ["2001:db8:0:0:1:0:0:1/64", /the network is 2001:db8::\/64/],
    ["kube-system", /write an address and a prefix length/],
  ])("refuses %j", (cidr, message) => {
    expect(checkCidr(cidr)).toMatch(message);
  });
});

describe("checkNamespaceName", () => {
  it.each(["kube-system", "a", "service-1", "1abc", "x".repeat(63)])("accepts %s", (name) => {
    expect(checkNamespaceName(name)).toBeNull();
  });

  it.each<[name: string, message: RegExp]>([
    ["", /empty/],
    ["x".repeat(64), /64 characters, at most 63/],
    ["Kube-System", /did you mean "kube-system"/],
    ["kube_system", /lowercase letters, digits and "-" only/],
    ["-system", /starting and ending/],
    ["system-", /starting and ending/],
    ["kube.system", /lowercase letters/],
  ])("refuses %j", (name, message) => {
    expect(checkNamespaceName(name)).toMatch(message);
  });
});

describe("checkTeamSlug", () => {
  it.each(["platform", "platform-network", "sre_team", "Platform", "team.v2"])("accepts %s", (slug) => {
    expect(checkTeamSlug(slug)).toBeNull();
  });

  it.each<[slug: string, message: RegExp]>([
    ["", /empty/],
    ["@acme/platform", /write the slug alone: "platform"/],
    ["acme/platform", /write the slug alone: "platform"/],
    ["platform team", /not a GitHub team slug/],
    ["x".repeat(101), /longer than 100/],
  ])("refuses %j", (slug, message) => {
    expect(checkTeamSlug(slug)).toMatch(message);
  });
});

describe("checkCheckName", () => {
  it.each(["netpol-guard", "netpol-guard / policies"])("accepts %j", (name) => {
    expect(checkCheckName(name)).toBeNull();
  });

  it.each<[name: string, message: RegExp]>([
    ["", /empty/],
    ["  ", /empty/],
    ["a\nb", /one line/],
    ["x".repeat(101), /longer than 100/],
  ])("refuses %j", (name, message) => {
    expect(checkCheckName(name)).toMatch(message);
  });
});
