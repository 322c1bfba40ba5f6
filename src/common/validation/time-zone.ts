const ZONES = new Set(Intl.supportedValuesOf('timeZone').concat('UTC'));

/** True for an IANA time-zone name this runtime knows, e.g. "Europe/London". */
export function isTimeZone(name: string): boolean {
  return ZONES.has(name);
}
