import { describe, expect, it } from "vitest";
import { MAIL_TEMPLATE_KINDS } from "../../../shared/templates";
import { checkTemplate, DEFAULT_TEMPLATES, duePhrase, renderHtml, renderSubject, renderText } from "./templates";

describe("notification templates", () => {
  it("ships defaults that pass their own check in both languages", () => {
    for (const lang of ["it", "en"] as const)
      for (const kind of MAIL_TEMPLATE_KINDS)
        expect(() => checkTemplate(kind, DEFAULT_TEMPLATES[lang][kind])).not.toThrow();
  });

  it("renders values as they are in text and leaves unknown ones empty", () => {
    expect(
      renderText("Ciao {{ customer_name }}, <#{{ticket_number}}>{{nothing}}", {
        customer_name: "Anna & Co",
        ticket_number: "7",
      }),
    ).toBe("Ciao Anna & Co, <#7>");
  });

  it("keeps a subject on one line whatever the values hold", () => {
    expect(
      renderSubject("[#{{ticket_number}}] {{subject}}", {
        ticket_number: "7",
        subject: "Guasto\r\nBcc: x@evil.test\u2028X-Spam: 1",
      }),
    ).toBe("[#7] Guasto Bcc: x@evil.test X-Spam: 1");
  });

  it("escapes the template and the values in HTML, except a reply's own HTML", () => {
    expect(
      renderHtml("{{reply}}\n--\n<{{customer_name}}>", { customer_name: "<b>Eve</b>" }, { reply: "<p>Fatto</p>" }),
    ).toBe("<div><p>Fatto</p><br>\n--<br>\n&lt;&lt;b&gt;Eve&lt;/b&gt;&gt;</div>");
  });

  it("promises a time, or as soon as possible without a target", () => {
    expect(duePhrase(Date.parse("2026-12-01T10:00:00Z"), "it", "Europe/Rome")).toBe(
      "entro martedì 1 dicembre alle 11:00",
    );
    expect(duePhrase(null, "en", "Europe/Rome")).toBe("as soon as we can");
  });

  it("refuses placeholders the kind does not have, and braces that form none", () => {
    expect(() => checkTemplate("solved", { subject: "{{subject}}", body: "{{reply}}" })).toThrow(
      /unknown placeholder \{\{reply\}\}; a solved email may use/,
    );
    expect(() => checkTemplate("solved", { subject: "{{subject}", body: "x" })).toThrow(
      /braces that form no placeholder/,
    );
    expect(() => checkTemplate("agent_reply", { subject: "Re", body: "no reply here" })).toThrow(
      /must contain \{\{reply\}\}/,
    );
  });
});
