import type { uiEn } from "./ui.en";

// I testi del kit condiviso (web/src/ui/), in italiano. Le chiavi sono quelle di ui.en.ts (il tipo lo impone).
type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export const uiIt: Shape<typeof uiEn> = {
  ui: {
    remove_file: "Togli {{name}}",
    uploading: "Caricamento di {{name}}…",
    attached: "File allegati",
    field_required: "Compila «{{field}}».",
    field_too_short: "«{{field}}» richiede almeno {{min}} caratteri.",
    field_invalid: "Controlla «{{field}}»: il valore non è valido.",
  },
};
