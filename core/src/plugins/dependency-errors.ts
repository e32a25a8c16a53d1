import { defineError } from "@fdo/sdk";

/** A plugin declares a dependency on a service this host does not offer (unknown id, e.g. from a newer SDK). */
export const PluginDependencyUnknownError = defineError("FDO_ERR_PLUGIN_DEPENDENCY_UNKNOWN", 500, "plugin depends on a service this host does not offer");
/** A plugin's `deps` hold something that is not a service reference (e.g. a misspelt `services.*` name). */
export const PluginDependencyInvalidError = defineError("FDO_ERR_PLUGIN_DEPENDENCY_INVALID", 500, "plugin dependency is not a service reference");
