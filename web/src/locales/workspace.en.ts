// The agent's working day: the mail preview and the banner about mail that does not leave, a message's delivery
// state, and the inbox's triage aids (unread, saved views).
export const workspaceEn = {
  mail_preview: {
    title: "Mail preview",
    intro:
      "No mail relay is set, so the emails Sportello writes (replies, acknowledgements, portal sign-in links) are kept here instead of sent. Links work: a sign-in link opens the portal as that customer.",
    relay_set:
      "A mail relay is set: new email is sent. The emails below were captured before; send one by hand if it still matters.",
    empty: "No captured email.",
    list: "Captured emails",
    to: "To {{to}}",
    kinds: {
      reply: "Reply",
      notification: "Acknowledgement",
      portal_link: "Portal sign-in link",
      waiting: "Waiting for the customer",
      solved: "Solved",
    },
    html: "HTML version",
    text: "Text",
    headers: "Headers",
    views: "How to show the email",
    frame: "The email as the customer would see it",
    pick: "Choose an email on the list to read it.",
    send: "Send now",
    sent: "Queued for the relay: it leaves in a moment.",
  },
  mail_banner: {
    label: "Outgoing mail",
    text: "Email is not leaving: no mail relay is set (SMTP_RELAY_URL), so {{count}} emails are kept instead of sent.",
    how_admin: "Set SMTP_RELAY_URL (for example smtp://user:password@relay.example.com:587) and restart Sportello.",
    how_agent: "Customers do not receive replies until an administrator sets SMTP_RELAY_URL.",
    open: "Open the mail preview",
    dismiss: "Hide until the next sign-in",
  },
  delivery: {
    captured: "Not sent: captured",
    captured_hint: "No mail relay is set: this email is kept in the mail preview and the customer has not received it.",
    queued: "Sending…",
    queued_retry: "Not sent yet, retrying: {{reason}}",
    sent: "Emailed",
    failed: "Not delivered: {{reason}}",
    retry: "Send again",
    retried: "Sent again to the relay.",
    reasons: {
      unreachable: "the mail relay could not be reached",
      timeout: "the mail relay did not answer in time",
      auth: "the mail relay refused our user name or password",
      rejected: "the recipient's address was refused",
      tls: "the secure connection to the mail relay failed (certificate)",
      other: "the mail relay refused the email",
    },
    detail: "The relay said: {{error}}",
  },
};
