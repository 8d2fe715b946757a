// The one way the web app talks to the server: JSON in and out, the CSRF token on every write, errors as
// ApiError with the server's code and message.
export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
    public details?: unknown,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
export const setCsrf = (token: string | null) => {
  csrfToken = token;
};

export async function api<T = unknown>(
  method: string,
  url: string,
  body?: unknown,
  opts: { raw?: Blob | File; contentType?: string; keepalive?: boolean; form?: FormData } = {},
): Promise<T> {
  const headers: Record<string, string> = {};
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  let payload: BodyInit | undefined;
  // A multipart form (a CSV upload with its fields): the browser writes the content type with its boundary.
  if (opts.form) payload = opts.form;
  else if (opts.raw) {
    payload = opts.raw;
    headers["content-type"] = opts.contentType || "application/octet-stream";
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers["content-type"] = "application/json";
  }
  // keepalive: the request outlives the page (a draft saved as the tab closes).
  const res = await fetch(url, {
    method,
    headers,
    body: payload,
    credentials: "same-origin",
    keepalive: opts.keepalive,
  });
  const text = await res.text();
  const data: unknown = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const error = (data as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    throw new ApiError(res.status, error?.code ?? "http_error", error?.message ?? res.statusText, error?.details);
  }
  // The caller names the shape it expects (the shared response types); nothing checks it at run time.
  return data as T;
}

export const get = <T = unknown>(url: string) => api<T>("GET", url);

/** Query string from an object, leaving out empty values. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : "";
}
