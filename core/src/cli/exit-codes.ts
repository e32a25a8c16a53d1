/** Process exit codes (sysexits.h where one fits), documented in the README. */
export const EXIT = { ok: 0, failure: 1, usage: 64, config: 78 } as const;
