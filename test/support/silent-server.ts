import net from "node:net";
import type { ExecutionContext } from "ava";

/** A loopback TCP server that accepts connections and never answers, closed at the test's end; resolves with its port and the sockets it accepted. */
export async function silentServer(t: ExecutionContext): Promise<{ port: number; sockets: ReadonlySet<net.Socket> }> {
  const sockets = new Set<net.Socket>();
  const silent = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  t.teardown(() => {
    for (const socket of sockets) socket.destroy();
    silent.close();
  });
  return { port: (silent.address() as net.AddressInfo).port, sockets };
}
