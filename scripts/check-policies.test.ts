import { describe, expect, it } from "vitest";
import { findHandChecks } from "./check-policies.ts";

describe("check-policies", () => {
  it("finds can(, hasRole(, grants.some( and role comparisons", () => {
    const found = findHandChecks(
      "x.tsx",
      [
        'if (!can(user, "record.read", target)) throw forbidden();',
        'const admin = hasRole(user, "admin");',
        'const m = user.grants.some((g) => g.unit === "x");',
        'if (grant.role === "admin") return;',
        'const n = "manager" !== g["role"];',
        "const ok = <p>{perms.can(user) ? 1 : 0}</p>;",
      ].join("\n"),
    );
    expect(found).toEqual([
      { line: 1, what: "can(" },
      { line: 2, what: "hasRole(" },
      { line: 3, what: "grants.some(" },
      { line: 4, what: ".role comparison" },
      { line: 5, what: ".role comparison" },
      { line: 6, what: "can(" },
    ]);
  });

  it("lets policy calls, permission-string guards, comments and strings through", () => {
    const found = findHandChecks(
      "x.ts",
      [
        "// can(user, ...) used to sit here",
        'const user = await requirePermission(request, "user.manage", "global");',
        "const p = userAdminPolicy(actor, person);",
        "if (!p.revoke({ userId, role: g.role, unitPath }).length) throw forbidden();",
        'const s = "can(x) hasRole(y)";',
        "const roles = u.grants.map((g) => g.role);",
        "const scan = (x: number) => x; scan(1);",
      ].join("\n"),
    );
    expect(found).toEqual([]);
  });
});
