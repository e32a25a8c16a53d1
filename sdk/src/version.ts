/**
 * Version of this SDK. Plugins declare the SDK range they were built for; the host refuses a plugin whose
 * range does not include this version.
 * @public
 */
export const SDK_VERSION = "1.0.0";

/**
 * Manifest format version read from the `fdOrchestrator` key of a plugin's `package.json`.
 * @public
 */
export const PLUGIN_API_VERSION = 1;
