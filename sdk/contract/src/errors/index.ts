export * from "./error-text.js";
export * from "./orchestrator-error.js";
export * from "./registry.js";
