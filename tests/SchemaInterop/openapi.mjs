// Checks an OpenAPI document served by `jit run` (/openapi/v1.json) with an independent validator: the OpenAPI 3.1
// JSON schema as @seriousme/openapi-schema-validator applies it, $refs resolved. Prints the operations it found and
// fails on any error, or when fewer operations than expected are present.
// Usage: node openapi.mjs URL_OR_FILE [MIN_OPERATIONS]
import { Validator } from "@seriousme/openapi-schema-validator";
import { readFile } from "node:fs/promises";

const [source, minimum = "1"] = process.argv.slice(2);
if (!source) {
  console.error("usage: node openapi.mjs URL_OR_FILE [MIN_OPERATIONS]");
  process.exit(2);
}

const text = /^https?:/.test(source) ? await (await fetch(source)).text() : await readFile(source, "utf8");
const document = JSON.parse(text);
const validator = new Validator();
const result = await validator.validate(document);
if (!result.valid) {
  console.error(`openapi: ${source} is not a valid OpenAPI ${document.openapi} document:`);
  console.error(JSON.stringify(result.errors, null, 2));
  process.exit(1);
}

const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) => Object.keys(item).map(method => `${method.toUpperCase()} ${path}`));
console.log(`openapi: valid OpenAPI ${document.openapi} (${validator.version}), ${operations.length} operations`);
operations.forEach(o => console.log(`  ${o}`));
if (operations.length < Number(minimum)) {
  console.error(`openapi: expected at least ${minimum} operations`);
  process.exit(1);
}
