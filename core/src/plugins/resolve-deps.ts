import type { Deps, ResolvedDeps } from "@fdo/sdk";
import type { DependencyContainer } from "tsyringe";

/** The services a checked `deps` declaration names, from the plugin's scope. */
export function resolveDeps<D extends Deps>(scope: DependencyContainer, deps: D): ResolvedDeps<D> {
  return Object.fromEntries(Object.entries(deps).map(([key, ref]) => [key, scope.resolve(ref.id)])) as ResolvedDeps<D>;
}
