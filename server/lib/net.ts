import net from "node:net";

/**
 * Address ranges by name, as Fastify's `trustProxy` (proxy-addr) names them; expanded here so that Fastify and
 * our own checks (whose request id to accept) read the same list.
 */
const NAMED_RANGES: Record<string, string[]> = {
  loopback: ["127.0.0.0/8", "::1/128"],
  linklocal: ["169.254.0.0/16", "fe80::/10"],
  uniquelocal: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
};

/** Whose X-Forwarded-* headers count: nobody's, the nearest n hops, or the listed addresses and ranges. */
export type TrustProxy = false | number | string[];

/**
 * TRUST_PROXY: empty or "false" (the default: forwarded headers are ignored), a hop count ("1": the peer is the
 * proxy), or a comma list of addresses, CIDR ranges and the names loopback, linklocal, uniquelocal.
 * Throws on an entry that is none of those.
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const v = (value ?? "").trim();
  if (!v || v === "false") return false;
  if (/^\d+$/.test(v)) return Number(v) === 0 ? false : Number(v);
  const out: string[] = [];
  for (const entry of v.split(",").map((s) => s.trim())) {
    if (NAMED_RANGES[entry]) out.push(...NAMED_RANGES[entry]);
    else if (parseCidr(entry)) out.push(entry);
    else throw new Error(`"${entry}" is not an address, a CIDR range or loopback/linklocal/uniquelocal`);
  }
  return out;
}

function parseCidr(entry: string): { address: string; prefix: number; family: "ipv4" | "ipv6" } | null {
  const [address = "", bits] = entry.split("/");
  const version = net.isIP(address);
  if (!version) return null;
  const max = version === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
  if (!(prefix >= 0 && prefix <= max)) return null;
  return { address, prefix, family: version === 4 ? "ipv4" : "ipv6" };
}

/** A BlockList holding the ranges; an IPv4 range also holds its IPv4-mapped IPv6 form (::ffff:a.b.c.d). */
function blockList(ranges: string[]): net.BlockList {
  const list = new net.BlockList();
  for (const range of ranges) {
    const c = parseCidr(range);
    if (!c) continue;
    list.addSubnet(c.address, c.prefix, c.family);
    if (c.family === "ipv4") list.addSubnet(`::ffff:${c.address}`, 96 + c.prefix, "ipv6");
  }
  return list;
}

/** Whether the peer that sent a request (its socket's address) is a proxy TRUST_PROXY trusts. */
export function trustsPeer(trust: TrustProxy): (address: string | undefined) => boolean {
  if (trust === false) return () => false;
  if (typeof trust === "number") return () => true;
  const list = blockList(trust);
  return (address) =>
    !!address && net.isIP(address) > 0 && list.check(address, net.isIP(address) === 4 ? "ipv4" : "ipv6");
}

/**
 * Addresses a webhook must not reach unless WEBHOOK_ALLOW_PRIVATE: this host, the private networks, link-local
 * (cloud metadata at 169.254.169.254 included), carrier-grade NAT, multicast, reserved and "this network";
 * in IPv6, loopback, unspecified, unique-local, link-local, multicast, and the forms that carry an IPv4 address
 * (mapped, NAT64, 6to4, Teredo), which are refused whole rather than decoded.
 */
const NON_PUBLIC = blockList([
  "0.0.0.0/8",
  "10.0.0.0/8",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "172.16.0.0/12",
  "192.0.0.0/24",
  "192.0.2.0/24",
  "192.168.0.0/16",
  "198.18.0.0/15",
  "198.51.100.0/24",
  "203.0.113.0/24",
  "224.0.0.0/4",
  "240.0.0.0/4",
  "::/128",
  "::1/128",
  "64:ff9b::/96",
  "64:ff9b:1::/48",
  "100::/64",
  "2001::/32",
  "2001:db8::/32",
  "2002::/16",
  "fc00::/7",
  "fe80::/10",
  "ff00::/8",
]);

/**
 * IPv4-mapped IPv6 (::ffff:a.b.c.d), checked for IPv6 addresses only: Node's BlockList matches every IPv4 address
 * against a mapped IPv6 range too, so it cannot sit in NON_PUBLIC.
 */
const MAPPED = blockList(["::ffff:0:0/96"]);

/** Whether an IP address is outside the public internet (see NON_PUBLIC); anything that is not an IP is too. */
export function isNonPublicAddress(address: string): boolean {
  const version = net.isIP(address);
  if (!version) return true;
  if (version === 6 && MAPPED.check(address, "ipv6")) return true;
  return NON_PUBLIC.check(address, version === 4 ? "ipv4" : "ipv6");
}
