// Module resolution hook (runs on Node's loader thread). Plugins may live outside the installation, where
// `@fdo/sdk`, tsyringe and koa cannot be found, or may carry their own copies: either way the shared modules must
// be the core's single instances, or DI type information and tokens split in two. So these bare specifiers are
// always resolved as if the core had imported them.
import type { InitializeHook, ResolveHook } from "node:module";

const SHARED = new Set(["@fdo/sdk", "tsyringe", "reflect-metadata", "koa", "@koa/router"]);
let coreParentUrl: string | undefined;

export const initialize: InitializeHook<{ coreParentUrl: string }> = (data) => {
  coreParentUrl = data.coreParentUrl;
};

export const resolve: ResolveHook = (specifier, context, nextResolve) => {
  const shared = SHARED.has(specifier) || specifier.startsWith("@fdo/sdk/");
  return shared && coreParentUrl !== undefined ? nextResolve(specifier, { ...context, parentURL: coreParentUrl }) : nextResolve(specifier, context);
};
