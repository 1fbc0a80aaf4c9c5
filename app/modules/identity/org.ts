// Org-tree vocabulary shared by server and browser.
export const UNIT_KINDS = ["city", "county", "department", "branch"] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
