/**
 * The anti-spam allowance of one run, from FusionDirectory's `fdTasksConf` (max mails per run, minimum interval
 * between runs, last execution time).
 */
export interface MailAllowance {
  /** Set when the run may not send at all (interval not elapsed); upstream's `antiSpam` text. */
  readonly blocked: string | undefined;
  /** Recipients still allowed, as this run last saw the window all runs share. */
  remaining(): number;
  /** Reserves `recipients` mails in the shared window; false (and nothing reserved) when that would exceed the cap. */
  take(recipients: number): Promise<boolean>;
  /** Returns a reservation that was not used (the work went to another run). */
  giveBack(recipients: number): Promise<void>;
  /**
   * Records a successful send. A run enforcing the interval (the Mail task) updates `fdTasksConfLastExecTime`, in
   * the format found, and gets true; other runs only count toward the cap, so their mails never delay a Mail run.
   */
  recordSent(): Promise<boolean>;
  /**
   * Ends the run's use of the allowance: it leaves the shared window. A run that passed the interval gate stamped the
   * last-exec time to keep concurrent runs out; if it then sent nothing, the previous time is put back, so an empty
   * run does not delay the next one. Call it once per opened allowance (e.g. in `finally`).
   */
  finish(): Promise<void>;
}

/**
 * Shared anti-spam accounting of every mail the Outbox sends.
 */
export interface MailBudget {
  /**
   * Opens a run's allowance. With `enforceInterval`, a run started before `last exec + interval` is blocked (and two
   * instances starting together cannot both pass). A dry run reads but never writes.
   */
  open(options: { readonly enforceInterval: boolean; readonly dryRun: boolean }): Promise<MailAllowance>;
}
