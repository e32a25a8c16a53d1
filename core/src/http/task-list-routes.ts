import type { Directory } from "@fdo/sdk";
import type Router from "@koa/router";
import type { Middleware } from "koa";
import { toPhpLdapEntries } from "./presenters/php-ldap-entries.js";

const LISTED_ATTRIBUTES = ["cn", "objectClass"];

/**
 * `GET <base>/api/tasks/` (and `/api/tasks/tasks`, which newer upstream clients use): every main task with its cn
 * and object classes, in upstream's raw shape; `[]` when there is none.
 */
export function registerTaskListRoutes(router: Router, directory: Directory, ldapBase: string, requireAuth: Middleware): void {
  const list: Middleware = async (ctx) => {
    const entries = await directory.searchAll({ base: ldapBase, filter: "(objectClass=fdTasks)", attributes: LISTED_ATTRIBUTES });
    ctx.body = entries.length === 0 ? [] : toPhpLdapEntries(entries, LISTED_ATTRIBUTES);
  };
  router.get(["/api/tasks", "/api/tasks/", "/api/tasks/tasks"], requireAuth, list);
}
