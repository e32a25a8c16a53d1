/**
 * A call to FusionDirectory's REST API (relative to `FUSIONDIRECTORY_WEBSERVICE_URL`).
 * @beta
 */
export interface FusionDirectoryRequest {
  readonly method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** Path below the API base, e.g. `/objects/user/<dn>`; path segments must be URL-encoded by the caller. */
  readonly path: string;
  readonly body?: unknown;
}

/**
 * FusionDirectory's answer.
 * @beta
 */
export interface FusionDirectoryResponse {
  readonly status: number;
  readonly body: unknown;
}

/**
 * FusionDirectory's REST API, logged in as the configured webservice user (session handled by the host).
 * @beta
 */
export interface FusionDirectoryClient {
  call(request: FusionDirectoryRequest): Promise<FusionDirectoryResponse>;
}
