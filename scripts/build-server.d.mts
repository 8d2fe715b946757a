export const serverDist: string;
export function serverBuildIsFresh(outdir?: string): boolean;
export function buildServer(opts?: { outdir?: string; force?: boolean; quiet?: boolean }): Promise<boolean>;
