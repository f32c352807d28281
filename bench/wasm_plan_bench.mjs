import { createRequire } from "node:module";
// The wasm half of the 100-file planning benchmark (wasm/examples/plan_100.rs is the native
// half, same directory). Build first: source scripts/env.sh && build_wasm; then
// node bench/wasm_plan_bench.mjs
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
const ebb = createRequire(import.meta.url)(join(dirname(fileURLToPath(import.meta.url)), "..", "wasm", "pkg-node", "ebb_wasm.js"));
const files = [];
for (let i = 0; i < 100; i++) {
  let sql = `CREATE TABLE f${i} (id bigserial PRIMARY KEY, name varchar(40) NOT NULL, created timestamptz NOT NULL DEFAULT now());\nCREATE INDEX f${i}_name ON f${i} (name);\n`;
  if (i && i % 2 == 0) sql += `ALTER TABLE f${i-1} ADD COLUMN note text;\nALTER TABLE f${i-1} RENAME COLUMN name TO label;\n`;
  files.push({ name: `${String(i + 1).padStart(3, "0")}_step.sql`, sql });
}
const opts = JSON.stringify({ dialect: "postgres", files, target: "050" });
ebb.planDown(opts);
const ts = [];
for (let k = 0; k < 20; k++) { const t0 = performance.now(); ebb.planDown(opts); ts.push(performance.now() - t0); }
ts.sort((a, b) => a - b);
console.log(`wasm planDown in node, 100 files: median ${ts[10].toFixed(2)} ms of 20`);
