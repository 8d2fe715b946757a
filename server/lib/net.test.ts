import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../config";
import { isNonPublicAddress, parseTrustProxy, trustsPeer } from "./net";

describe("TRUST_PROXY", () => {
  it("is off by default, a hop count, or addresses, ranges and named ranges", () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(parseTrustProxy("false")).toBe(false);
    expect(parseTrustProxy("0")).toBe(false);
    expect(parseTrustProxy("2")).toBe(2);
    expect(parseTrustProxy("10.0.0.5, 192.168.0.0/16, loopback")).toEqual([
      "10.0.0.5",
      "192.168.0.0/16",
      "127.0.0.0/8",
      "::1/128",
    ]);
    expect(() => loadConfig({ TRUST_PROXY: "proxy.example.com" })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUST_PROXY: "10.0.0.0/33" })).toThrow(ConfigError);
  });

  it("trusts only the listed peers, IPv4-mapped forms included", () => {
    const trusted = trustsPeer(parseTrustProxy("10.0.0.0/8,::1"));
    expect([trusted("10.2.3.4"), trusted("::ffff:10.2.3.4"), trusted("::1")]).toEqual([true, true, true]);
    expect([trusted("11.0.0.1"), trusted("127.0.0.1"), trusted(undefined)]).toEqual([false, false, false]);
    expect(trustsPeer(false)("10.0.0.1")).toBe(false);
  });
});

describe("addresses a webhook may not reach", () => {
  it("are loopback, private, link-local, metadata, unique-local, mapped and reserved ones", () => {
    for (const a of [
      "127.0.0.1",
      "10.9.8.7",
      "172.31.255.255",
      "192.168.0.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "224.0.0.1",
      "::1",
      "::",
      "fd00::1",
      "fe80::1",
      "::ffff:127.0.0.1",
      "::ffff:8.8.8.8",
      "64:ff9b::a9fe:a9fe",
      "not an address",
    ])
      expect(isNonPublicAddress(a), a).toBe(true);
    for (const a of ["8.8.8.8", "93.184.216.34", "172.32.0.1", "2a00:1450:4001::1"])
      expect(isNonPublicAddress(a), a).toBe(false);
  });
});
