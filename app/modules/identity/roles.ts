// Role vocabulary shared by server and browser. Everyone is staff; these are granted over a subtree.
export const ROLES = ["trainer", "manager", "inspector", "admin"] as const;
export type GrantableRole = (typeof ROLES)[number];
