/** The instant the demo data is written for: the test host's and the fake task runner's default "now". @public */
export const DEMO_NOW = "2026-11-28T10:00:00Z";
