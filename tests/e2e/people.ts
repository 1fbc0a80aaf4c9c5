// People for one spec: each spec makes the staff, secretaries and managers it needs in the demo
// org tree (units are looked up by their code), so no spec depends on what another spec, or an
// earlier run, did with a shared demo account. Written straight into the e2e database, with the
// password hashed by the platform's own function.
import crypto from "node:crypto";
import { hashPassword } from "../../app/modules/identity/password.server.ts";
import { e2eDb } from "./db.ts";
import { login } from "./helpers.ts";
import type { Page } from "@playwright/test";

export type Person = { id: string; username: string; name: string; password: string; unitName: string };

const SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文";
const GIVEN = "明华建国平志强军伟芳娜敏静丽勇艳杰涛超霞秀英慧玲桂兰红梅晓东海波宁欣怡嘉颖思远子涵浩然雨轩晨阳婷倩俊凯文博鹏飞";

const pick = (s: string) => [...s][crypto.randomInt([...s].length)]!;
const PASSWORD_HASH = hashPassword("e2e-Person-2026!");

/** A realistic Chinese name nobody in the database has yet (so screens can be searched by it). */
function freshName(db: ReturnType<typeof e2eDb>): string {
  const taken = db.prepare(`SELECT 1 FROM "User" WHERE "name" = ?`);
  for (;;) {
    const name = pick(SURNAMES) + pick(GIVEN) + pick(GIVEN);
    if (!taken.get(name)) return name;
  }
}

const now = () => new Date().toISOString().replace("Z", "+00:00");

/**
 * Creates an active person in the unit with `unit` code (e.g. "XS-DZB1"), with role grants over
 * other units by code: `{ role: "manager", unit: "XS-DZB1" }` makes them that branch's secretary.
 */
export async function newPerson(opts: { unit: string; grants?: { role: string; unit: string }[]; position?: string; party?: boolean }): Promise<Person> {
  const passwordHash = await PASSWORD_HASH;
  const db = e2eDb();
  try {
    const unitOf = (code: string) => {
      const u = db.prepare(`SELECT "id", "name" FROM "OrgUnit" WHERE "code" = ?`).get(code) as { id: string; name: string } | undefined;
      if (!u) throw new Error(`no unit with code ${code} in the e2e database`);
      return u;
    };
    const unit = unitOf(opts.unit);
    const id = `e2e${crypto.randomBytes(10).toString("hex")}`;
    const username = `p${crypto.randomBytes(5).toString("hex")}`;
    const name = freshName(db);
    db.transaction(() => {
      db.prepare(
        `INSERT INTO "User" ("id", "username", "name", "unitId", "position", "isPartyMember", "active", "passwordHash", "passwordChangedAt", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`,
      ).run(id, username, name, unit.id, opts.position ?? "科员", opts.party === false ? 0 : 1, passwordHash, now(), now(), now());
      for (const g of opts.grants ?? []) {
        db.prepare(`INSERT INTO "RoleGrant" ("id", "userId", "role", "unitId", "createdAt") VALUES (?, ?, ?, ?, ?)`).run(`e2e${crypto.randomBytes(10).toString("hex")}`, id, g.role, unitOf(g.unit).id, now());
      }
    })();
    return { id, username, name, password: "e2e-Person-2026!", unitName: unit.name };
  } finally {
    db.close();
  }
}

/** Signs `person` in on `page`. */
export const loginAs = (page: Page, person: Person) => login(page, person.username, person.password);
