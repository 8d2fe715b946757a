import path from "node:path";
import { z } from "zod";
import { parseTrustProxy, type TrustProxy } from "./lib/net";

// The only place that reads process.env: everything else receives a Config.
const ZRoles = z
  .string()
  .transform((s) =>
    s
      .split(",")
      .map((r) => r.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(["web", "worker", "smtp", "imap"])).min(1));

const ZEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  PUBLIC_URL: z.string().url().optional(),
  DATA_DIR: z.string().default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgres://")
    .optional(),
  DATABASE_REPLICA_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//)
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "REDIS_URL must start with redis://")
    .optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]+$/i)
    .default("sportello"),
  JOB_LOCK_SECONDS: z.coerce.number().int().min(5).max(600).default(30),
  ROLES: ZRoles.default(["web", "worker", "smtp", "imap"]),
  SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  SMTP_RELAY_URL: z.string().optional(),
  TRUSTPILOT_API_KEY: z.string().min(1).optional(),
  TRUSTPILOT_BUSINESS_UNIT_ID: z.string().min(1).optional(),
  TRUSTPILOT_API_URL: z.url().default("https://api.trustpilot.com"),
  SMTP_TLS_KEY_FILE: z.string().optional(),
  SMTP_TLS_CERT_FILE: z.string().optional(),
  SMTP_AUTH_USERS: z
    .string()
    .regex(/^[^:,\s]+:[^,]+(,[^:,\s]+:[^,]+)*$/, "user:password pairs separated by commas")
    .optional(),
  SMTP_AUTH_REQUIRED: z.enum(["true", "false"]).default("false"),
  DKIM_SELECTOR: z
    .string()
    .regex(/^[a-z0-9._-]+$/i)
    .optional(),
  DKIM_PRIVATE_KEY_FILE: z.string().optional(),
  EMAIL_THREAD_WAIT_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(25 * 1024 * 1024),
  UPLOAD_TTL_HOURS: z.coerce.number().positive().max(8760).default(24),
  UPLOAD_QUOTA_PER_SESSION: z.coerce.number().int().positive().default(20),
  UPLOAD_QUOTA_PER_IP: z.coerce.number().int().positive().default(50),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_FORMAT: z.enum(["pretty", "json"]).optional(),
  LOGIN_RATE_LIMIT: z.coerce.number().int().positive().default(10),
  PUBLIC_RATE_LIMIT: z.coerce.number().int().positive().default(120),
  SEED_DEMO: z.enum(["auto", "never"]).default("auto"),
  COOKIE_SECURE: z.enum(["auto", "true", "false"]).default("auto"),
  TRUST_PROXY: z
    .string()
    .optional()
    .refine((v) => {
      try {
        parseTrustProxy(v);
        return true;
      } catch {
        return false;
      }
    }, "a hop count, or addresses, CIDR ranges and loopback/linklocal/uniquelocal separated by commas"),
  LOGIN_LOCK_FAILURES: z.coerce.number().int().min(1).default(10),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).default(15),
  FORM_ACK_PER_HOUR: z.coerce.number().int().min(1).default(3),
  WEBHOOK_ALLOW_PRIVATE: z.enum(["true", "false"]).default("false"),
  METRICS_TOKEN: z.string().min(16, "at least 16 characters").optional(),
  METRICS_ADDRESS: z
    .string()
    .regex(/^(\[[0-9a-fA-F:.]+\]|[^:\s]+):\d{1,5}$/, "host:port, e.g. 127.0.0.1:9464")
    .optional(),
  SECRET_KEY: z
    .string()
    .regex(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=?)$/, "64 hex characters or 32 bytes in base64")
    .optional(),
});

