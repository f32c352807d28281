// The ebb playground: migration files in, the computed down plan out, all in this page.
// State lives in the URL hash (#s=<base64url JSON>), so a link reproduces the plan.
import init, * as ebb from "./pkg/ebb_wasm.js";
import { createEditor } from "./vendor/editor.js";

const PRESETS = {
  "postgres: rename a column": {
    dialect: "postgres",
    files: [
      { name: "001_users.sql", sql: "CREATE TABLE users (\n  id bigserial PRIMARY KEY,\n  name text NOT NULL\n);\n" },
      { name: "002_rename.sql", sql: "ALTER TABLE users RENAME COLUMN name TO full_name;\nALTER TABLE users ADD COLUMN email text;\nCREATE UNIQUE INDEX users_email ON users (email);\n" },
    ],
  },
  "postgres: change a type": {
    dialect: "postgres",
    files: [
      { name: "001_orders.sql", sql: "CREATE TABLE orders (\n  id bigserial PRIMARY KEY,\n  total integer NOT NULL DEFAULT 0\n);\n" },
      { name: "002_money.sql", sql: "ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2);\n" },
    ],
  },
  "postgres: enum change": {
    dialect: "postgres",
    files: [
      { name: "001_mood.sql", sql: "CREATE TYPE mood AS ENUM ('happy', 'sad');\nCREATE TABLE people (id serial PRIMARY KEY, feeling mood);\n" },
      { name: "002_more_moods.sql", sql: "ALTER TYPE mood ADD VALUE 'meh';\nALTER TYPE mood RENAME VALUE 'sad' TO 'blue';\n" },
    ],
  },
  "mysql: partly applied file": {
    dialect: "mysql",
    files: [
      { name: "001_books.sql", sql: "CREATE TABLE books (\n  id int AUTO_INCREMENT PRIMARY KEY,\n  title varchar(200) NOT NULL\n) ENGINE=InnoDB;\n" },
      { name: "002_isbn.sql", sql: "ALTER TABLE books ADD COLUMN isbn varchar(20);\nALTER TABLE books ADD UNIQUE KEY books_isbn (isbn);\nALTER TABLE books MODIFY title varchar(300) NOT NULL;\n" },
    ],
    applied: 1,
  },
  "sqlite: table rebuild": {
    dialect: "sqlite",
    files: [
      { name: "001_notes.sql", sql: "CREATE TABLE notes (id integer PRIMARY KEY, body text);\n" },
      { name: "002_required.sql", sql: "CREATE TABLE notes_new (id integer PRIMARY KEY, body text NOT NULL DEFAULT '');\nINSERT INTO notes_new (id, body) SELECT id, coalesce(body, '') FROM notes;\nDROP TABLE notes;\nALTER TABLE notes_new RENAME TO notes;\n" },
    ],
  },
};

const $ = (id) => document.getElementById(id);
let state = { dialect: "postgres", files: [], target: "", actual: "", applied: "", exact: false, preset: "" };

