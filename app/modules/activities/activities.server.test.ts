import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { db } from "#app/lib/db.server.ts";
import { getEnv } from "#app/lib/env.server.ts";
import { receiveUpload, serveFile, UPLOAD_RULES, type UploadRule } from "#app/lib/storage.server.ts";
import { grant, makeOrg, makeUser } from "#tests/factories.ts";
import { openRound, roundView, saveAnswer } from "./discussions.server.ts";
import { publishPledge, signPledge, verifySignature } from "./pledges.server.ts";
import { evidenceOf, sevenOnes } from "./seven-ones.server.ts";
import { reviewWork, submitWork } from "./works.server.ts";

const WEBM = fs.readFileSync(path.resolve("tests/fixtures/lecture.webm"));

function multipart(parts: ({ name: string; value: string } | { name: string; filename: string; data: Uint8Array; type?: string })[]) {
  const boundary = "----qingfeng" + Math.random().toString(16).slice(2);
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n`));
    if ("value" in p) chunks.push(Buffer.from(`Content-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`));
    else {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: ${p.type ?? "application/octet-stream"}\r\n\r\n`));
      chunks.push(Buffer.from(p.data), Buffer.from("\r\n"));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  const body = Buffer.concat(chunks);
  return new Request("http://localhost/works", { method: "POST", body, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } });
}

const tmpFiles = () => {
  const dir = path.join(path.resolve(getEnv().STORAGE_DIR), "tmp");
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
};
const lectureRule = (fields: Record<string, string>) => UPLOAD_RULES[fields.kind ?? ""] ?? null;

describe("uploads", () => {
  test("a real video is stored under a random name with its sniffed type, and served with ranges", async () => {
    const got = await receiveUpload(multipart([{ name: "kind", value: "lecture" }, { name: "title", value: "我的微党课" }, { name: "file", filename: "党课.webm", data: WEBM }]), "u1", lectureRule);
    expect(got.fields).toMatchObject({ kind: "lecture", title: "我的微党课" });
    expect(got.file).toMatchObject({ mime: "video/webm", size: WEBM.length, originalName: "党课.webm" });
    const row = await db.storedFile.findUniqueOrThrow({ where: { id: got.file!.id } });
    expect(row.storageKey).toMatch(/^\d{4}\/\d{2}\/[0-9a-f]{32}\.webm$/);
    const ranged = await serveFile(new Request("http://x/", { headers: { range: "bytes=100-199" } }), row.id);
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get("content-range")).toBe(`bytes 100-199/${WEBM.length}`);
    expect(Buffer.from(await ranged.arrayBuffer())).toEqual(WEBM.subarray(100, 200));
    expect(ranged.headers.get("x-content-type-options")).toBe("nosniff");
    expect((await serveFile(new Request("http://x/", { headers: { range: "bytes=999999999-" } }), row.id)).status).toBe(416);
  });

  test("a file whose bytes are not what its name says is refused, and nothing is kept", async () => {
    const fake = new Uint8Array(Buffer.from("这不是视频，只是一段文字。".repeat(100)));
    await expect(receiveUpload(multipart([{ name: "kind", value: "lecture" }, { name: "file", filename: "video.mp4", data: fake, type: "video/mp4" }]), "u1", lectureRule)).rejects.toThrow(
      /文件类型不符：微党课只接受/,
    );
    const png = new Uint8Array(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64"));
    await expect(receiveUpload(multipart([{ name: "kind", value: "lecture" }, { name: "file", filename: "a.mp4", data: png }]), "u1", lectureRule)).rejects.toThrow(/实际是 PNG 格式/);
    expect(tmpFiles()).toEqual([]);
  });

  test("empty and too-large files get clear messages; the partial file is removed", async () => {
    await expect(receiveUpload(multipart([{ name: "kind", value: "calligraphy" }, { name: "file", filename: "a.png", data: new Uint8Array() }]), "u1", lectureRule)).rejects.toThrow("文件是空的，请重新选择。");
    const small: UploadRule = { label: "测试", maxBytes: 10_000, types: { "video/webm": "WebM" } };
    await expect(receiveUpload(multipart([{ name: "file", filename: "big.webm", data: WEBM }]), "u1", () => small)).rejects.toThrow("文件太大：测试最大允许 10 KB。");
    expect(tmpFiles()).toEqual([]);
  });

  test("a file input left empty is no file, not an empty file: the other fields still arrive", async () => {
    const got = await receiveUpload(multipart([{ name: "intent", value: "progress" }, { name: "file", filename: "", data: new Uint8Array(), type: "application/octet-stream" }, { name: "text", value: "已整改" }]), "u1", lectureRule);
    expect(got).toEqual({ fields: { intent: "progress", text: "已整改" }, file: null });
    expect(tmpFiles()).toEqual([]);
  });

  test("an upload cut off half way leaves no half file behind", async () => {
    const req = multipart([{ name: "kind", value: "lecture" }, { name: "file", filename: "a.webm", data: WEBM }]);
    const bytes = new Uint8Array(await req.arrayBuffer());
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(bytes.subarray(0, 20_000));
        controller.error(new Error("connection reset"));
      },
    });
    const cut = new Request("http://localhost/works", { method: "POST", body: stream, headers: { "content-type": req.headers.get("content-type")! }, duplex: "half" } as RequestInit);
    await expect(receiveUpload(cut, "u1", lectureRule)).rejects.toThrow("上传中断，请重新上传。");
    expect(tmpFiles()).toEqual([]);
  });
});

