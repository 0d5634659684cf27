// Bundles src/main.jsx (React, react-jsonschema-form) into ../assets/studio.js, which the host embeds and serves.
// The output is committed, so that `dotnet run` and the installed `jit` tool need no Node.js: rebuild after an edit
// with `npm ci && npm run build` in this folder, and commit ../assets.
import { build } from "esbuild";
import { copyFile } from "node:fs/promises";

await build({
  entryPoints: ["src/main.jsx"],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["chrome110", "firefox115", "safari16"],
  define: { "process.env.NODE_ENV": '"production"' },
  jsx: "automatic",
  legalComments: "linked",
  outfile: "../assets/studio.js",
  logLevel: "info",
});
await copyFile("src/index.html", "../assets/index.html");
await copyFile("src/studio.css", "../assets/studio.css");
