// Entry of the fusiondirectory-orchestrator-client binary; the implementation is being written.
export {};
