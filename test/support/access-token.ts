import jwt from "jsonwebtoken";
import { TEST_SECRET } from "./host-config.js";

/** Signs a token the way the host expects access tokens, with claims overridable to forge bad ones. */
export function signToken(claims: Record<string, unknown> = {}, options: { secret?: string; algorithm?: jwt.Algorithm; expiresIn?: number } = {}): string {
  return jwt.sign(
    { sub: "orchestrator", name: "orchestrator", token_use: "access", iss: "fusiondirectory-orchestrator", aud: "fusiondirectory-orchestrator", ...claims },
    options.secret ?? TEST_SECRET,
    { algorithm: options.algorithm ?? "HS256", expiresIn: options.expiresIn ?? 300 },
  );
}