function encode(s) {
  const bytes = new TextEncoder().encode(JSON.stringify(s));
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function decode(text) {
  const bin = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
}

const versionOf = (name) => name.split("_")[0];
// One editor per file box (same order as state.files), and the database-state editor.
let editors = [];
let actualEditor = null;

function renderFiles() {
  const box = $("files");
  // The old editors go with their boxes (each holds window and document listeners).
  for (const ed of editors) ed.view.destroy();
  box.replaceChildren();
  editors = state.files.map((f, i) => {
    const el = $("file-template").content.firstElementChild.cloneNode(true);
    const name = el.querySelector(".file-name");
    name.value = f.name;
    name.addEventListener("input", () => { f.name = name.value; changed(); });
    const editor = createEditor(el.querySelector(".file-sql"), f.sql, state.dialect,
      (text) => { f.sql = text; changed(); }, `SQL of ${f.name}`);
    el.querySelector(".up").addEventListener("click", () => move(i, -1));
    el.querySelector(".down").addEventListener("click", () => move(i, 1));
    el.querySelector(".remove").addEventListener("click", () => { state.files.splice(i, 1); renderFiles(); changed(); });
    box.append(el);
    return editor;
  });
}

function move(i, by) {
  const j = i + by;
  if (j < 0 || j >= state.files.length) return;
  [state.files[i], state.files[j]] = [state.files[j], state.files[i]];
  renderFiles();
  changed();
}

function renderTargets() {
  const versions = state.files.map((f) => versionOf(f.name)).filter((v) => /^\d+$/.test(v));
  const choices = ["0", ...versions.slice(0, -1)];
  if (!choices.includes(state.target)) state.target = choices[choices.length - 1];
  const sel = $("target");
  sel.replaceChildren(...choices.map((v) => {
    const o = document.createElement("option");
    o.value = v;
    o.textContent = v === "0" ? "0 (before the first file)" : v;
    return o;
  }));
  sel.value = state.target;
}

function clearMarks() {
  for (const el of document.querySelectorAll(".file.error")) el.classList.remove("error");
  for (const el of document.querySelectorAll(".file-error")) el.hidden = true;
  for (const ed of editors) ed.markError(null);
}

function showError(e) {
  const where = e.file ? `${e.file}:${e.line}:${e.column}: ` : "";
  const msg = String(e.message || e);
  $("error").textContent = msg.startsWith(where) ? msg : where + msg;
  $("error").hidden = false;
  // Mark the file and the line in its editor.
  const i = state.files.findIndex((f) => f.name === e.file);
  const box = i >= 0 ? document.querySelectorAll("#files .file")[i] : null;
  if (box && e.line) {
    box.classList.add("error");
    const note = box.querySelector(".file-error");
    const text = state.files[i].sql.split("\n")[e.line - 1] ?? "";
    note.textContent = `line ${e.line}, column ${e.column}: ${text}`;
    note.hidden = false;
    editors[i].markError(e.line, e.column, msg.startsWith(where) ? msg.slice(where.length) : msg);
  }
}

function compute() {
  $("error").hidden = true;
  clearMarks();
  const files = state.files.map((f) => ({ name: f.name, sql: f.sql }));
  const opts = { dialect: state.dialect, files, target: state.target };
  if (state.actual.trim()) opts.actual = state.actual;
  if (state.applied !== "" && state.applied !== null) opts.appliedStatements = Number(state.applied);
  if (state.exact) opts.exact = true;
  try {
    const t0 = performance.now();
    const plan = JSON.parse(ebb.planDown(JSON.stringify(opts)));
    const ms = performance.now() - t0;
    $("timing").textContent = `computed in ${ms.toFixed(1)} ms`;
    $("timing").dataset.ms = String(ms);
    $("plan").textContent = plan.sql;
    const steps = plan.steps.length;
    $("grouping").textContent = !steps ? "" : plan.steps[0].plan.transactional
      ? "Runs in one transaction: checks, statements and the revision rows, rolled back on any failure."
      : `No transactional DDL here: ${steps} step(s), one per version, each statement recorded as it runs so a re-run continues.`;
    const empty = JSON.stringify({ dialect: state.dialect, tables: [] });
    const target = JSON.stringify(plan.targetSchema);
    $("target-schema").textContent = JSON.parse(ebb.diff(empty, target)).sql || "-- empty";
    // What the revert changes: from the history's schema, or, when the drift is reverted too,
    // from the database's own.
    const from = state.exact && opts.actual ? [{ name: "actual.sql", sql: opts.actual }] : files;
    const current = JSON.parse(ebb.replay(state.dialect, JSON.stringify(from))).schema;
    const changes = JSON.parse(ebb.diff(JSON.stringify(current), target)).changes;
    $("changes").replaceChildren(...changes.map((c) => {
      const li = document.createElement("li");
      li.textContent = c.description;
      return li;
    }));
    showLint(files);
  } catch (e) {
    $("plan").textContent = "";
    $("grouping").textContent = "";
    $("target-schema").textContent = "";
    $("changes").replaceChildren();
    $("lint").replaceChildren();
    showError(e);
  }
}

// The lint of the newest file: one line per finding, its severity as a class, or a line
// saying there is nothing to report.
function showLint(files) {
  const lint = JSON.parse(ebb.lint(JSON.stringify({ dialect: state.dialect, files })));
  const items = lint.files.flatMap((f) => f.findings.map((x) => {
    const li = document.createElement("li");
    li.className = x.severity;
    li.dataset.code = x.code;
    li.textContent = `${x.severity} ${x.code} ${x.file}:${x.line}: ${x.message}`;
    return li;
  }));
  if (!items.length) {
    const li = document.createElement("li");
    li.textContent = lint.files.length ? "nothing to report" : "no files";
    items.push(li);
  }
  $("lint").replaceChildren(...items);
}

let timer = null;
function changed() {
  renderTargets();
  history.replaceState(null, "", "#s=" + encode(state));
  clearTimeout(timer);
  timer = setTimeout(compute, 120);
}

function load(s) {
  state = { dialect: "postgres", files: [], target: "", actual: "", applied: "", exact: false, preset: "", ...s };
  $("dialect").value = state.dialect;
  // The selector names the preset the files came from (edited since or not).
  $("preset").value = PRESETS[state.preset] ? state.preset : "";
  actualEditor.setText(state.actual || "");
  actualEditor.setDialect(state.dialect);
  $("applied").value = state.applied ?? "";
  $("exact").checked = Boolean(state.exact);
  // Drift is only there when a database state is given: show where it is set.
  if (state.actual || state.exact) $("state-box").open = true;
  renderFiles();
  renderTargets();
  history.replaceState(null, "", "#s=" + encode(state));
  compute();
}

async function main() {
  await init();
  actualEditor = createEditor($("actual"), "", state.dialect,
    (text) => { state.actual = text; changed(); }, "SQL of the database's schema");
  for (const name of Object.keys(PRESETS)) {
    const o = document.createElement("option");
    o.value = name;
    o.textContent = name;
    $("preset").append(o);
  }
  $("preset").addEventListener("change", () => {
    const p = PRESETS[$("preset").value];
    if (p) load({ ...structuredClone(p), target: "", actual: "", applied: p.applied ?? "", preset: $("preset").value });
  });
  $("dialect").addEventListener("change", () => {
    state.dialect = $("dialect").value;
    for (const ed of [...editors, actualEditor]) ed.setDialect(state.dialect);
    changed();
  });
  $("target").addEventListener("change", () => { state.target = $("target").value; changed(); });
  $("applied").addEventListener("input", () => { state.applied = $("applied").value; changed(); });
  $("exact").addEventListener("change", () => { state.exact = $("exact").checked; changed(); });
  $("add-file").addEventListener("click", () => {
    const last = state.files.length ? Number(versionOf(state.files[state.files.length - 1].name)) || 0 : 0;
    state.files.push({ name: `${String(last + 1).padStart(3, "0")}_new.sql`, sql: "" });
    renderFiles();
    changed();
  });
  const m = /#s=([A-Za-z0-9_-]+)/.exec(location.hash);
  const first = "postgres: rename a column";
  load(m ? decode(m[1]) : { ...structuredClone(PRESETS[first]), preset: first });
  document.body.dataset.ready = "1";
}

main().catch((e) => showError(e));
