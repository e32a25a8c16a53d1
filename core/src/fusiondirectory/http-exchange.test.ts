import net from "node:net";
import test, { type ExecutionContext } from "ava";
import { HttpExchanger } from "./http-exchange.js";

/** A raw TCP server on loopback answering each request with `answer(socket, count)`; counts the requests it read. */
async function rawServer(t: ExecutionContext, answer: (socket: net.Socket, count: number) => void): Promise<{ url: URL; requests: () => number }> {
  let requests = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("data", (chunk) => {
      // One request per chunk is enough for these small requests.
      if (chunk.toString("latin1").includes("HTTP/1.1")) {
        requests += 1;
        answer(socket, requests);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  const { port } = server.address() as net.AddressInfo;
  return { url: new URL(`http://127.0.0.1:${port}/rest.php/v1/objects/user/x`), requests: () => requests };
}

const PATCH = { method: "PATCH", headers: { "content-type": "application/json" }, body: "{}" };

test("an answer cut short fails the call instead of leaving it pending, and the request is not sent again", async (t) => {
  const server = await rawServer(t, (socket) => {
    socket.end('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a');
  });
  const exchanger = new HttpExchanger(60_000);
  t.teardown(() => exchanger.close());
  await t.throwsAsync(exchanger.exchange(server.url, PATCH));
  t.is(server.requests(), 1);
});

/** First request: a whole answer on a kept-alive connection. Second: the server resets that connection on reading it. */
const resetOnSecond = (socket: net.Socket, count: number): void => {
  if (count === 1) socket.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\n{}");
  else if (count === 2) socket.resetAndDestroy();
  else socket.end('HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: close\r\n\r\n"ok"');
};

test("a kept-alive connection the server reset before answering: a GET is sent again once", async (t) => {
  const server = await rawServer(t, resetOnSecond);
  const exchanger = new HttpExchanger(60_000);
  t.teardown(() => exchanger.close());
  const get = { method: "GET", headers: {} };
  t.deepEqual(await exchanger.exchange(server.url, get), { status: 200, text: "{}" });
  t.deepEqual(await exchanger.exchange(server.url, get), { status: 200, text: '"ok"' });
  t.is(server.requests(), 3);
});

test("... but a PATCH or POST is never sent twice: the server may have acted on it; the caller gets the error", async (t) => {
  const server = await rawServer(t, resetOnSecond);
  const exchanger = new HttpExchanger(60_000);
  t.teardown(() => exchanger.close());
  t.deepEqual(await exchanger.exchange(server.url, PATCH), { status: 200, text: "{}" });
  await t.throwsAsync(exchanger.exchange(server.url, PATCH), { code: "ECONNRESET" });
  t.is(server.requests(), 2);
});

test("no answer within the deadline fails the call with a TimeoutError", async (t) => {
  const server = await rawServer(t, () => undefined);
  const exchanger = new HttpExchanger(200);
  t.teardown(() => exchanger.close());
  await t.throwsAsync(exchanger.exchange(server.url, PATCH), { name: "TimeoutError" });
  t.is(server.requests(), 1);
});
