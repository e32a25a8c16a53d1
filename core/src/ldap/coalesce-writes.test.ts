import type net from "node:net";
import test from "ava";
import { coalesceWrites } from "./coalesce-writes.js";

/** A socket whose underlying write only records what it was given, and completes at once. */
function recordingSocket() {
  const writes: Buffer[] = [];
  const socket = {
    write(chunk: Buffer, done?: (error?: Error | null) => void): boolean {
      writes.push(chunk);
      done?.(null);
      return true;
    },
  };
  coalesceWrites(socket as unknown as net.Socket);
  return { socket: socket as unknown as net.Socket, writes };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

test("requests written in one turn of the event loop leave in one write, in order; each one's callback is called", async (t) => {
  const { socket, writes } = recordingSocket();
  const done: string[] = [];
  socket.write(Buffer.from("bind;"), () => done.push("bind"));
  await Promise.resolve();
  socket.write(Buffer.from("modify;"), () => done.push("modify"));
  socket.write(Buffer.from("search;"));
  t.is(writes.length, 0, "nothing leaves before the end of the turn");
  await turn();
  t.deepEqual(
    writes.map((chunk) => chunk.toString()),
    ["bind;modify;search;"],
  );
  t.deepEqual(done, ["bind", "modify"]);

  socket.write(Buffer.from("unbind;"), () => done.push("unbind"));
  await turn();
  t.deepEqual(
    writes.map((chunk) => chunk.toString()),
    ["bind;modify;search;", "unbind;"],
  );
  t.deepEqual(done, ["bind", "modify", "unbind"]);
});
