// The example Mini Program loads the built client from example/lib (WeChat DevTools compiles its ES modules);
// `npm run build` refreshes that copy.
import { copyFile, mkdir } from "node:fs/promises";

await mkdir("example/lib", { recursive: true });
await copyFile("dist/index.js", "example/lib/jit-client.js");
