import { type Directory, isOrchestratorError, LdapUnavailableError } from "@fdo/sdk";
import type Router from "@koa/router";
import { NotReadyError } from "../errors/registry.js";

/**
 * `GET /health/live`: the process answers. `GET /health/ready`: it can do work, i.e. the directory answers and
 * the service bind holds. Unauthenticated by design (load balancers probe them); they reveal no details.
 */
export function registerHealthRoutes(router: Router, directory: Directory): void {
  router.get("/health/live", (ctx) => {
    ctx.body = { status: "ok" };
  });
  router.get("/health/ready", async (ctx) => {
    try {
      await directory.ping();
    } catch (error) {
      const code = isOrchestratorError(error) ? error.code : LdapUnavailableError.code;
      throw new NotReadyError("directory unavailable", { details: { checks: { ldap: code } } });
    }
    ctx.body = { status: "ready", checks: { ldap: "ok" } };
  });
}
