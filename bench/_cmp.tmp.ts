import fs from "node:fs"; import os from "node:os"; import path from "node:path";
import { prepare } from "../server/modules/email/prepare";
import { benchMessages } from "./messages";
const raws = (await benchMessages(2000, "bench")).map((m) => m.raw);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sportello-read-"));
const ctx = { config: { dataDir }, dialect: "sqlite" as const } as any;
const mailbox = { id: 1, workspace_id: 1, address: "inbox@example.it", team_id: null };
let body = 0, reply = 0, terms = 0, json = 0;
for (const raw of raws) { const p: any = await prepare(ctx, mailbox, raw, ["inbox@example.it"]); body += p.body.length; reply += p.replyText.length; terms += p.terms.message.length + p.terms.subject.length; json += JSON.stringify(p).length; }
console.log({ body: body / 2000 | 0, reply: reply / 2000 | 0, terms: terms / 2000 | 0, json: json / 2000 | 0 });
