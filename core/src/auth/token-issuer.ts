import { randomUUID } from "node:crypto";
import jwt from "jsonwebtoken";
import { TOKEN_USE_CLAIM } from "./bearer-guard.js";

export interface TokenIssuerOptions {
  readonly secret: string;
  readonly issuer: string;
  readonly audience: string;
  /** Access token lifetime in seconds. */
  readonly accessTtl: number;
}

/** Mints HS256 access tokens with the claims the bearer guard requires. */
export class TokenIssuer {
  constructor(private readonly options: TokenIssuerOptions) {}

  /** An access token for `subject` (the DSA login), valid for `accessTtl` seconds. */
  accessToken(subject: string): string {
    return jwt.sign({ name: subject, [TOKEN_USE_CLAIM]: "access" }, this.options.secret, {
      algorithm: "HS256",
      subject,
      issuer: this.options.issuer,
      audience: this.options.audience,
      expiresIn: this.options.accessTtl,
      jwtid: randomUUID(),
    });
  }
}
