import { randomUUID } from "node:crypto";
import jwt from "jsonwebtoken";
import { TEST_SECRET } from "./host-config.js";

/**
 * Signs a token the way the host expects access tokens, with claims overridable to forge bad ones (a claim set to
 * `undefined` is left out; `expiresIn: null` leaves out `exp`).
 */
export function signToken(claims: Record<string, unknown> = {}, options: { secret?: string; algorithm?: jwt.Algorithm; expiresIn?: number | null } = {}): string {
  return jwt.sign(
    { jti: randomUUID(), sub: "orchestrator", name: "orchestrator", token_use: "access", iss: "fusiondirectory-orchestrator", aud: "fusiondirectory-orchestrator", ...claims },
    options.secret ?? TEST_SECRET,
    { algorithm: options.algorithm ?? "HS256", ...(options.expiresIn === null ? {} : { expiresIn: options.expiresIn ?? 300 }) },
  );
}
