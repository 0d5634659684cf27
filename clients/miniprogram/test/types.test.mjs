// The example's generated API types are those of the sample app as the host describes it today: a change of a
// function, an argument or a result that the committed file does not have fails here, not in a Mini Program.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import openapiTS, { astToString } from "openapi-typescript";
import { startHost } from "./support.mjs";

let host;
before(async () => { host = await startHost({ closedLogin: false }); });
after(async () => { await host?.stop(); });

/** The types without openapi-typescript's banner comment, with one kind of line ending. */
const body = (text) => text.replace(/^\/\*\*[\s\S]*?\*\/\s*/, "").replace(/\r\n/g, "\n").trim();

test("example/jit-api.d.ts is what openapi-typescript makes of the sample app's API document", async () => {
  const generated = astToString(await openapiTS(new URL(`${host.baseUrl}/openapi/v1.json`)));
  const committed = readFileSync(new URL("../example/jit-api.d.ts", import.meta.url), "utf8");
  if (process.env.UPDATE_TYPES === "1") {
    const { writeFileSync } = await import("node:fs");
    writeFileSync(new URL("../example/jit-api.d.ts", import.meta.url), committed.match(/^\/\*\*[\s\S]*?\*\/\s*/)[0] + body(generated) + "\n");
    return;
  }

  assert.equal(body(committed), body(generated),
    "regenerate it: npx openapi-typescript http://127.0.0.1:5000/openapi/v1.json -o example/jit-api.d.ts (or UPDATE_TYPES=1 npm test)");
});
