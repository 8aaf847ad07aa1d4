// Builds the unpacked extension into dist/ (load that folder in chrome://extensions), and with --tests the
// unit tests into dist-test/ for `node --test`.
import { build } from "esbuild";
import { cpSync, mkdirSync, readdirSync, rmSync } from "node:fs";

const tests = process.argv.includes("--tests");
rmSync("dist", { recursive: true, force: true });
mkdirSync("dist");
await build({
  entryPoints: ["src/background.ts", "src/content.ts", "src/popup.ts"],
  outdir: "dist",
  bundle: true,
  format: "iife",
  target: "chrome116",
  logLevel: "warning",
});
cpSync("static", "dist", { recursive: true });

if (tests) {
  rmSync("dist-test", { recursive: true, force: true });
  await build({
    entryPoints: readdirSync("test").filter(f => f.endsWith(".test.ts")).map(f => `test/${f}`),
    outdir: "dist-test",
    bundle: true,
    platform: "node",
    format: "esm",
    outExtension: { ".js": ".mjs" },
    packages: "external",
    logLevel: "warning",
  });
}
