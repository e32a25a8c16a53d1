import test from "ava";
import { clientAddress, invalidProxyEntries, trustedProxies } from "./trusted-proxies.js";

const loopback = trustedProxies(["127.0.0.1", "::1"]);
const chain = trustedProxies(["127.0.0.1", "10.0.0.0/8", "2001:db8::/32"]);

test("the client is the right-most address a trusted proxy did not write; what the client wrote is ignored", (t) => {
  t.is(clientAddress("127.0.0.1", "203.0.113.7", loopback), "203.0.113.7");
  t.is(clientAddress("127.0.0.1", "198.51.100.1, 203.0.113.7", loopback), "203.0.113.7", "spoofed first entry");
  t.is(clientAddress("127.0.0.1", "1.1.1.1,2.2.2.2 , 203.0.113.7", loopback), "203.0.113.7");
  t.is(clientAddress("127.0.0.1", "198.51.100.1, 203.0.113.7, 10.1.2.3", chain), "203.0.113.7", "through two trusted hops");
  t.is(clientAddress("::ffff:127.0.0.1", "203.0.113.7", loopback), "203.0.113.7", "IPv4-mapped peer");
  t.is(clientAddress("2001:db8::1", "2001:db9::1, 2001:db8::5", chain), "2001:db9::1", "IPv6 hops");
});

test("a peer that is not a trusted proxy is the client, whatever the header says", (t) => {
  t.is(clientAddress("192.0.2.9", "203.0.113.7", loopback), "192.0.2.9");
  t.is(clientAddress("::ffff:192.0.2.9", undefined, loopback), "192.0.2.9");
  t.is(clientAddress("192.0.2.9", "", loopback), "192.0.2.9");
});

test("when every hop is trusted the left-most one is the client; without a header the peer is", (t) => {
  t.is(clientAddress("127.0.0.1", "10.0.0.1, 10.0.0.2", chain), "10.0.0.1");
  t.is(clientAddress("127.0.0.1", "", loopback), "127.0.0.1");
});

test("garbage written by the client stops the walk like any untrusted address", (t) => {
  t.is(clientAddress("127.0.0.1", "203.0.113.7, not-an-address", loopback), "not-an-address");
});

test("entries that are neither an address nor a CIDR are named", (t) => {
  t.deepEqual(invalidProxyEntries(["127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8", "::ffff:10.0.0.1"]), []);
  t.deepEqual(invalidProxyEntries(["proxy.example.org", "10.0.0.0/33", "::/129", "10.0.0.0/", "300.1.1.1"]), ["proxy.example.org", "10.0.0.0/33", "::/129", "10.0.0.0/", "300.1.1.1"]);
});
