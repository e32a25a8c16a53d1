import type net from "node:net";

/**
 * ldapts writes each request with a socket write of its own, and a system call per request was a quarter of a mail
 * run's CPU. Requests issued in one turn of the event loop (concurrent subtasks resumed by the responses read in that
 * turn) are joined and leave in one write right after it, about half as many writes as requests in a mail run; each
 * request's write callback is called once that write is done.
 */
export function coalesceWrites(socket: net.Socket): void {
  const write = socket.write.bind(socket) as (chunk: Buffer, done?: (error?: Error | null) => void) => boolean;
  let pending: Array<{ readonly chunk: Buffer; readonly done: ((error?: Error | null) => void) | undefined }> = [];
  const flush = () => {
    const batch = pending;
    pending = [];
    if (batch.length === 1) write(batch[0]?.chunk as Buffer, batch[0]?.done);
    else
      write(Buffer.concat(batch.map((request) => request.chunk)), (error) => {
        for (const request of batch) request.done?.(error);
      });
  };
  socket.write = ((chunk: Buffer, done?: (error?: Error | null) => void) => {
    if (pending.length === 0) setImmediate(flush);
    pending.push({ chunk, done });
    return true;
  }) as typeof socket.write;
}
