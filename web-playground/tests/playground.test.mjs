// The playground in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core;
// nothing downloads a browser): presets, target versions, a syntax error with its position,
// a shared link, the exact toggle, no network after load, and the time to plan 100 files. Screenshots of each
// state go to web-playground/test-output/. Run: node --test web-playground/tests/
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile, mkdir } from "node:fs/promises";
import { join, dirname, extname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "test-output");
const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm" };
let server, browser, base;

before(async () => {
  await mkdir(out, { recursive: true });
  server = createServer(async (req, res) => {
    const path = join(root, decodeURIComponent(new URL(req.url, "http://x").pathname).replace(/\/$/, "/index.html"));
    try {
      const body = await readFile(path);
      res.writeHead(200, { "content-type": types[extname(path)] || "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({
    executablePath: process.env.EBB_CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--no-first-run"],
  });
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** A page that has loaded the playground, and the requests it made after that. */
async function open(url) {
  const page = await browser.newPage();
  const late = [];
  await page.goto(url);
  await page.waitForSelector("body[data-ready='1']");
  page.on("request", (r) => late.push(r.url()));
  return { page, late };
}

const plan = (page) => page.locator("#plan").textContent();

test("presets, targets, errors with positions, shared links, no network", async () => {
  const { page, late } = await open(base);
  // The preset loaded by default is named in its selector, not "—".
  assert.equal(await page.locator("#preset").inputValue(), "postgres: rename a column");
  // File names keep their underscores visible: the box is tall enough for them.
  const nameBox = await page.locator(".file-name").first().evaluate((el) => {
    const s = getComputedStyle(el);
    return { height: el.clientHeight, font: parseFloat(s.fontSize) };
  });
  assert.ok(nameBox.height >= nameBox.font * 1.4, `name box ${JSON.stringify(nameBox)}`);
  await page.selectOption("#preset", "postgres: rename a column");
  await page.waitForFunction(() => document.querySelector("#plan").textContent.includes("RENAME COLUMN"));
  const text = await plan(page);
  assert.match(text, /-- revert 002 \(to version 001\)/);
  assert.match(text, /ALTER TABLE "users" RENAME COLUMN "full_name" TO "name";/);
  assert.match(text, /check EB102/);
  assert.match(await page.locator("#grouping").textContent(), /one transaction/);
  // The lint panel beside the plan: the newest file's unique index locks writes to users,
  // and its rollback drops the column it adds.
  await page.waitForFunction(() => document.querySelector("#lint").textContent.includes("EL401"));
  assert.deepEqual(await page.locator("#lint li").allTextContents(), [
    "warning EL401 002_rename.sql:3: index users_email on users is built while every write to users waits",
    "note EL202 002_rename.sql:1: rollback drops a column: users.email",
  ]);
  assert.equal(await page.locator("#lint li.warning").count(), 1);
  await page.screenshot({ path: join(out, "1-preset.png"), fullPage: true });

  await page.selectOption("#target", "0");
  await page.waitForFunction(() => document.querySelector("#plan").textContent.includes("DROP TABLE"));
  assert.match(await plan(page), /-- revert 002, 001 \(to version 0\)/);
  await page.screenshot({ path: join(out, "2-target-0.png"), fullPage: true });

  // A shared link gives the same plan.
  const shared = page.url();
  const before = await plan(page);
  const other = await open(shared);
  await other.page.waitForFunction(() => document.querySelector("#plan").textContent.length > 0);
  assert.equal(await plan(other.page), before);
  await other.page.screenshot({ path: join(out, "3-shared-link.png"), fullPage: true });

  // The SQL editors (CodeMirror, bundled with the page): line numbers, SQL highlighting.
  const first = page.locator("#files .file").first();
  assert.deepEqual(await first.locator(".cm-lineNumbers .cm-gutterElement:not([style*='hidden'])").allTextContents(),
    ["1", "2", "3", "4", "5"]);
  const colours = await first.locator(".cm-content").evaluate((el) => {
    const colourOf = (word) => {
      const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        if (n.textContent.includes(word)) return getComputedStyle(n.parentElement).color;
      }
      return null;
    };
    return { keyword: colourOf("CREATE"), name: colourOf("users"), type: colourOf("bigserial"), plain: getComputedStyle(el).color };
  });
  assert.notEqual(colours.keyword, colours.plain, `keywords are highlighted: ${JSON.stringify(colours)}`);
  assert.notEqual(colours.keyword, colours.name, `names look unlike keywords: ${JSON.stringify(colours)}`);

  // A syntax error shows its file, line and column.
  const sql = page.locator(".file-sql .cm-content").nth(1);
  await sql.fill("ALTER TABLE users RENAME COLUMN name TO full_name;\nALTER TABLE users ADD COLUMN ,, email text;\n");
  await page.waitForSelector("#error:not([hidden])");
  assert.match(await page.locator("#error").textContent(), /^002_rename\.sql:2:\d+: /);
  // The plan of the files before the error is gone, and the error is marked in the file.
  assert.equal(await plan(page), "");
  assert.equal(await page.locator("#files .file.error").count(), 1);
  assert.match(await page.locator("#files .file.error .file-error").textContent(),
    /^line 2, column \d+: ALTER TABLE users ADD COLUMN ,, email text/);
  assert.equal(await page.locator("#files .file").nth(1).getAttribute("class"), "file error");
  // The editor marks the line (and only it) and puts the error in its gutter.
  const marked = page.locator("#files .file").nth(1).locator(".cm-error-line");
  assert.deepEqual(await marked.allTextContents(), ["ALTER TABLE users ADD COLUMN ,, email text;"]);
  assert.equal(await page.locator("#files .cm-lint-marker-error").count(), 1);
  assert.equal(await page.locator("#files .file").first().locator(".cm-error-line").count(), 0);
  await page.screenshot({ path: join(out, "4-syntax-error.png"), fullPage: true });
  // Mended, the mark goes and the plan comes back.
  await sql.fill("ALTER TABLE users RENAME COLUMN name TO full_name;\nALTER TABLE users ADD COLUMN email text;\n");
  await page.waitForFunction(() => document.querySelector("#plan").textContent.includes("DROP TABLE"));
  assert.equal(await page.locator("#files .cm-error-line").count(), 0);
  assert.equal(await page.locator("#files .file.error").count(), 0);
  assert.equal(await page.locator("#error").isHidden(), true);

  // Other dialects' presets.
  await page.selectOption("#preset", "mysql: partly applied file");
  await page.waitForFunction(() => document.querySelector("#plan").textContent.includes("isbn"));
  assert.match(await plan(page), /DROP COLUMN `isbn`/);
  assert.doesNotMatch(await plan(page), /books_isbn/); // statement 2 never ran
  assert.match(await page.locator("#grouping").textContent(), /one per version/);
  await page.selectOption("#preset", "sqlite: table rebuild");
  await page.waitForFunction(() => document.querySelector("#plan").textContent.includes("notes"));
  await page.screenshot({ path: join(out, "5-sqlite-rebuild.png"), fullPage: true });

  // Re-rendering the files (add, remove) leaves no editor behind: the listeners editors put
  // on the document are as many after three rounds as before.
  const cdp = await page.context().newCDPSession(page);
  const listeners = async () => {
    const { result } = await cdp.send("Runtime.evaluate", { expression: "document" });
    return (await cdp.send("DOMDebugger.getEventListeners", { objectId: result.objectId })).listeners.length;
  };
  const listenersBefore = await listeners();
  for (let round = 0; round < 3; round++) {
    await page.click("#add-file");
    await page.locator("#files .file").last().locator(".remove").click();
  }
  assert.equal(await listeners(), listenersBefore);

  assert.deepEqual(late, [], "no network request after the page loaded");
  await page.close();
  await other.page.close();
});

test("drift is kept unless the exact toggle is on, and the toggle travels in the link", async () => {
  const files = [
    { name: "001_users.sql", sql: "CREATE TABLE users (id bigserial PRIMARY KEY, name text NOT NULL);\n" },
    { name: "002_email.sql", sql: "ALTER TABLE users ADD COLUMN email text;\n" },
  ];
  // The database as it really is: the history plus a hotfix index nobody wrote a file for.
  const actual = "CREATE TABLE users (id bigserial PRIMARY KEY, name text NOT NULL, email text);\n" +
    "CREATE INDEX users_name_hotfix ON users (name);\n";
  const state = { dialect: "postgres", files, target: "001", actual, applied: "" };
  const { page } = await open(`${base}#s=${Buffer.from(JSON.stringify(state)).toString("base64url")}`);
  await page.waitForFunction(() => document.querySelector("#plan").textContent.includes("email"));
  let text = await plan(page);
  assert.match(text, /DROP COLUMN "email"/);
  assert.match(text, /^warning EW010: .*users_name_hotfix/m);
  assert.doesNotMatch(text, /DROP INDEX/);
  assert.equal(await page.locator("#state-box").getAttribute("open"), "");

  await page.check("#exact");
  await page.waitForFunction(() => document.querySelector("#plan").textContent.includes("DROP INDEX"));
  text = await plan(page);
  assert.match(text, /DROP INDEX "users_name_hotfix";/);
  assert.match(text, /DROP COLUMN "email"/);
  // The list of changes follows: the hotfix index goes too.
  await page.waitForFunction(() => document.querySelector("#changes").textContent.includes("users_name_hotfix"));
  assert.equal(await page.locator("#changes li").count(), 2);
  await page.screenshot({ path: join(out, "6-exact.png"), fullPage: true });

  // The link carries the toggle.
  const other = await open(page.url());
  await other.page.waitForFunction(() => document.querySelector("#plan").textContent.includes("DROP INDEX"));
  assert.equal(await other.page.isChecked("#exact"), true);
  await other.page.uncheck("#exact");
  await other.page.waitForFunction(() => !document.querySelector("#plan").textContent.includes("DROP INDEX"));
  await page.close();
  await other.page.close();
});

test("a 100-file directory is planned in under 100 ms in the page", async () => {
  const files = [];
  for (let i = 0; i < 100; i++) {
    let sql = `CREATE TABLE f${i} (id bigserial PRIMARY KEY, name varchar(40) NOT NULL, created timestamptz NOT NULL DEFAULT now());\nCREATE INDEX f${i}_name ON f${i} (name);\n`;
    if (i && i % 2 === 0) sql += `ALTER TABLE f${i - 1} ADD COLUMN note text;\nALTER TABLE f${i - 1} RENAME COLUMN name TO label;\n`;
    files.push({ name: `${String(i + 1).padStart(3, "0")}_step.sql`, sql });
  }
  const state = { dialect: "postgres", files, target: "050", actual: "", applied: "" };
  const hash = Buffer.from(JSON.stringify(state)).toString("base64url");
  const { page } = await open(`${base}#s=${hash}`);
  await page.waitForFunction(() => document.querySelector("#timing").dataset.ms);
  // Median of several recomputations (each target change replans).
  const ms = [];
  for (const t of ["049", "050", "051", "050", "049", "050", "051"]) {
    await page.selectOption("#target", t);
    await page.waitForFunction((v) => document.querySelector("#plan").textContent.includes(`(to version ${v})`), t);
    ms.push(Number(await page.locator("#timing").getAttribute("data-ms")));
  }
  ms.sort((a, b) => a - b);
  const median = ms[Math.floor(ms.length / 2)];
  console.log(`playground: planning 100 files took ${median.toFixed(1)} ms (median of ${ms.length})`);
  assert.ok(median < 100, `${median} ms`);
  await page.screenshot({ path: join(out, "7-hundred-files.png") });
  await page.close();
});