describe("works and the seven ones", () => {
  test("review: return with a comment, then approve; the approval is recorded and ticks an item", async () => {
    const org = await makeOrg();
    const author = await makeUser(org.eastBranch.id);
    const manager = await makeUser(org.east.id);
    await grant(manager.id, "manager", org.east.id);
    const actor = { id: manager.id, unitId: org.east.id, unitPath: org.east.path, grants: [{ role: "manager" as const, unitId: org.east.id, unitPath: org.east.path }] };
    const work = await submitWork(author, { kind: "calligraphy", title: "清风", description: "", fileId: "f1" });
    await expect(reviewWork(actor, work.id, "return", "")).rejects.toThrow("退回修改时请填写意见。");
    await reviewWork(actor, work.id, "return", "落款请写全称");
    const outsider = { ...actor, grants: [{ role: "manager" as const, unitId: org.west.id, unitPath: org.west.path }] };
    await expect(reviewWork(outsider, work.id, "approve", "")).rejects.toThrow(/权限/);
    await db.work.update({ where: { id: work.id }, data: { status: "submitted" } });
    await reviewWork(actor, work.id, "approve", "");
    const items = await sevenOnes(author.id, new Date().getFullYear());
    expect(items.find((i) => i.key === "calligraphy")?.evidence?.href).toBe(`/works/${work.id}`);
    expect(items.filter((i) => i.evidence)).toHaveLength(1);
    expect(evidenceOf({ verb: "attended", objectType: "offline-session", contextJson: '{"kind":"film"}' })).toBe("film");
  });
});

