/**
 * The anti-spam allowance of one run, from FusionDirectory's `fdTasksConf` (max mails per run, minimum interval
 * between runs, last execution time).
 */
export interface MailAllowance {
  /** Set when the run may not send at all (interval not elapsed); upstream's `antiSpam` text. */
  readonly blocked: string | undefined;
  /** Recipients still allowed in this run. */
  remaining(): number;
  /** Reserves `recipients` mails; false (and nothing reserved) when that would exceed the cap. */
  take(recipients: number): boolean;
  /** Returns a reservation that was not used (the work went to another run). */
  giveBack(recipients: number): void;
  /** Records a successful send (updates `fdTasksConfLastExecTime`, in the format found). */
  recordSent(): Promise<void>;
  /**
   * Ends the run's use of the allowance. A run that passed the interval gate stamped the last-exec time to keep
   * concurrent runs out; if it then sent nothing, the previous time is put back, so an empty run does not delay the
   * next one. Call it once after a run opened with `enforceInterval` (e.g. in `finally`); otherwise it does nothing.
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
