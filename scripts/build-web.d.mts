export function buildWeb(opts?: { force?: boolean; quiet?: boolean }): Promise<boolean>;
