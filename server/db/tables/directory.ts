// The words customers and organizations are found by (modules/customers/directory-words.ts).

export interface DirectoryWordTable {
  workspace_id: number;
  /** Whose word: a customer's or an organization's. */
  kind: "customer" | "organization";
  /** Folded (lower case, no accents); compared byte by byte, so a typed prefix is a range of the key. */
  word: string;
  owner_id: number;
  field: "name" | "email" | "phone";
}
