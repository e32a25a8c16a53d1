export * from "./orchestrator-error.js";
export * from "./registry.js";
export * from "./error-text.js";
