// The bench's HTTP client for many small requests: node:http on kept-alive sockets. fetch (undici) cost the bench
// process about twice the CPU per request, which the service and slapd then lacked on a machine they all share.
import http from "node:http";

const agent = new http.Agent({ keepAlive: true });

/** Sends one request and reads its answer to the end; resolves with the status code. */
export function send(url, { method = "GET", headers = {}, body, signal } = {}) {
  return new Promise((resolve, reject) => {
    const sized = body === undefined ? headers : { ...headers, "content-length": Buffer.byteLength(body) };
    const request = http.request(url, { method, headers: sized, agent, signal }, (response) => {
      response.on("error", reject);
      response.on("end", () => resolve(response.statusCode));
      response.resume();
    });
    request.on("error", reject);
    request.end(body);
  });
}

/** Closes the kept-alive sockets, so the bench process can end. */
export function closeIdleSockets() {
  agent.destroy();
}
