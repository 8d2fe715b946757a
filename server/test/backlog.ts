import nodemailer, { type SendMailOptions } from "nodemailer";
import type { Db } from "../db/index";

/**
 * A backlog read out of order: `total` messages to help@shop.it over SMTP from `clients` concurrent clients,
 * about a fifth of them replies, each reply sent before the message it answers. Returns how many tickets the
 * originals' customers have and where every reply ended up, for the test and the benchmark to judge.
 */
export async function deliverBacklog(
  db: Db,
  port: number,
  { total, clients = 8 }: { total: number; clients?: number },
) {
  const replyCount = Math.round(total * 0.208);
  const originalsCount = total - replyCount;
  const originals = Array.from({ length: originalsCount }, (_, i) => ({
    from: `bulk${i % 400}@client.it`,
    subject: `Richiesta ${i}`,
    text: `Testo ${i}`,
    messageId: `<bulk-o${i}@client.it>`,
  }));
  const answered = (k: number) => (k * 37) % originalsCount;
  const replies = Array.from({ length: replyCount }, (_, k) => {
    const i = answered(k);
    return {
      from: `bulk${i % 400}@client.it`,
      subject: `Re: Richiesta ${i}`,
      text: `Seguito ${k}`,
      messageId: `<bulk-r${k}@client.it>`,
      inReplyTo: `<bulk-o${i}@client.it>`,
      references: [`<bulk-o${i}@client.it>`],
    };
  });
  // Every reply goes out ahead of the message it answers; the originals follow in a scrambled order.
  const scrambled = originals
    .map((o, i) => ({ o, key: (i * 7919) % originalsCount }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.o);
  const queue: SendMailOptions[] = [...replies, ...scrambled];
  const refused: string[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      const t = nodemailer.createTransport({
        host: "127.0.0.1",
        port,
        ignoreTLS: true,
        pool: true,
        maxConnections: 1,
        maxMessages: Infinity,
      });
      while (next < queue.length) {
        const r = await t.sendMail({ to: "help@shop.it", ...queue[next++] });
        if (!/^250 /.test(r.response)) refused.push(r.response);
      }
      t.close();
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const tickets = await db
    .selectFrom("tickets")
    .innerJoin("customers", "customers.id", "tickets.requester_id")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("customers.email", "like", "bulk%")
    .executeTakeFirstOrThrow();
  const placed = await db
    .selectFrom("messages")
    .innerJoin("tickets", "tickets.id", "messages.ticket_id")
    .select(["messages.body_text", "tickets.subject"])
    .where("messages.body_text", "like", "Seguito %")
    .execute();
  const misplaced = placed.filter(
    (r) => r.subject !== `Richiesta ${answered(Number(r.body_text.split(" ")[1]))}`,
  ).length;
  const stillHeld = (await db.selectFrom("email_messages").select("id").where("held_until", "is not", null).execute())
    .length;
  return {
    originals: originalsCount,
    replies: replyCount,
    refused,
    seconds,
    tickets: Number(tickets.n),
    repliesPlaced: placed.length,
    misplaced,
    stillHeld,
  };
}
