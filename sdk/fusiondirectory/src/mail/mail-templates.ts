import { childDn, type Directory, type DirectoryEntry, isOrchestratorError, sameDn } from "@fdo/sdk";
import { isRdnSequence } from "../branch-rdn.js";
import { parseTemplateMacros, type TemplateMacro } from "./template-macros.js";

/** Template branch below the base when the FusionDirectory configuration names none (`fdMailTemplateRDN`). @public */
export const DEFAULT_TEMPLATE_RDN = "ou=mailTemplate";
/** One subtree search returns the template and its attachment children. @public */
export const TEMPLATE_FILTER = "(|(objectClass=fdMailTemplate)(objectClass=fdMailAttachments))";

/** One attachment of a template: a child `fdMailAttachments` entry, named by its `cn`. @public */
export interface TemplateAttachment {
  readonly filename: string;
  readonly content: Buffer;
}

/** A mail template (`fdMailTemplate`) with its attachments. @public */
export interface MailTemplate {
  readonly dn: string;
  readonly subject: string;
  readonly body: string;
  /** Absent or empty: no signature. */
  readonly signature: string | undefined;
  /** `fdMailTemplateReadReceipt` is `TRUE`; a missing attribute counts as FALSE. */
  readonly readReceipt: boolean;
  readonly attachments: readonly TemplateAttachment[];
  /** FusionDirectory 1.6 macros (`fdMailTemplateMacro`); none on FD 1.5 templates. */
  readonly macros: readonly TemplateMacro[];
}

/** A template, or why the subtasks using it cannot be sent. @public */
export type TemplateLookup = { readonly ok: true; readonly template: MailTemplate } | { readonly ok: false; readonly error: string };

function hasObjectClass(entry: DirectoryEntry, objectClass: string): boolean {
  const wanted = objectClass.toLowerCase();
  return entry.values("objectClass").some((value) => value.toLowerCase() === wanted);
}

/**
 * The template branch RDN from `fdMailTemplateRDN` (e.g. `ou=mailTemplate` or `ou=templates,ou=mail`), or the
 * default when it is absent or not a plain RDN sequence.
 * @public
 */
export function templateBranch(configured: string | undefined): string {
  const value = configured?.trim();
  if (value === undefined || value === "") return DEFAULT_TEMPLATE_RDN;
  return isRdnSequence(value) ? value : DEFAULT_TEMPLATE_RDN;
}

/** `cn=<template name>,<template branch>,<base>`, escaped. @public */
export function templateDn(name: string, branch: string, base: string): string {
  return childDn("cn", name, base === "" ? branch : `${branch},${base}`);
}

/**
 * Builds the template from the entries of the subtree search rooted at its DN. The template is the entry with
 * objectClass `fdMailTemplate` (the search base when several), not whatever came first; every `fdMailAttachments`
 * entry is an attachment.
 * @public
 */
export function templateFromEntries(dn: string, entries: readonly DirectoryEntry[]): TemplateLookup {
  const templates = entries.filter((entry) => hasObjectClass(entry, "fdMailTemplate"));
  const entry = templates.find((candidate) => sameDn(candidate.dn, dn)) ?? templates[0];
  if (entry === undefined) return { ok: false, error: `Mail template not found: ${dn}` };
  const subject = entry.first("fdMailTemplateSubject");
  const body = entry.first("fdMailTemplateBody");
  if (subject === undefined || body === undefined) {
    return { ok: false, error: `Mail template ${entry.dn} has no ${subject === undefined ? "fdMailTemplateSubject" : "fdMailTemplateBody"}` };
  }
  const attachments: TemplateAttachment[] = [];
  for (const child of entries.filter((candidate) => hasObjectClass(candidate, "fdMailAttachments"))) {
    const content = child.buffers("fdMailAttachmentsContent")[0];
    const filename = child.first("cn");
    if (content === undefined || filename === undefined) return { ok: false, error: `Mail template attachment ${child.dn} has no cn or content` };
    attachments.push({ filename, content });
  }
  const signature = entry.first("fdMailTemplateSignature");
  return {
    ok: true,
    template: {
      dn: entry.dn,
      subject,
      body,
      signature: signature === undefined || signature === "" ? undefined : signature,
      readReceipt: entry.first("fdMailTemplateReadReceipt")?.trim().toUpperCase() === "TRUE",
      attachments,
      macros: parseTemplateMacros(entry.values("fdMailTemplateMacro")),
    },
  };
}

function isNoSuchObject(error: unknown): boolean {
  return isOrchestratorError(error) && error.code === "FDO_ERR_LDAP_NO_SUCH_OBJECT";
}

/**
 * Loads templates for one run, each at most once. The template branch comes from `fdMailTemplateRDN` of the
 * FusionDirectory configuration (`fdMailTemplateConf`), read once.
 * @public
 */
export class MailTemplateCache {
  readonly #templates = new Map<string, Promise<TemplateLookup>>();
  #branch: Promise<string> | undefined;

  constructor(
    private readonly directory: Directory,
    private readonly base: string,
  ) {}

  get(name: string): Promise<TemplateLookup> {
    let lookup = this.#templates.get(name);
    if (lookup === undefined) {
      lookup = this.#load(name);
      this.#templates.set(name, lookup);
    }
    return lookup;
  }

  async #load(name: string): Promise<TemplateLookup> {
    const dn = templateDn(name, await this.#templateBranch(), this.base);
    let entries: DirectoryEntry[];
    try {
      entries = await this.directory.searchAll({ base: dn, scope: "sub", filter: TEMPLATE_FILTER, binaryAttributes: ["fdMailAttachmentsContent"] });
    } catch (error) {
      if (isNoSuchObject(error)) return { ok: false, error: `Mail template not found: ${dn}` };
      throw error;
    }
    return templateFromEntries(dn, entries);
  }

  #templateBranch(): Promise<string> {
    this.#branch ??= this.directory
      .searchAll({ base: this.base, scope: "sub", filter: "(objectClass=fdMailTemplateConf)", attributes: ["fdMailTemplateRDN"], pageSize: 10 })
      .then((entries) => templateBranch(entries[0]?.first("fdMailTemplateRDN")));
    return this.#branch;
  }
}
