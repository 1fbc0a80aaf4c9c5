// A body that is not a form (text/plain, JSON, a broken multipart stream) makes request.formData()
// throw; every action reads its form through readForm, so that is a 400 with a Chinese message, never a 500.
import { describe, expect, test } from "vitest";
import { t } from "#app/lib/strings.ts";
import { action as loginAction } from "#app/routes/login.tsx";
import { action as selfAction } from "#app/routes/screening.self.tsx";
import { callRoute, makeOrg, makeUser, requestAs } from "#tests/factories.ts";

const bodies: [string, string, string][] = [
  ["text/plain", "text/plain", "username=staff&password=x"],
  ["JSON", "application/json", '{"username":"staff"}'],
  ["a broken multipart stream", "multipart/form-data; boundary=zzz", "--zzz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated"],
];

describe("a body that is not a form", () => {
  test.each(bodies)("%s to the sign-in action: 400 and a Chinese message", async (_name, type, body) => {
    const request = new Request("http://localhost/login", { method: "POST", headers: { origin: "http://localhost", "content-type": type }, body });
    const r = await callRoute(() => loginAction({ request, params: {}, context: {} } as never));
    expect(r.status).toBe(400);
  });

  test.each(bodies)("%s to a signed-in action: 400 with the unreadable-form message", async (_name, type, body) => {
    const org = await makeOrg();
    const person = await makeUser(org.eastBranch.id);
    const signedIn = await requestAs(person.id, "/screening/self");
    const headers = new Headers(signedIn.headers);
    headers.set("content-type", type);
    const request = new Request(signedIn.url, { method: "POST", headers, body });
    let thrown: unknown;
    try {
      await selfAction({ request, params: {}, context: {} } as never);
    } catch (error) {
      thrown = error;
    }
    const refusal = thrown as { init?: { status?: number }; data?: { message?: string } };
    expect(refusal?.init?.status).toBe(400);
    expect(refusal?.data?.message).toBe(t.formInput.unreadable);
  });
});
