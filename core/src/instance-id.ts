import { randomBytes } from "node:crypto";
import { hostname } from "node:os";

/** Names this process in subtask and claim markers, so an admin can tell which instance holds what. */
export function instanceId(): string {
  const host =
    hostname()
      .replace(/[^A-Za-z0-9.-]/g, "-")
      .slice(0, 40) || "host";
  return `${host}-${process.pid}-${randomBytes(3).toString("hex")}`;
}