export type Role = "web" | "worker" | "smtp" | "imap";

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  databaseUrl: string | null;
  replicaUrl: string | null;
  redisUrl: string | null;
  /** Prefix of every Redis key, queue and channel: several installations can share one Redis. */
  redisPrefix: string;
  /**
   * With Redis: how long a job stays locked to the worker running it without that worker renewing the lock. A
   * killed worker's jobs run again on another worker after this.
   */
  jobLockMs: number;
  roles: Role[];
  smtpPort: number;
  smtpRelayUrl: string | null;
  /** Trustpilot's service reviews API, when both the key and the business unit are set: reviews are read hourly. */
  trustpilot: { apiKey: string; businessUnitId: string; baseUrl: string } | null;
  /** STARTTLS on the built-in SMTP server when both are set (PEM files). */
  smtpTls: { keyFile: string; certFile: string } | null;
  /** Accounts that may authenticate on the built-in SMTP server (relays forwarding to us). */
  smtpAuthUsers: Map<string, string>;
  smtpAuthRequired: boolean;
  /** DKIM signing of outgoing email, with the From address's domain. */
  dkim: { selector: string; privateKeyFile: string } | null;
  /** How long a reply read before the message it answers waits for it before it becomes a ticket of its own (0: never waits). */
  emailThreadWaitMs: number;
  attachmentMaxBytes: number;
  /** How long an upload no message has claimed is kept; the worker's sweep removes it afterwards. */
  uploadTtlMs: number;
  /** Unattached uploads one portal session (or one agent) may hold at a time. */
  uploadQuotaPerSession: number;
  /** Unattached portal uploads one client address may hold at a time, across its sessions. */
  uploadQuotaPerIp: number;
  logLevel: string;
  /** Lines for people (pino-pretty) or one JSON object per line; LOG_FORMAT, else pretty on a terminal only. */
  logFormat: "pretty" | "json";
  loginRateLimit: number;
  publicRateLimit: number;
  /** TRUST_PROXY: whose X-Forwarded-For/-Proto/-Host count (Fastify's trustProxy), and whose X-Request-Id. */
  trustProxy: TrustProxy;
  /** Wrong passwords in a row after which an account is locked, and for how long (an admin can lift it). */
  loginLockFailures: number;
  loginLockMs: number;
  /** Acknowledgement emails the public web form sends to one address per hour. */
  formAckPerHour: number;
  /** Webhooks may call loopback, private and link-local addresses (refused by default). */
  webhookAllowPrivate: boolean;
  seedDemo: boolean;
  cookieSecure: boolean;
  /** Encrypts stored secrets (IMAP passwords); null: DATA_DIR/secret.key, created on first start. */
  secretKey: string | null;
  /** Bearer token /metrics asks for; with neither this nor metricsAddress, /metrics is off (404). */
  metricsToken: string | null;
  /** A listener of its own for /metrics (host and port); the main port then has no /metrics. */
  metricsAddress: { host: string; port: number } | null;
  /** Tests only: every JSON 2xx answer is parsed with its route's response schema; one that does not fit is a 500. */
  checkResponses: boolean;
}

export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<Config> = {},
): Config {
  const parsed = ZEnv.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== "")));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const publicUrl = e.PUBLIC_URL ?? `http://localhost:${e.PORT}`;
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: publicUrl.replace(/\/$/, ""),
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL ?? null,
    replicaUrl: e.DATABASE_REPLICA_URL ?? null,
    redisUrl: e.REDIS_URL ?? null,
    redisPrefix: e.REDIS_PREFIX,
    jobLockMs: e.JOB_LOCK_SECONDS * 1000,
    roles: e.ROLES,
    smtpPort: e.SMTP_PORT,
    smtpRelayUrl: e.SMTP_RELAY_URL ?? null,
    trustpilot:
      e.TRUSTPILOT_API_KEY && e.TRUSTPILOT_BUSINESS_UNIT_ID
        ? { apiKey: e.TRUSTPILOT_API_KEY, businessUnitId: e.TRUSTPILOT_BUSINESS_UNIT_ID, baseUrl: e.TRUSTPILOT_API_URL }
        : null,
    smtpTls:
      e.SMTP_TLS_KEY_FILE && e.SMTP_TLS_CERT_FILE
        ? { keyFile: e.SMTP_TLS_KEY_FILE, certFile: e.SMTP_TLS_CERT_FILE }
        : null,
    smtpAuthUsers: new Map(
      (e.SMTP_AUTH_USERS ?? "")
        .split(",")
        .filter(Boolean)
        .map((pair) => [pair.slice(0, pair.indexOf(":")), pair.slice(pair.indexOf(":") + 1)]),
    ),
    smtpAuthRequired: e.SMTP_AUTH_REQUIRED === "true",
    dkim:
      e.DKIM_SELECTOR && e.DKIM_PRIVATE_KEY_FILE
        ? { selector: e.DKIM_SELECTOR, privateKeyFile: e.DKIM_PRIVATE_KEY_FILE }
        : null,
    emailThreadWaitMs: e.EMAIL_THREAD_WAIT_SECONDS * 1000,
    attachmentMaxBytes: e.ATTACHMENT_MAX_BYTES,
    uploadTtlMs: Math.round(e.UPLOAD_TTL_HOURS * 3_600_000),
    uploadQuotaPerSession: e.UPLOAD_QUOTA_PER_SESSION,
    uploadQuotaPerIp: e.UPLOAD_QUOTA_PER_IP,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (process.stdout.isTTY ? "pretty" : "json"),
    loginRateLimit: e.LOGIN_RATE_LIMIT,
    publicRateLimit: e.PUBLIC_RATE_LIMIT,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    loginLockFailures: e.LOGIN_LOCK_FAILURES,
    loginLockMs: e.LOGIN_LOCK_MINUTES * 60_000,
    formAckPerHour: e.FORM_ACK_PER_HOUR,
    webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE === "true",
    seedDemo: e.SEED_DEMO === "auto",
    cookieSecure: e.COOKIE_SECURE === "auto" ? publicUrl.startsWith("https:") : e.COOKIE_SECURE === "true",
    secretKey: e.SECRET_KEY ?? null,
    metricsToken: e.METRICS_TOKEN ?? null,
    metricsAddress: e.METRICS_ADDRESS ? parseHostPort(e.METRICS_ADDRESS) : null,
    checkResponses: false,
    ...overrides,
  };
}

function parseHostPort(value: string): { host: string; port: number } {
  const at = value.lastIndexOf(":");
  return { host: value.slice(0, at).replace(/^\[|\]$/g, ""), port: Number(value.slice(at + 1)) };
}

export class ConfigError extends Error {}
