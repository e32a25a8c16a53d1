// Replaced at build time by the `version` of sdk/contract/package.json (esbuild `define`), so it is written once.
declare const __FDO_SDK_VERSION__: string;

/**
 * Version of this SDK. Plugins declare the SDK range they were built for; the host refuses a plugin whose
 * range does not include this version.
 * @public
 */
export const SDK_VERSION: string = __FDO_SDK_VERSION__;

/**
 * Manifest format version read from the `fdOrchestrator` key of a plugin's `package.json`.
 * @public
 */
export const PLUGIN_API_VERSION = 2;
