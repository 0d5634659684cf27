// An independent MCP client (the official TypeScript SDK) for `jit run`'s /mcp endpoint: connects over Streamable
// HTTP, lists the tools, makes the calls it is given, and prints one JSON object with what the server answered, for a
// test to check. Usage: node mcp.mjs URL [--token TOKEN] [TOOL=ARGS_JSON ...]
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const args = process.argv.slice(2);
const url = args.shift();
if (!url) {
  console.error("usage: node mcp.mjs URL [--token TOKEN] [TOOL=ARGS_JSON ...]");
  process.exit(2);
}

let token;
if (args[0] === "--token") {
  args.shift();
  token = args.shift();
}

const headers = token ? { Authorization: `Bearer ${token}` } : {};
const client = new Client({ name: "jitruntime-interop", version: "1.0.0" });
await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));

const { tools } = await client.listTools();
const calls = [];
for (const call of args) {
  const at = call.indexOf("=");
  const name = call.slice(0, at);
  const result = await client.callTool({ name, arguments: JSON.parse(call.slice(at + 1)) });
  calls.push({ name, isError: result.isError === true, text: result.content.map(c => c.text).join(""), structured: result.structuredContent ?? null });
}

console.log(JSON.stringify({
  server: client.getServerVersion(),
  tools: tools.map(t => ({ name: t.name, title: t.title, description: t.description, inputSchema: t.inputSchema })),
  calls,
}));
await client.close();
