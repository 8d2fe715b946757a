/** Whether `zone` is an IANA time zone this runtime knows (aliases such as "Europe/Kiev" and "UTC" included). */
export function knownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
