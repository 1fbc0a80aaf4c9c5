// Managing people: create, edit, disable, set passwords, grant roles. Disabling an account or
// changing a password ends that person's sessions.
import { z } from "zod";
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import { hashPassword, passwordProblem } from "./password.server.ts";
import { ROLES } from "./roles.ts";
import { invalidateUserSessions } from "./session.server.ts";
import { changed } from "#app/lib/cache.server.ts";
import { DomainError } from "#app/lib/domain-error.ts";

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, t.people.errors.usernameTooShort)
  .max(40, t.people.errors.usernameTooLong)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, t.people.errors.usernameChars);

export const userFields = z.object({
  name: z.string().trim().min(1, t.people.errors.nameMissing).max(40, t.people.errors.nameTooLong),
  staffNo: z
    .string()
    .trim()
    .max(40, t.people.errors.staffNoTooLong)
    .transform((v) => v || null),
  unitId: z.string().min(1, t.people.errors.unitMissing),
  position: z.string().trim().max(60, t.people.errors.positionTooLong).default(""),
  isPartyMember: z.boolean(),
  active: z.boolean(),
});

export type UserFields = z.infer<typeof userFields>;

export async function createUser(input: UserFields & { username: string; password?: string }) {
  const username = usernameSchema.parse(input.username);
  if (await db.user.findUnique({ where: { username }, select: { id: true } })) throw new DomainError(t.people.errors.usernameTaken, 400, { field: "username" });
  if (input.staffNo && (await db.user.findUnique({ where: { staffNo: input.staffNo }, select: { id: true } }))) {
    throw new DomainError(t.people.errors.staffNoTaken, 400, { field: "staffNo" });
  }
  let passwordHash: string | null = null;
  if (input.password) {
    const problem = passwordProblem(input.password, { username });
    if (problem) throw new DomainError(problem, 400, { field: "password" });
    passwordHash = await hashPassword(input.password);
  }
  return db.user.create({
    data: { username, ...fieldsData(input), passwordHash, passwordChangedAt: passwordHash ? new Date() : null },
  });
}

function fieldsData(input: UserFields) {
  return { name: input.name, staffNo: input.staffNo, unitId: input.unitId, position: input.position, isPartyMember: input.isPartyMember, active: input.active };
}

export async function updateUser(userId: string, input: UserFields) {
  const before = await db.user.findUniqueOrThrow({ where: { id: userId } });
  if (input.staffNo && input.staffNo !== before.staffNo && (await db.user.findUnique({ where: { staffNo: input.staffNo }, select: { id: true } }))) {
    throw new DomainError(t.people.errors.staffNoTaken, 400, { field: "staffNo" });
  }
  const user = await db.user.update({ where: { id: userId }, data: fieldsData(input) });
  changed("people");
  if (before.active && !user.active) await invalidateUserSessions(userId);
  return user;
}

export async function setPassword(userId: string, password: string, options: { keepSessionId?: string } = {}) {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  const problem = passwordProblem(password, { username: user.username, name: user.name });
  if (problem) throw new DomainError(problem, 400, { field: "password" });
  await db.user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(password), passwordChangedAt: new Date() } });
  await invalidateUserSessions(userId, options.keepSessionId);
}

export const grantRoleSchema = z.enum(ROLES, { error: t.people.errors.roleMissing });

export async function grantRole(userId: string, role: (typeof ROLES)[number], unitId: string, grantedById: string) {
  const grant = await db.roleGrant.upsert({
    where: { userId_role_unitId: { userId, role, unitId } },
    create: { userId, role, unitId, grantedById },
    update: {},
  });
  changed("people");
  return grant;
}

export async function revokeGrant(grantId: string) {
  await db.roleGrant.deleteMany({ where: { id: grantId } });
  changed("people");
}
