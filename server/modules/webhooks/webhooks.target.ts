import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net, { type LookupFunction } from "node:net";
import { ApiError } from "../../http/errors";
import { isNonPublicAddress } from "../../lib/net";

/**
 * Where a webhook may go. By default only to the public internet: not this host, not the private networks, not
 * link-local (the cloud metadata address) and the like (lib/net.ts), checked when the URL is saved and again at
 * each delivery on the address the connection really uses, so a name that resolves inside, or starts to
 * (DNS rebinding), is refused too. WEBHOOK_ALLOW_PRIVATE=true lifts the check for installations that call their
 * own services on purpose.
 */

export class TargetRefused extends Error {
  constructor() {
    super("refused: the address is not public (set WEBHOOK_ALLOW_PRIVATE=true to allow it)");
  }
}

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, "");

/** When a subscription is saved: its host, or every address its name resolves to now, must be public. */
export async function assertWebhookTarget(allowPrivate: boolean, url: string): Promise<void> {
  if (allowPrivate) return;
  const refused = () =>
    new ApiError(
      400,
      "webhook_target_refused",
      "Webhooks may only call public addresses: this one is this host, a private or a link-local network",
    );
  const host = hostOf(new URL(url));
  if (net.isIP(host)) {
    if (isNonPublicAddress(host)) throw refused();
    return;
  }
  if (host === "localhost" || host.endsWith(".localhost")) throw refused();
  // A name that does not resolve yet is accepted: each delivery checks it again.
  const addresses = await dns.promises.lookup(host, { all: true, verbatim: true }).catch(() => []);
  if (addresses.some((a) => isNonPublicAddress(a.address))) throw refused();
}

/**
 * The lookup the connection itself uses: the name is resolved once, every address it gives is checked, and the
 * socket connects to one of those checked addresses (no second resolution that could answer differently).
 */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "", 4);
      if (!allowPrivate && (addresses.length === 0 || addresses.some((a) => isNonPublicAddress(a.address))))
        return callback(new TargetRefused(), "", 4);
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}

export interface WebhookResponse {
  status: number;
}

/**
 * POSTs one delivery. Redirects are not followed (a 3xx is the answer); the response body is not read. Any failure
 * to connect or to get an answer in time is one generic error, so the delivery log cannot be used to tell an open
 * port from a closed one.
 */
export function postWebhook(
  allowPrivate: boolean,
  target: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs = 10_000,
): Promise<WebhookResponse> {
  const url = new URL(target);
  const host = hostOf(url);
  if (net.isIP(host) && !allowPrivate && isNonPublicAddress(host)) return Promise.reject(new TargetRefused());
  const send = url.protocol === "https:" ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        lookup: guardedLookup(allowPrivate),
        agent: false,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0 });
        req.destroy();
      },
    );
    req.on("error", (err) => reject(err instanceof TargetRefused ? err : new DeliveryFailed()));
    req.end(body);
  });
}

/** Every network failure, in one form. */
export class DeliveryFailed extends Error {
  constructor() {
    super("could not deliver: no answer from the target");
  }
}
