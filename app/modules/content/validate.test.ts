import { describe, expect, test } from "vitest";
import { checkLesson } from "./lesson-format.ts";
import { parseChineseNumber, toChineseNumber } from "./chinese-numerals.ts";

const FM = "---\ntitle: 测试课时\n---\n";
/** Problems of a lesson body, as "line:col message". Line numbers count the 3-line frontmatter. */
const problems = (body: string) => checkLesson(FM + body).problems.map((p) => `${p.line}:${p.column} ${p.message}`);

describe("safe MDX", () => {
  test("a lesson with the allowed components, GFM table and literal props passes", () => {
    const body = `## 一、要点

<KeyPoint>公款姓公，一分一厘都不能乱花。</KeyPoint>

| 情形 | 处分 |
| --- | --- |
| 违规收礼 | 警告 |

<CiteArticle id="jilv-chufen-tiaoli:97" />

见 [条例](/rules/jilv-chufen-tiaoli)，以及 <mark>重点</mark>。

<KnowledgeCheck questions="q1 q2" title="小测" />
`;
    expect(problems(body)).toEqual([]);
  });

  test.each([
    ["import", 'import X from "y"\n', /不允许使用 import/],
    ["export", "export const a = 1\n", /不允许使用 export/],
    ["expression", "结果是 {1 + 1}\n", /不允许使用 JavaScript 表达式/],
    ["function call", "{alert(1)}\n", /不允许使用 JavaScript 表达式/],
    ["expression prop", '<KeyPoint title={"a" + b}>x</KeyPoint>\n', /必须是字面值/],
    ["spread prop", "<KeyPoint {...props}>x</KeyPoint>\n", /展开属性/],
    ["event handler", '<KeyPoint onClick="alert(1)">x</KeyPoint>\n', /事件属性 onClick/],
    ["dangerouslySetInnerHTML", '<span dangerouslySetInnerHTML="x" />\n', /dangerouslySetInnerHTML/],
    ["script", "<script>alert(1)</script>\n", /不允许使用 <script> 标签/],
    ["iframe", '<iframe src="https://x" />\n', /不允许使用 <iframe> 标签/],
    ["object", "<object data='x' />\n", /不允许使用 <object> 标签/],
    ["embed", "<embed src='x' />\n", /不允许使用 <embed> 标签/],
    ["style", "<style>{'a{}'}</style>\n", /<style>|表达式/],
    ["form", "<form><input /></form>\n", /不允许使用 <form> 标签/],
    ["other raw html", "<div>块</div>\n", /不允许使用 HTML 标签 <div>/],
    ["unknown component", "<Quiz />\n", /不允许使用组件 <Quiz>/],
    ["javascript: link", "[点我](javascript:alert(1))\n", /不允许的链接地址/],
    ["data: image", "![x](data:image/png;base64,AAAA)\n", /不允许的链接地址/],
    ["javascript: prop", '<Video src="javascript:alert(1)" />\n', /不允许的地址/],
    ["unknown prop", '<CiteArticle id="a:1" foo="b" />\n', /没有属性 foo/],
    ["missing required prop", "<CiteArticle />\n", /缺少必填属性 id/],
  ])("rejects %s with a located message", (_kind, body, message) => {
    const found = problems(body);
    expect(found.length).toBeGreaterThan(0);
    expect(found.join("\n")).toMatch(message);
    expect(found[0]).toMatch(/^4:\d+ /); // the body starts on line 4
  });

  test("an unclosed tag is a located syntax error, not a crash", () => {
    const found = problems("第一段\n\n<KeyPoint>\n没有闭合\n");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^6:1 MDX 语法错误：/);
    expect(found[0]).toMatch(/KeyPoint/);
  });

  test("the problem is located at its line and column", () => {
    const found = checkLesson(`${FM}第一段\n\n第二段 <Bad />\n`).problems;
    expect(found).toEqual([{ line: 6, column: 5, message: expect.stringMatching(/<Bad>/) }]);
  });

  test("bad frontmatter: missing, missing title, wrong type, unknown field, broken YAML", () => {
    expect(checkLesson("# 没有文件头\n").problems[0]!.message).toMatch(/缺少文件头/);
    expect(checkLesson("---\nsummary: x\n---\n正文\n").problems[0]!.message).toMatch(/title/);
    expect(checkLesson("---\ntitle: a\nminutes: 很多\n---\n").problems[0]).toMatchObject({ line: 3, message: expect.stringMatching(/minutes/) });
    expect(checkLesson("---\ntitle: a\ncolour: red\n---\n").problems[0]!.message).toMatch(/未知字段：colour/);
    expect(checkLesson("---\ntitle: [a\n---\n").problems[0]!.message).toMatch(/YAML 格式错误/);
  });

  test("cross-references must exist when known ids are given", () => {
    const known = { articles: new Set(["r:1"]), cases: new Set(["c1"]), questions: new Set(["q1"]) };
    const src = `${FM}<CiteArticle id="r:1" />\n\n<CiteArticle id="r:9" />\n\n<CiteCase slug="nope" />\n\n<KnowledgeCheck questions="q1 q404" />\n`;
    expect(checkLesson(src, known).problems.map((p) => `${p.line} ${p.message}`)).toEqual([
      "6 引用的条款不存在：r:9",
      "8 引用的案例不存在：nope",
      "10 引用的题目不存在：q404",
    ]);
  });
});

describe("Chinese numerals", () => {
  test.each([
    ["一", 1],
    ["十", 10],
    ["十二", 12],
    ["二十八", 28],
    ["一百零三", 103],
    ["一百一十", 110],
    ["一百四十二", 142],
  ])("%s = %i", (text, n) => {
    expect(parseChineseNumber(text)).toBe(n);
    expect(toChineseNumber(n)).toBe(text);
  });
});
