//! The bad-input catalogue, `tests/bad-input/<case>/`: each case is a migration directory and a
//! `case.txt` saying what to run and what the user must see. Every case must exit with the
//! code given, print exactly one `error:` line containing the expected text (and never a
//! forbidden one, such as a password), and leave the database as it was (inspected before and
//! after, revision rows included).
//!
//! `case.txt` keys: `args` (ebb arguments; `--url`/`--dir` of the case's database and copy of
//! the directory are appended unless given), `exit`, `expect`, `forbid`, `hash: no` (no
//! ebb.sum), `after-hash: FILE=SQL` (edit, or delete with an empty SQL, after hashing),
//! `setup` (ebb arguments run first), `setup-sql`, `after-setup: FILE=SQL` (edit and rehash
//! after the setup), `config` (ebb.toml, `\n` for new lines), `dialect` (postgres runs only
//! when EBB_TEST_POSTGRES_URL is set).

mod common;

use common::{ebb, ok, server, Kind, TempDir, TestDb};
use std::collections::BTreeMap;
use std::path::Path;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    if let Ok(entries) = std::fs::read_dir(from) {
        for e in entries {
            let e = e.unwrap();
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

fn edit(dir: &Path, spec: &str) {
    let (file, sql) = spec.split_once('=').expect("FILE=SQL");
    let p = dir.join(file.trim());
    if sql.is_empty() {
        std::fs::remove_file(p).unwrap();
    } else {
        std::fs::write(p, format!("{sql}\n")).unwrap();
    }
}

/// What a command may not change: the inspected schema and the revision rows.
fn state(root: &Path, db: &TestDb) -> String {
    let schema = ok(
        root,
        &["schema", "inspect", "--format", "json", "--url", &db.url],
    );
    let has_revisions = !db
        .rows(match db.kind {
            Kind::Sqlite => "SELECT name FROM sqlite_master WHERE name = 'ebb_schema_revisions'",
            _ => "SELECT table_name FROM information_schema.tables WHERE table_name = 'ebb_schema_revisions'",
        })
        .is_empty();
    let revisions = if has_revisions {
        format!(
            "{:?}",
            db.rows("SELECT version, applied, error FROM ebb_schema_revisions ORDER BY version")
        )
    } else {
        String::new()
    };
    format!("{schema}\n{revisions}")
}

#[test]
fn every_bad_input_gets_one_clear_error_and_changes_nothing() {
    let catalogue = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/bad-input");
    let mut names: Vec<_> = std::fs::read_dir(&catalogue)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut ran = 0;
    let mut failures = Vec::new();
    for name in &names {
        let text = std::fs::read_to_string(catalogue.join(name).join("case.txt")).unwrap();
        let case: BTreeMap<&str, &str> = text
            .lines()
            .filter_map(|l| l.split_once(": ").or_else(|| l.split_once(':')))
            .map(|(k, v)| (k.trim(), v))
            .collect();
        let kind = match case.get("dialect").copied() {
            Some("postgres") => Kind::Postgres,
            _ => Kind::Sqlite,
        };
        let Some(db) = server(kind, "bad") else {
            continue;
        };
        let tmp = TempDir::new("bad");
        let root = &tmp.0;
        let dir = root.join("migrations");
        copy_dir(&catalogue.join(name).join("migrations"), &dir);
        let dir_arg = format!("file://{}", dir.display());
        if let Some(cfg) = case.get("config") {
            std::fs::write(root.join("ebb.toml"), cfg.replace("\\n", "\n")).unwrap();
        }
        if case.get("hash").copied() != Some("no") {
            ok(root, &["migrate", "hash", "--dir", &dir_arg]);
        }
        if let Some(spec) = case.get("after-hash") {
            edit(&dir, spec);
        }
        let with_target = |args: &str| -> Vec<String> {
            let mut v: Vec<String> = args.split_whitespace().map(str::to_string).collect();
            let local = matches!(
                v.get(1).map(String::as_str),
                Some("new" | "hash" | "validate")
            );
            if case.get("raw").copied() != Some("yes") {
                if !local && !args.contains("--url") && !args.contains("--env") {
                    v.extend(["--url".to_string(), db.url.clone()]);
                }
                if !args.contains("--dir") {
                    v.extend(["--dir".to_string(), dir_arg.clone()]);
                }
            }
            v
        };
        if let Some(setup) = case.get("setup") {
            let a = with_target(setup);
            ok(root, &a.iter().map(String::as_str).collect::<Vec<_>>());
        }
        if let Some(sql) = case.get("setup-sql") {
            db.sql(sql);
        }
        if let Some(spec) = case.get("after-setup") {
            edit(&dir, spec);
            ok(root, &["migrate", "hash", "--dir", &dir_arg]);
        }
        let before = state(root, &db);
        let args = with_target(case["args"]);
        let o = ebb(root, &args.iter().map(String::as_str).collect::<Vec<_>>());
        let (out, err) = (
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        );
        let want_exit: i32 = case["exit"].trim().parse().unwrap();
        let errors = err.lines().filter(|l| l.starts_with("error:")).count();
        let mut why = Vec::new();
        if o.status.code() != Some(want_exit) {
            why.push(format!("exit {:?}, expected {want_exit}", o.status.code()));
        }
        if !err.contains(case["expect"]) {
            why.push(format!("stderr lacks {:?}", case["expect"]));
        }
        if errors != 1 {
            why.push(format!("{errors} error lines"));
        }
        if let Some(f) = case.get("forbid") {
            if out.contains(f) || err.contains(f) {
                why.push(format!("output shows {f:?}"));
            }
        }
        if state(root, &db) != before {
            why.push("the database changed".into());
        }
        if !why.is_empty() {
            failures.push(format!(
                "{name}: {}\n  stderr: {}",
                why.join("; "),
                err.trim()
            ));
        }
        ran += 1;
    }
    eprintln!("bad input: {ran} cases, {} failed", failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // PostgreSQL cases run only with EBB_TEST_POSTGRES_URL (CI sets it).
    let floor = if std::env::var_os("EBB_TEST_POSTGRES_URL").is_some() {
        60
    } else {
        50
    };
    assert!(ran >= floor, "only {ran} cases ran");
}
