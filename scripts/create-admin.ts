// `npm run user:create-admin -- <username> <name> [unit code]`: creates the first administrator in
// production (there are no default accounts). Asks for the password on the terminal, or reads
// QINGFENG_ADMIN_PASSWORD. Creates the root unit "市局" (code ROOT) when the tree is empty.
import readline from "node:readline";
import { db } from "#app/lib/db.server.ts";
import { createUnit, getRootUnit } from "#app/modules/identity/org.server.ts";
import { passwordProblem } from "#app/modules/identity/password.server.ts";
import { createUser, grantRole } from "#app/modules/identity/users.server.ts";
import { DomainError } from "#app/lib/domain-error.ts";

const [username, name, unitCode] = process.argv.slice(2).filter((a) => a !== "--");
if (!username || !name) {
  console.error("用法: npm run user:create-admin -- <用户名> <姓名> [单位编码]");
  process.exit(2);
}

async function askPassword(): Promise<string> {
  if (process.env.QINGFENG_ADMIN_PASSWORD) return process.env.QINGFENG_ADMIN_PASSWORD;
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const ask = (q: string) => new Promise<string>((resolve) => rl.question(q, resolve));
  const a = await ask("密码: ");
  const b = await ask("再次输入密码: ");
  rl.close();
  if (a !== b) throw new DomainError("两次输入的密码不一致。");
  return a;
}

try {
  const root = (await getRootUnit()) ?? (await createUnit({ code: "ROOT", name: "市局", kind: "city", parentId: null }));
  const unit = unitCode ? await db.orgUnit.findUnique({ where: { code: unitCode } }) : root;
  if (!unit) throw new DomainError(`单位编码不存在：${unitCode}`);
  const password = await askPassword();
  const problem = passwordProblem(password, { username });
  if (problem) throw new DomainError(problem);
  const user = await createUser({ username, name, staffNo: null, unitId: unit.id, position: "系统管理员", isPartyMember: false, active: true, password });
  await grantRole(user.id, "admin", root.id, user.id);
  console.log(`已创建系统管理员 ${user.username}（${user.name}），管理范围：${root.name}。`);
} catch (error) {
  console.error(error instanceof DomainError ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
