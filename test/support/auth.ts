import type { TestHost } from "@fdo/testing";
import type { ExecutionContext } from "ava";
import jwt from "jsonwebtoken";
import { signToken } from "./access-token.js";
import { TEST_SECRET } from "./host-config.js";

/** DSA accounts of the demo directory (core/ldap/demo.ldif), one per password hash scheme. */
export const DSA_ACCOUNTS = [
  { login: "orchestrator", password: "orchestrator-secret", scheme: "SSHA" },
  { login: "legacy-client", password: "legacy-secret", scheme: "SHA" },
  { login: "crypt-client", password: "crypt-secret", scheme: "CRYPT" },
  { login: "sha512-client", password: "sha512-secret", scheme: "SSHA512" },
  { login: "md5-client", password: "md5-secret", scheme: "MD5" },
] as const;

export const ORCHESTRATOR_PASSWORD = "orchestrator-secret";

/** How upstream's PHP client posts: a JSON string as curl POST fields, so curl labels it form-encoded. */
export const FORM = "application/x-www-form-urlencoded";

/**
 * Test host configuration for auth tests: a key the tests know (to forge tokens with), and throttling out of
 * the way (no delay, limits no test reaches) unless a test file overrides it.
 */
export function authConfig(overrides: Record<string, string> = {}): Record<string, string> {
  return { SECRET_KEY: TEST_SECRET, AUTH_FAILURE_DELAY_MS: "0", AUTH_MAX_FAILURES: "1000", AUTH_IP_MAX_FAILURES: "10000", ...overrides };
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  /** The body exactly as sent (the wire format matters: compact JSON, trailing newline). */
  readonly text: string;
  /** `text` parsed when it is JSON, else `text`. */
  readonly body: unknown;
}

export interface TokenPair {
  readonly access_token: string;
  readonly refresh_token: string;
}

/**
 * POSTs `body` (a string is sent verbatim, anything else as JSON). `contentType: null` sends no Content-Type at
 * all, which fetch only allows for binary bodies.
 */
export async function post(host: TestHost, path: string, body: unknown, contentType: string | null = "application/json"): Promise<RawResponse> {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const response = await fetch(`${host.url}${path}`, {
    method: "POST",
    headers: contentType === null ? {} : { "content-type": contentType },
    body: contentType === null ? new TextEncoder().encode(text) : text,
  });
  return toRaw(response);
}

export async function toRaw(response: Response): Promise<RawResponse> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, text, body };
}

export const login = (host: TestHost, username: string, password: string, contentType?: string | null): Promise<RawResponse> => post(host, "/api/login", { username, password }, contentType);
export const refresh = (host: TestHost, token: string): Promise<RawResponse> => post(host, "/api/refresh", { token });
export const logout = (host: TestHost, token: string): Promise<RawResponse> => post(host, "/api/logout", { token });

/** Logs in (orchestrator by default) and returns the pair; throws when the login is refused. */
export async function tokens(host: TestHost, username = "orchestrator", password = ORCHESTRATOR_PASSWORD): Promise<TokenPair> {
  return pairOf(await login(host, username, password));
}

/** The token pair of a login or refresh response; throws (failing the test) on anything else. */
export function pairOf(response: RawResponse): TokenPair {
  if (response.status !== 200) throw new Error(`expected a token pair, got ${response.status} ${response.text}`);
  return response.body as TokenPair;
}

/** Asserts the `{code, message}` error body every auth failure has. */
export function assertError(t: ExecutionContext, response: { status: number; body: unknown }, status: number, code: string, message: string): void {
  t.is(response.status, status, JSON.stringify(response.body).slice(0, 300));
  t.deepEqual(response.body, { code, message });
}

/** Asserts a login/refresh success: 200, JSON, and exactly upstream's compact pair plus a newline. */
export function assertPairResponse(t: ExecutionContext, response: RawResponse): TokenPair {
  t.is(response.status, 200, response.text);
  t.regex(response.headers.get("content-type") ?? "", /^application\/json/);
  const pair = response.body as TokenPair;
  t.is(response.text, `{"access_token":"${pair.access_token}","refresh_token":"${pair.refresh_token}"}\n`);
  return pair;
}

export interface DecodedToken {
  readonly header: Record<string, unknown>;
  readonly payload: Record<string, unknown>;
}

/** Header and claims without verifying anything. */
export function decodeToken(token: string): DecodedToken {
  const decoded = jwt.decode(token, { complete: true });
  if (decoded === null || typeof decoded.payload === "string") throw new Error(`not a JWT with a JSON payload: ${token}`);
  return { header: decoded.header as unknown as Record<string, unknown>, payload: decoded.payload as Record<string, unknown> };
}

/** The host's frozen "now" in JWT seconds. */
export const nowSeconds = (host: TestHost): number => Math.floor(host.clock.now().getTime() / 1000);

export interface ForgeOptions {
  readonly key?: string;
  readonly alg?: jwt.Algorithm;
  /** Seconds from `iat` to `exp`; `null` for a token without `exp`. */
  readonly ttl?: number | null;
  /** Seconds added to the host's now for `iat` (negative to forge old tokens). */
  readonly age?: number;
}

/**
 * An access token like the host's (see signToken), dated by the host's clock, with any claim, key or algorithm
 * overridden. `alg: "none"` yields an unsigned token.
 */
export function forge(host: TestHost, claims: Record<string, unknown> = {}, options: ForgeOptions = {}): string {
  const iat = nowSeconds(host) - (options.age ?? 0);
  const ttl = options.ttl === undefined ? 300 : options.ttl;
  if (options.alg === "none") {
    const signed = decodeToken(signToken({ iat, ...claims }, { expiresIn: ttl }));
    const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");
    return `${part({ alg: "none", typ: "JWT" })}.${part(signed.payload)}.`;
  }
  return signToken({ iat, ...claims }, { secret: options.key ?? TEST_SECRET, algorithm: options.alg ?? "HS256", expiresIn: ttl });
}

/** `token` with some claims changed and the original signature kept. */
export function tamper(token: string, changes: Record<string, unknown>): string {
  const [header, , signature] = token.split(".");
  const payload = { ...decodeToken(token).payload, ...changes };
  return `${header}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.${signature}`;
}
