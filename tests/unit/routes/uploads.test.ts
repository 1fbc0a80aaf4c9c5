// Uploads a refused request sent are not kept, and the server names every download
// (issue 13, item 18 a and j).
import { describe, expect, test } from "vitest";
import { db } from "#app/lib/db.server.ts";
import { downloadName, serveFile } from "#app/lib/storage.server.ts";
import { action as newWorkAction } from "#app/routes/works.new.tsx";
import { action as workAction } from "#app/routes/works.detail.tsx";
import { createSession, SESSION_COOKIE } from "#app/modules/identity/session.server.ts";
import { callRoute, makeOrg, makeUser } from "#tests/factories.ts";

const PNG = new Uint8Array(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64"));

async function upload(userId: string, url: string, fields: Record<string, string>, name = "字画.png") {
  const { token } = await createSession(userId);
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append("file", new Blob([PNG], { type: "image/png" }), name);
  return new Request(`http://localhost${url}`, { method: "POST", body: form, headers: { origin: "http://localhost", cookie: `${SESSION_COOKIE}=${token}` } });
}

describe("uploads", () => {
  test("(a) a resubmission by someone other than the author stores nothing", async () => {
    const org = await makeOrg();
    const author = await makeUser(org.eastBranch.id);
    const other = await makeUser(org.eastBranch.id);
    const made = await callRoute(async () => newWorkAction({ request: await upload(author.id, "/works/new", { kind: "calligraphy", title: "清风", description: "" }), params: {}, context: {} } as never));
    expect(made.status).toBe(302);
    const work = await db.work.findFirstOrThrow({ where: { userId: author.id } });
    await db.work.update({ where: { id: work.id }, data: { status: "returned" } });
    const before = await db.storedFile.count();
    const res = await callRoute(async () => workAction({ request: await upload(other.id, `/works/${work.id}`, { note: "冒名重交" }), params: { workId: work.id }, context: {} } as never));
    expect(res.status).toBe(404);
    expect(await db.storedFile.count()).toBe(before);
    // The author's own resubmission while the work is under review is refused and leaves nothing either.
    await db.work.update({ where: { id: work.id }, data: { status: "submitted" } });
    const again = await callRoute(async () => workAction({ request: await upload(author.id, `/works/${work.id}`, { note: "再交" }), params: { workId: work.id }, context: {} } as never));
    expect(again.status).toBe(409);
    expect(await db.storedFile.count()).toBe(before);
  });

  test("(j) the download name keeps the uploader's words, never their extension", async () => {
    expect(downloadName("整改证明.exe", "pdf")).toBe("整改证明.pdf");
    expect(downloadName("..\\..\\boot.ini", "png")).toBe("boot.png");
    expect(downloadName('a"\u0000b<>.png', "png")).toBe("ab.png");
    expect(downloadName("", "jpg")).toBe("file.jpg");
    const org = await makeOrg();
    const author = await makeUser(org.eastBranch.id);
    await callRoute(async () => newWorkAction({ request: await upload(author.id, "/works/new", { kind: "calligraphy", title: "清风二", description: "" }, "通知.html"), params: {}, context: {} } as never));
    const file = await db.storedFile.findFirstOrThrow({ where: { ownerId: author.id } });
    const res = await serveFile(new Request("http://localhost/files/x"), file.id);
    const disposition = res.headers.get("content-disposition") ?? "";
    expect(decodeURIComponent(disposition.split("''")[1] ?? "")).toBe("通知.png");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
  });
});
