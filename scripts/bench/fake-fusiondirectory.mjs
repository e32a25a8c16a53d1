// A FusionDirectory REST stand-in in its own process for benchmarks, so the measured process is the orchestrator:
// `POST /rest.php/v1/login` answers a JSON-string session token, `PATCH /rest.php/v1/objects/user/<dn>` with that
// token answers 200 `{}` at once and is counted; anything else is 401/404. Loopback only. Talks to its parent over
// IPC: sends {port, login, password}, answers "count" with {refreshed, logins, other}, exits on "stop".

import { randomBytes } from "node:crypto";
import { createServer } from "node:http";

const PREFIX = "/rest.php/v1";
const login = "bench-webservice";
const password = randomBytes(12).toString("hex");
const token = `bench-session-${randomBytes(8).toString("hex")}`;
const counts = { refreshed: 0, logins: 0, other: 0 };

function reply(response, status, body) {
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

const server = createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("error", () => response.destroy());
  request.on("end", () => {
    const path = (request.url ?? "/").split("?")[0];
    if (request.method === "POST" && path === `${PREFIX}/login`) {
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        body = undefined;
      }
      if (body?.user !== login || body?.password !== password) return reply(response, 401, "Invalid login or password");
      counts.logins += 1;
      return reply(response, 200, token);
    }
    if (request.headers["session-token"] !== token) {
      counts.other += 1;
      return reply(response, 401, "Invalid session token");
    }
    if (request.method === "PATCH" && path.startsWith(`${PREFIX}/objects/user/`)) {
      counts.refreshed += 1;
      return reply(response, 200, {});
    }
    counts.other += 1;
    reply(response, 404, { message: `no route ${request.method} ${path}` });
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port, login, password }));
process.on("message", (message) => {
  if (message === "count") process.send({ ...counts });
  if (message === "stop") {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});
process.on("disconnect", () => process.exit(0));
