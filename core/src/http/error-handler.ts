import { isOrchestratorError, type Logger, type OrchestratorError, type OrchestratorErrorClass } from "@fdo/sdk";
import type { Middleware } from "koa";
import { HttpBadJsonError, HttpMethodNotAllowedError, HttpNotFoundError, HttpPayloadTooLargeError, InternalError } from "../errors/registry.js";

// Errors thrown by raw-body and Koa itself carry an http-errors `type` or `status`.
function fromFrameworkError(error: { type?: unknown; status?: unknown }): OrchestratorError | undefined {
  if (error.type === "entity.too.large" || error.status === 413) return new HttpPayloadTooLargeError();
  if (error.type === "entity.parse.failed") return new HttpBadJsonError();
  return undefined;
}

function toOrchestratorError(error: unknown): OrchestratorError {
  if (isOrchestratorError(error)) return error;
  if (typeof error === "object" && error !== null) {
    const mapped = fromFrameworkError(error);
    if (mapped !== undefined) return mapped;
  }
  return new InternalError(undefined, { cause: error });
}

/**
 * What a client may see of an error. Server-side failures keep their code and details but get their generic message:
 * a detailed one (LDAP URI, bind DN, file paths) is for the log, and may be read by callers who are not logged in.
 */
export function clientView(error: OrchestratorError): ReturnType<OrchestratorError["toJSON"]> {
  const body = error.toJSON();
  if (error.status < 500) return body;
  const generic = (error.constructor as Partial<OrchestratorErrorClass>).defaultMessage ?? InternalError.defaultMessage;
  return { ...body, message: generic };
}

/**
 * The one place errors become responses: `{code, message}` JSON with the error's status and headers. Unexpected
 * errors are logged with their stack and answered with a generic 500 that reveals nothing about the server.
 * Unmatched paths and methods become JSON 404/405 here too.
 */
export function errorHandler(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.body === undefined || ctx.body === null) {
        if (ctx.status === 404) throw new HttpNotFoundError(`no route for ${ctx.method} ${ctx.path}`);
        if (ctx.status === 405 || ctx.status === 501) {
          throw new HttpMethodNotAllowedError(`${ctx.method} is not allowed here`, { headers: { Allow: ctx.response.get("Allow") } });
        }
      }
    } catch (thrown) {
      const error = toOrchestratorError(thrown);
      const requestId = ctx.state["requestId"] as string | undefined;
      if (error.status >= 500) {
        logger.error("request failed", { requestId, code: error.code, method: ctx.method, path: ctx.path, detail: error.message, err: error.cause ?? error });
      }
      ctx.status = error.status;
      ctx.set(error.headers ?? {});
      ctx.body = clientView(error);
    }
  };
}
