import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "./nodes";
import { portAnswers, waitFor } from "./wait";

export const DOVECOT = "/usr/sbin/dovecot";
/** A throwaway Dovecot needs the binary (Debian's dovecot-imapd) and root to drop to its own users. */
export const dovecotAvailable = fs.existsSync(DOVECOT) && process.getuid?.() === 0;

/** A real IMAP server on a loopback port with its own configuration, users and maildirs in a temp folder. */
export async function startDovecot(users: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sportello-dovecot-"));
  const port = await freePort();
  for (const sub of ["mail", "run", "state"]) fs.mkdirSync(path.join(dir, sub));
  fs.chmodSync(dir, 0o755);
  fs.writeFileSync(
    path.join(dir, "users"),
    Object.entries(users)
      .map(([u, p]) => `${u}:{PLAIN}${p}\n`)
      .join(""),
  );
  fs.writeFileSync(
    path.join(dir, "dovecot.conf"),
    `protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = sportello-test-${port}
log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${dir}/mail/%u
# Throwaway mail: no fsync per message, so that tests and benchmarks can append thousands quickly.
mail_fsync = never
mail_uid = dovecot
mail_gid = dovecot
first_valid_uid = 1
default_internal_user = dovecot
default_internal_group = dovecot
default_login_user = dovenull
passdb {
  driver = passwd-file
  args = scheme=PLAIN ${dir}/users
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=${dir}/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`,
  );
  execFileSync("chown", ["-R", "dovecot:dovecot", path.join(dir, "mail")]);
  const proc = spawn(DOVECOT, ["-F", "-c", path.join(dir, "dovecot.conf")], { stdio: "ignore" });
  const log = path.join(dir, "dovecot.log");
  await waitFor(() => portAnswers(port), {
    timeoutMs: 10_000,
    what: () => `dovecot to start: ${fs.existsSync(log) ? fs.readFileSync(log, "utf8") : ""}`,
  });
  const conf = path.join(dir, "dovecot.conf");
  return {
    port,
    /** Drops every IMAP session of the user, as a server restart or a network failure would. */
    kick(user: string) {
      execFileSync("doveadm", ["-c", conf, "kick", user], { stdio: "ignore" });
    },
    async stop() {
      proc.kill("SIGTERM");
      await new Promise((r) => proc.once("exit", r));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
