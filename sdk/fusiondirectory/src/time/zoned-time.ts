/** Calendar fields of a wall-clock time, months 1-12. @public */
export interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let cached = formatters.get(timeZone);
  if (cached === undefined) {
    cached = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    formatters.set(timeZone, cached);
  }
  return cached;
}

/** True for a zone name the runtime knows (IANA), e.g. `Europe/Paris`. @public */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock time `instant` shows in `timeZone`. @public */
export function wallTimeAt(instant: Date, timeZone: string): WallTime {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(instant)
      .map((part) => [part.type, Number(part.value)]),
  );
  return { year: parts["year"] ?? 0, month: parts["month"] ?? 0, day: parts["day"] ?? 0, hour: parts["hour"] ?? 0, minute: parts["minute"] ?? 0, second: parts["second"] ?? 0 };
}

const asUtc = (wall: WallTime): number => Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);

/**
 * The instant at which clocks in `timeZone` show `wall`. In a DST gap the wall time does not exist and the instant
 * one offset later is returned; in an overlap the earlier instant.
 * @public
 */
export function instantOfWallTime(wall: WallTime, timeZone: string): Date {
  const target = asUtc(wall);
  // Two passes converge on the zone's offset at that moment (it can differ from the offset at the first guess).
  let guess = target;
  for (let pass = 0; pass < 2; pass += 1) {
    const offset = asUtc(wallTimeAt(new Date(guess), timeZone)) - guess;
    guess = target - offset;
  }
  return new Date(guess);
}
