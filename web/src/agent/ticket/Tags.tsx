import { useState } from "react";
import { useTranslation } from "react-i18next";

/** A ticket's tags: each with a remove button, and a field that adds one (lower-cased, once). */
export function Tags({ tags, onChange }: { tags: string[]; onChange: (tags: string[]) => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState("");
  return (
    <div className="tags-field">
      <span className="label">{t("ticket.tags")}</span>
      {tags.map((tag) => (
        <span key={tag} className="tag">
          {tag}{" "}
          <button
            className="link"
            aria-label={t("ticket.remove_tag", { tag })}
            onClick={() => onChange(tags.filter((x) => x !== tag))}
          >
            ×
          </button>
        </span>
      ))}
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          const v = value.trim().toLowerCase();
          if (v) onChange([...new Set([...tags, v])]);
          setValue("");
        }}
      >
        <input
          aria-label={t("ticket.add_tag")}
          placeholder={t("ticket.add_tag")}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          size={10}
        />
      </form>
    </div>
  );
}
