// Issue 13 #11: a 504 KB course zip inflated to 498 MB of memory.
import { strToU8, zipSync } from "fflate";
import { describe, expect, test } from "vitest";
import { importOrgFile } from "#app/modules/identity/import.server.ts";
import { readQuestionXlsx } from "#app/modules/assessment/question-xlsx.server.ts";
import { COURSE_ZIP_LIMITS, inflateBounded } from "./zip-limits.server.ts";
import { DomainError } from "#app/lib/domain-error.ts";

const zeros = (n: number) => new Uint8Array(n);

/** Rewrites every size field of a stored zip to claim `claimed` bytes (a header that lies). */
function lie(zip: Uint8Array, claimed: number) {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let i = 0; i + 4 <= out.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x04034b50) view.setUint32(i + 22, claimed, true); // local header: uncompressed size
    if (sig === 0x02014b50) view.setUint32(i + 24, claimed, true); // central directory
  }
  return out;
}

describe("zips are read within bounds", () => {
  test("an ordinary archive comes out whole", () => {
    const files = inflateBounded(zipSync({ "a/course.yaml": strToU8("title: 课程\n"), "a/01-x.mdx": strToU8("---\ntitle: x\n---\n正文\n") }), COURSE_ZIP_LIMITS);
    expect([...files.keys()].sort()).toEqual(["a/01-x.mdx", "a/course.yaml"]);
    expect(new TextDecoder().decode(files.get("a/course.yaml"))).toBe("title: 课程\n");
  });

  test("a bomb is refused by its declared size, by its real size when the header lies, and by its entry count", () => {
    const bomb = zipSync({ "a/big.mdx": zeros(50_000_000) }, { level: 9 });
    expect(bomb.length).toBeLessThan(200_000);
    expect(() => inflateBounded(bomb, COURSE_ZIP_LIMITS)).toThrow(/解压后超过/);
    const liar = lie(bomb, 100);
    expect(() => inflateBounded(liar, COURSE_ZIP_LIMITS)).toThrow(DomainError);
    const many = zipSync(Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`a/${i}.txt`, strToU8("x")])));
    expect(() => inflateBounded(many, COURSE_ZIP_LIMITS)).toThrow(/超过 500 个/);
    const total = zipSync(Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`a/${i}.mdx`, zeros(1_900_000)])), { level: 9 });
    expect(() => inflateBounded(total, COURSE_ZIP_LIMITS)).toThrow(/合计超过/);
    expect(() => inflateBounded(strToU8("not a zip at all"), COURSE_ZIP_LIMITS)).toThrow(DomainError);
  });

  test("workbooks are checked before the spreadsheet reader inflates them", async () => {
    const bomb = zipSync({ "xl/worksheets/sheet1.xml": zeros(200_000_000) }, { level: 9 });
    const people = await importOrgFile({ fileName: "名单.xlsx", bytes: bomb, scopePaths: [], actorId: "x" });
    expect(JSON.stringify(people)).toContain("解压后超过");
    const questions = await readQuestionXlsx(bomb);
    expect(questions.problems[0]?.message).toContain("解压后超过");
  });
});
