import { type Mode, type TestEnv, testEnv } from "./harness";

/** A plain-text email as a client sends it (CRLF lines, UTF-8): enough for the tests of what is stored of it. */
export function plainEmail(m: { from: string; id: string; subject: string; text: string; date?: string }): Buffer {
  const domain = m.from.replace(/^.*@|>$/g, "");
  return Buffer.from(
    [
      `From: ${m.from}`,
      "To: help@caffe.it",
      `Subject: ${m.subject}`,
      `Message-ID: <${m.id}@${domain}>`,
      ...(m.date ? [`Date: ${m.date}`] : []),
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: 8bit",
      "",
      m.text.replace(/\r?\n/g, "\r\n"),
    ].join("\r\n"),
  );
}

/** A test environment whose workspace receives at help@caffe.it, the address plainEmail writes to. */
export async function mailboxEnv(mode: Mode): Promise<TestEnv> {
  const env = await testEnv(mode);
  await env.app.inject({
    method: "POST",
    url: "/api/v1/mailboxes",
    headers: env.auth(env.adminToken),
    payload: { address: "help@caffe.it" },
  });
  return env;
}
