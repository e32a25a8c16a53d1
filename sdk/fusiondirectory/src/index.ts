export * from "./branch-rdn.js";
export * from "./object-path.js";
export * from "./supann.js";
export * from "./mail/addresses.js";
export * from "./mail/mail-templates.js";
export * from "./time/calendar-days.js";
export * from "./time/fd-dates.js";
export * from "./time/zoned-time.js";
