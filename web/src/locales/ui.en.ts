// Texts of the shared kit (web/src/ui/), in English. ui.it.ts has the same keys (its type says so).
export const uiEn = {
  ui: {
    remove_file: "Remove {{name}}",
    uploading: "Uploading {{name}}…",
    attached: "Attached files",
    field_required: "Fill in “{{field}}”.",
    field_too_short: "“{{field}}” needs at least {{min}} characters.",
    field_invalid: "Check “{{field}}”: the value is not valid.",
  },
};
