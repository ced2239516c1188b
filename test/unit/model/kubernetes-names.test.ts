import { describe, expect, it } from "vitest";
import {
  isDns1123Label,
  isDns1123Subdomain,
  isIanaSvcName,
  isLabelValue,
  isQualifiedName,
} from "../../../src/model/kubernetes-names.js";

describe("Kubernetes names", () => {
  it.each([
    ["team-a", true],
    ["a", true],
    ["0abc", true],
    ["a".repeat(63), true],
    ["a".repeat(64), false],
    ["Team-a", false],
    ["team_a", false],
    ["-team", false],
    ["team-", false],
    ["team.a", false],
    ["", false],
  ])("DNS-1123 label %j: %s", (value, expected) => {
    expect(isDns1123Label(value)).toBe(expected);
  });

  it.each([
    ["allow-dns", true],
    ["allow.dns.v1", true],
    [`${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}`, true],
    [`${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(62)}`, false],
    ["allow_dns", false],
    ["allow..dns", false],
    [".allow", false],
    ["Allow", false],
  ])("DNS-1123 subdomain %j: %s", (value, expected) => {
    expect(isDns1123Subdomain(value)).toBe(expected);
  });

  it.each([
    ["app", true],
    ["app.kubernetes.io/name", true],
    ["company-x.tree.hnc.x-k8s.io/depth", true],
    ["Under_score.dot-dash", true],
    ["a/b/c", false],
    ["/name", false],
    ["prefix/", false],
    ["bad key", false],
    ["UPPER.example.com/name", false],
    ["-name", false],
    ["n".repeat(64), false],
  ])("qualified name %j: %s", (value, expected) => {
    expect(isQualifiedName(value)).toBe(expected);
  });

  it.each([
    ["", true],
    ["web", true],
    ["v1.2_3-x", true],
    ["-web", false],
    ["web.", false],
    ["has space", false],
    ["a".repeat(64), false],
  ])("label value %j: %s", (value, expected) => {
    expect(isLabelValue(value)).toBe(expected);
  });

  it.each([
    ["http", true],
    ["dns-tcp", true],
    ["h2c", true],
    ["a".repeat(15), true],
    ["a".repeat(16), false],
    ["HTTP", false],
    ["80", false],
    ["-http", false],
    ["http-", false],
    ["dns--tcp", false],
    ["", false],
  ])("IANA_SVC_NAME %j: %s", (value, expected) => {
    expect(isIanaSvcName(value)).toBe(expected);
  });
});