describe("the integrity pledge", () => {
  const SOURCE = "---\ntitle: 测试承诺书\nyear: 2031\ngroup: all-staff\n---\n\n一、严守纪律。\n";
  const SIGNATURE = `data:image/png;base64,${Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(400, 7)]).toString("base64")}`;

  test("signing stores a hash over text, name, signature and time that verifies; tampering is detected", async () => {
    const org = await makeOrg();
    const u = await makeUser(org.eastBranch.id, { name: "赵清风" });
    const person = { id: u.id, unitId: u.unitId, name: "赵清风", position: "科员" };
    const text = await publishPledge(SOURCE, null);
    await expect(signPledge(person, { pledgeTextId: text.id, typedName: "别人", confirmed: true, signature: SIGNATURE })).rejects.toThrow("请输入您的姓名“赵清风”以确认签署。");
    await expect(signPledge(person, { pledgeTextId: text.id, typedName: "赵清风", confirmed: true, signature: "data:image/png;base64,AAAA" })).rejects.toThrow(/签名图片无效/);
    const s = await signPledge(person, { pledgeTextId: text.id, typedName: "赵清风", confirmed: true, signature: SIGNATURE });
    expect(await verifySignature(s.id)).toMatchObject({ ok: true, textIntact: true });
    await expect(signPledge(person, { pledgeTextId: text.id, typedName: "赵清风", confirmed: true, signature: SIGNATURE })).rejects.toThrow(/签署后不能修改/);
    await db.pledgeSignature.update({ where: { id: s.id }, data: { typedName: "赵清风 " } });
    expect(await verifySignature(s.id)).toMatchObject({ ok: false });
    expect(await db.record.count({ where: { actorId: u.id, verb: "signed" } })).toBe(1);
  });

  test("a changed text supersedes the old one; earlier signatures keep their exact version", async () => {
    const old = await publishPledge(SOURCE.replace("2031", "2032"), null);
    const changed = await publishPledge(SOURCE.replace("2031", "2032").replace("严守纪律", "严守政治纪律"), null);
    expect(changed.id).not.toBe(old.id);
    expect((await db.pledgeText.findUniqueOrThrow({ where: { id: old.id } })).status).toBe("superseded");
  });
});

describe("discussion rounds", () => {
  test("members answer; drafts stay private; submitting needs every prompt; closed rounds and outsiders are refused", async () => {
    const org = await makeOrg();
    const sec = await makeUser(org.eastBranch.id);
    await grant(sec.id, "manager", org.eastBranch.id);
    const actor = { id: sec.id, unitId: org.eastBranch.id, unitPath: org.eastBranch.path, grants: [{ role: "manager" as const, unitId: org.eastBranch.id, unitPath: org.eastBranch.path }] };
    const now = Date.now();
    const round = await openRound(actor, { unitId: org.eastBranch.id, template: "sanwen-sanda", title: "", opensAt: new Date(now - 1000), closesAt: new Date(now + 3_600_000) });
    const a = await makeUser(org.eastBranch.id, { name: "甲" });
    const b = await makeUser(org.eastBranch.id, { name: "乙" });
    const memberA = { id: a.id, unitId: a.unitId, unitPath: org.eastBranch.path };
    const memberB = { id: b.id, unitId: b.unitId, unitPath: org.eastBranch.path };
    await saveAnswer(memberA, round.id, new Map([["q1", "草稿"]]), false);
    expect((await roundView(memberB, round.id)).submitted).toEqual([]);
    await expect(saveAnswer(memberA, round.id, new Map([["q1", "入党是为了全心全意为人民服务。"]]), true)).rejects.toThrow(/每个问题至少写 10 个字再提交/);
    const full = { q1: "入党是为了全心全意为人民服务。", q2: "当干部就要为民用权、依法用权。", q3: "身后留下清白的名声和好家风。" };
    await saveAnswer(memberA, round.id, new Map(Object.entries(full)), true);
    await expect(saveAnswer(memberA, round.id, new Map(Object.entries(full)), false)).rejects.toThrow("您已提交，不能再修改。");
    const view = await roundView(memberB, round.id);
    expect(view.submitted).toEqual([{ name: "甲", answers: full, at: expect.any(String) }]);
    const outsider = await makeUser(org.westBranch.id);
    await expect(saveAnswer({ id: outsider.id, unitId: outsider.unitId, unitPath: org.westBranch.path }, round.id, new Map(Object.entries(full)), true)).rejects.toThrow(/您不在其中/);
    await expect(saveAnswer(memberB, round.id, new Map(Object.entries(full)), true, new Date(now + 7_200_000))).rejects.toThrow("讨论已结束，不能再作答。");
  });
});
