// Demo data: a city bureau with three county/district bureaus, departments and branches, about 60
// staff, and the demo accounts listed in the README (password `qingfeng-demo`). Safe to run twice:
// everything is keyed by unit code and username. Never run in production (no default accounts there).
import { db } from "#app/lib/db.server.ts";
import { createUnit, type UnitKind } from "#app/modules/identity/org.server.ts";
import { hashPassword } from "#app/modules/identity/password.server.ts";

export const DEMO_PASSWORD = "qingfeng-demo";

type UnitSpec = { code: string; name: string; kind: UnitKind; children?: UnitSpec[] };

const county = (code: string, name: string): UnitSpec => ({
  code,
  name,
  kind: "county",
  children: [
    { code: `${code}-BGS`, name: `${name}办公室`, kind: "department" },
    { code: `${code}-ZGK`, name: `${name}征收管理科`, kind: "department" },
    { code: `${code}-JCJ`, name: `${name}稽查科`, kind: "department" },
    { code: `${code}-DZB1`, name: `${name}机关第一党支部`, kind: "branch" },
    { code: `${code}-DZB2`, name: `${name}机关第二党支部`, kind: "branch" },
  ],
});

export const DEMO_TREE: UnitSpec = {
  code: "QF",
  name: "清风市局",
  kind: "city",
  children: [
    { code: "QF-BGS", name: "市局办公室", kind: "department" },
    { code: "QF-XJK", name: "市局宣传教育科", kind: "department" },
    { code: "QF-JJZ", name: "市局纪检组", kind: "department" },
    { code: "QF-DZB", name: "市局机关党支部", kind: "branch" },
    county("DC", "东城区局"),
    county("XS", "西山县局"),
    county("NH", "南湖区局"),
  ],
};

type Account = { username: string; name: string; unit: string; position: string; party: boolean; grants: { role: string; unit: string }[] };

export const DEMO_ACCOUNTS: Account[] = [
  { username: "admin", name: "系统管理员", unit: "QF-BGS", position: "信息中心管理员", party: true, grants: [{ role: "admin", unit: "QF" }] },
  { username: "trainer", name: "林清华", unit: "QF-XJK", position: "宣传教育科科长", party: true, grants: [{ role: "trainer", unit: "QF" }] },
  { username: "manager", name: "周正阳", unit: "QF-DZB", position: "市局机关党委书记", party: true, grants: [{ role: "manager", unit: "QF" }] },
  { username: "inspector", name: "郑明德", unit: "QF-JJZ", position: "纪检组组长", party: true, grants: [{ role: "inspector", unit: "QF" }] },
  { username: "county-manager", name: "韩立新", unit: "XS-BGS", position: "西山县局党委委员", party: true, grants: [{ role: "manager", unit: "XS" }] },
  { username: "staff", name: "王晓明", unit: "DC-ZGK", position: "科员", party: true, grants: [] },
  { username: "staff2", name: "李红梅", unit: "XS-DZB1", position: "科员", party: true, grants: [] },
];

const SURNAMES = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "晓东", "志强", "海燕", "文博", "雅琴", "思远", "国庆", "建国", "春梅", "玉兰", "子涵", "浩然", "欣怡"];
const POSITIONS = ["科员", "科员", "科员", "副科长", "科长", "主任科员", "一级主办", "二级主办"];

/** Deterministic pseudo-random names so the demo looks the same every time. */
function demoName(i: number): string {
  const s = SURNAMES[(i * 7) % SURNAMES.length]!;
  const g = GIVEN[(i * 11 + 3) % GIVEN.length]!;
  return s + g;
}

async function ensureTree(spec: UnitSpec, parentId: string | null, order: number, ids: Map<string, string>) {
  let unit = await db.orgUnit.findUnique({ where: { code: spec.code } });
  unit ??= await createUnit({ code: spec.code, name: spec.name, kind: spec.kind, parentId, sortOrder: order });
  ids.set(spec.code, unit.id);
  for (const [i, child] of (spec.children ?? []).entries()) await ensureTree(child, unit.id, i, ids);
}

export async function seedDemo(log: (s: string) => void = () => {}) {
  const ids = new Map<string, string>();
  await ensureTree(DEMO_TREE, null, 0, ids);
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  let created = 0;
  for (const a of DEMO_ACCOUNTS) {
    const unitId = ids.get(a.unit)!;
    const existing = await db.user.findUnique({ where: { username: a.username } });
    const user =
      existing ??
      (await db.user.create({
        data: { username: a.username, name: a.name, unitId, position: a.position, isPartyMember: a.party, passwordHash, passwordChangedAt: new Date() },
      }));
    if (!existing) created++;
    for (const g of a.grants) {
      const gUnit = ids.get(g.unit)!;
      await db.roleGrant.upsert({
        where: { userId_role_unitId: { userId: user.id, role: g.role, unitId: gUnit } },
        create: { userId: user.id, role: g.role, unitId: gUnit },
        update: {},
      });
    }
  }

  // About 60 staff spread over the departments and branches.
  const leafCodes = [...ids.keys()].filter((c) => c.includes("-"));
  for (let i = 0; i < 56; i++) {
    const username = `demo${String(i + 1).padStart(3, "0")}`;
    if (await db.user.findUnique({ where: { username }, select: { id: true } })) continue;
    const unit = leafCodes[i % leafCodes.length]!;
    await db.user.create({
      data: {
        username,
        name: demoName(i),
        staffNo: `QF${String(10001 + i)}`,
        unitId: ids.get(unit)!,
        position: POSITIONS[i % POSITIONS.length]!,
        isPartyMember: i % 4 !== 3,
        passwordHash,
        passwordChangedAt: new Date(),
      },
    });
    created++;
  }
  log(`demo: ${ids.size} units, ${created} new accounts (password ${DEMO_PASSWORD})`);
}

