import fs from "node:fs";
import { expect, test } from "vitest";
import { SERVER_ARGS } from "./lib/server-command.mjs";

test("npm start runs the server with the same node flags as the demo, e2e, bench and Lighthouse", () => {
  const pkg = JSON.parse(fs.readFileSync("package.json", "utf8")) as { scripts: { start: string } };
  expect(pkg.scripts.start).toBe(`NODE_ENV=production node ${SERVER_ARGS.join(" ")}`);
});
