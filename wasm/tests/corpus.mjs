// The built WebAssembly (wasm/pkg-node, made by scripts/env.sh's build_wasm) against the core:
// for every scenario of core/tests/scenarios and every target, planDown's text must be
// byte-identical to the core's snapshot; a syntax error must be thrown with file, line and
// column. Run: node wasm/tests/corpus.mjs
import { createRequire } from "node:module";
import { readdirSync, readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";

const here = dirname(fileURLToPath(import.meta.url));
const ebb = createRequire(import.meta.url)(join(here, "..", "pkg-node", "ebb_wasm.js"));
const core = join(here, "..", "..", "core", "tests");

let plans = 0;
let scenarios = 0;
for (const dialect of ["postgres", "mysql", "sqlite"]) {
  for (const name of readdirSync(join(core, "scenarios", dialect)).sort()) {
    const dir = join(core, "scenarios", dialect, name);
    const files = readdirSync(dir)
      .filter((f) => f.endsWith(".sql"))
      .sort()
      .map((f) => ({ name: f, sql: readFileSync(join(dir, f), "utf8") }));
    const m = /^-- ebb-test:applied (\d+)/m.exec(files[files.length - 1].sql);
    const appliedStatements = m ? Number(m[1]) : undefined;
    const targets = ["0", ...files.slice(0, -1).map((f) => f.name.split("_")[0])];
    let text = "";
    for (const target of targets) {
      const out = JSON.parse(ebb.planDown(JSON.stringify({ dialect, files, target, appliedStatements })));
      text += `==== down to ${target} ====\n` + out.sql;
      plans++;
    }
    const snap = readFileSync(join(core, "snapshots", dialect, `${name}.snap`), "utf8");
    const body = snap.split("---\n").slice(2).join("---\n");
    assert.equal(text.trimEnd(), body.trimEnd(), `${dialect}/${name}`);
    scenarios++;
  }
}

// Errors are thrown as JS errors that say where.
assert.throws(
  () => ebb.planDown(JSON.stringify({
    dialect: "postgres",
    files: [{ name: "001_a.sql", sql: "CREATE TABLE t (id int);\nCREATE TABLE u (id int,, x int);" }],
    target: "0",
  })),
  (e) => e instanceof Error && e.kind === "parse" && e.file === "001_a.sql" && e.line === 2 && e.column >= 1,
);
assert.throws(() => ebb.planDown("{"), (e) => e.kind === "input");

console.log(`wasm: ${plans} down plans over ${scenarios} scenarios identical to the native core's`);
