declare const serviceType: unique symbol;

/**
 * A DI token that carries the type of the service it names, so `resolve(TOKENS.Mailer)` is typed `Mailer`.
 * Tokens are `Symbol.for(...)` symbols: they stay equal across separately bundled copies of the SDK.
 * @public
 */
export type ServiceToken<T> = symbol & { readonly [serviceType]?: T };

/**
 * Creates a typed token. Use a namespaced key (`<pluginId>.<name>`) for a plugin's own services.
 * @public
 */
export function serviceToken<T>(key: string): ServiceToken<T> {
  return Symbol.for(key) as ServiceToken<T>;
}

/**
 * Anything that can hand out services by token: the plugin's DI scope.
 * @public
 */
export interface ServiceResolver {
  /** Returns the service, or throws `FDO_ERR_DI_SERVICE_UNAVAILABLE` when the host provides none. */
  resolve<T>(token: ServiceToken<T>): T;
}
