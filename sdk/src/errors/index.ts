export * from "./orchestrator-error.js";
export * from "./registry.js";
