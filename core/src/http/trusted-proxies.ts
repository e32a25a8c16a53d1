import { BlockList, isIP } from "node:net";
import type { Middleware } from "koa";

/** The reverse proxies whose `X-Forwarded-For` is believed (`HTTP_TRUSTED_PROXIES`). */
export interface TrustedProxies {
  has(address: string): boolean;
}

const CIDR = /^(.+)\/(\d{1,3})$/;

// A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d; proxies write them plainly.
function plain(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped?.[1] ?? address;
}

const family = (address: string): "ipv4" | "ipv6" => (isIP(address) === 6 ? "ipv6" : "ipv4");

function add(list: BlockList, entry: string): boolean {
  const cidr = CIDR.exec(entry);
  const address = plain(cidr?.[1] ?? entry);
  if (isIP(address) === 0) return false;
  if (cidr === null) {
    list.addAddress(address, family(address));
    return true;
  }
  const prefix = Number(cidr[2]);
  if (prefix > (isIP(address) === 6 ? 128 : 32)) return false;
  list.addSubnet(address, prefix, family(address));
  return true;
}

/** The entries of `HTTP_TRUSTED_PROXIES` that are neither an IP address nor a CIDR. */
export function invalidProxyEntries(entries: readonly string[]): string[] {
  const scratch = new BlockList();
  return entries.filter((entry) => !add(scratch, entry));
}

/** The trusted proxies from configuration entries (addresses and CIDRs, already validated). */
export function trustedProxies(entries: readonly string[]): TrustedProxies {
  const list = new BlockList();
  for (const entry of entries) add(list, entry);
  return { has: (address) => isIP(plain(address)) !== 0 && list.check(plain(address), family(plain(address))) };
}

/**
 * The client's address behind trusted reverse proxies. Each proxy appends the address it received the request
 * from to `X-Forwarded-For`, so only the entries added by trusted hops can be believed: walking from the
 * connection's peer leftwards, the first address that is not a trusted proxy is the client. Everything to its
 * left was written by the client itself and may be anything (a spoofed first entry must not reset the throttle).
 * A peer that is not a trusted proxy is the client, whatever the header says.
 */
export function clientAddress(peer: string, forwardedFor: string | undefined, proxies: TrustedProxies): string {
  const hops = [
    ...(forwardedFor ?? "")
      .split(",")
      .map((hop) => hop.trim())
      .filter((hop) => hop !== ""),
    plain(peer),
  ];
  for (let index = hops.length - 1; index >= 0; index -= 1) {
    const hop = plain(hops[index] as string);
    if (!proxies.has(hop)) return hop;
  }
  // Every hop is a trusted proxy: the request started at the left-most one.
  return plain(hops[0] as string);
}

/**
 * Sets the request's client address (`ctx.ip`, what the login throttle counts per address): with
 * `HTTP_TRUST_PROXY=TRUE` from the trusted hops of `X-Forwarded-For` (see {@link clientAddress}), else the peer.
 */
export function clientAddressMiddleware(trustProxy: boolean, entries: readonly string[]): Middleware {
  const proxies = trustedProxies(entries);
  return async (ctx, next) => {
    const peer = ctx.req.socket.remoteAddress ?? "";
    ctx.request.ip = trustProxy ? clientAddress(peer, ctx.get("X-Forwarded-For"), proxies) : plain(peer);
    await next();
  };
}