export const DEMO_EXAM_TITLE = "2026年度党纪学习教育知识测试";

/** A demo exam open for 60 days from the first setup, drawn from the bundled question bank. */
export async function seedDemoExam(log: (s: string) => void = () => {}) {
  if (await db.exam.findFirst({ where: { title: DEMO_EXAM_TITLE }, select: { id: true } })) return;
  const { createExam } = await import("#app/modules/assessment/exams.server.ts");
  const admin = await db.user.findUnique({ where: { username: "trainer" }, select: { id: true } });
  const now = Date.now();
  await createExam(
    {
      title: DEMO_EXAM_TITLE,
      description: "围绕《中国共产党纪律处分条例》、中央八项规定精神和典型案例命题。共 32 题，满分 100 分，60 分合格。请独立作答，答案随答随存，断网或刷新后可继续作答。",
      blueprint: [
        { type: "single", count: 15, points: 3, tags: [], difficulty: null, bank: null },
        { type: "multiple", count: 5, points: 5, tags: [], difficulty: null, bank: null },
        { type: "truefalse", count: 10, points: 2, tags: [], difficulty: null, bank: null },
        { type: "fill", count: 2, points: 5, tags: [], difficulty: null, bank: null },
      ],
      opensAt: new Date(now - 60 * 60_000),
      closesAt: new Date(now + 60 * 24 * 60 * 60_000),
      timeLimitMinutes: 30,
      maxAttempts: 2,
      passPercent: 60,
      reviewMode: "full",
      reviewWhen: "immediately",
      shuffleOptions: true,
      audienceUnitId: null,
      partyOnly: false,
      requireAssignment: false,
      prerequisites: { courses: [], pledgeYear: null },
    },
    admin?.id ?? "system",
  );
  log(`demo: exam “${DEMO_EXAM_TITLE}”`);
}

/**
 * A few rectification ledger items in 西山县局, so the demo (and the hostile-input fuzz) has a ledger
 * to open: one in progress, one signed off and waiting for acceptance. Created through the domain, as
 * the county manager would.
 */
export async function seedDemoLedger(log: (s: string) => void = () => {}) {
  if (await db.ledgerItem.findFirst({ where: { title: { startsWith: "【演示】" } }, select: { id: true } })) return;
  const { addProgress, createItem, closeItem } = await import("#app/modules/screening/ledger.server.ts");
  const manager = await db.user.findUnique({ where: { username: "county-manager" }, include: { unit: true, grants: { include: { unit: true } } } });
  const staff = await db.user.findUnique({ where: { username: "staff2" }, select: { username: true } });
  const county = await db.orgUnit.findFirst({ where: { name: "西山县局" } });
  if (!manager || !staff || !county) return;
  const actor = { id: manager.id, unitId: manager.unitId, unitPath: manager.unit.path, grants: manager.grants.map((g) => ({ role: g.role as "manager", unitId: g.unitId, unitPath: g.unit.path })) };
  const day = 86_400_000;
  const items = [
    { title: "【演示】办税服务厅窗口存在推诿现象", source: "cross", days: 30, standard: "首问负责制落实到每个窗口，群众投诉当日回应", effect: "连续三个月无推诿类投诉" },
    { title: "【演示】公务接待审批单填写不全", source: "review", days: 14, standard: "接待审批单事前审批、逐项填写", effect: "抽查 20 份审批单全部合规" },
  ];
  const made = [];
  for (const it of items) {
    made.push(
      await createItem(actor, {
        unitId: county.id,
        source: it.source,
        problemId: null,
        riskPointId: null,
        title: it.title,
        description: "",
        leaderId: manager.id,
        department: "纳税服务股",
        responsible: staff.username,
        deadline: new Date(Date.now() + it.days * day),
        standard: it.standard,
        effect: it.effect,
      }),
    );
  }
  await addProgress(actor, made[0]!.id, "已召开窗口人员专题会，明确首问负责和限时办结要求。", null);
  await addProgress(actor, made[1]!.id, "已对照规定逐项梳理 2026 年以来的接待审批单。", null);
  await closeItem(actor, made[1]!.id, "已修订接待审批流程，抽查 20 份审批单均已逐项填写。", null);
  log(`demo: ${made.length} rectification ledger items in 西山县局`);
}
