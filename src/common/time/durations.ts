// Fixed lengths in milliseconds. A "day" is 24 h of UTC time: no time zone, no daylight saving.
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 60 * MS_PER_MINUTE;
export const MS_PER_DAY = 24 * MS_PER_HOUR;
