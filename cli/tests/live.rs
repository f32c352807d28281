//! `ebb migrate …` against real databases: PostgreSQL and MariaDB when `EBB_TEST_*_URL` is
//! set (CI sets both), SQLite always. Each test works in databases of its own.

mod common;

use common::{
    args, assert_same_schema, databases, ebb, ok, reference, server, write_dir, Kind, TempDir,
    TestDb, F1, F2, F3,
};
use std::path::Path;

fn history(root: &Path) -> String {
    write_dir(root, "migrations", &[F1, F2, F3])
}

#[test]
fn apply_then_down_by_n_and_to_version_reach_the_target_schema() {
    let tmp = TempDir::new("down");
    let root = &tmp.0;
    let dir = history(root);
    for db in databases("down") {
        let out = ok(root, &args(&db, &dir, &["migrate", "apply"]));
        assert!(out.contains("3 file(s), 5 statement(s)"), "{out}");
        assert_eq!(db.revision_count(), 3);

        let out = ok(root, &args(&db, &dir, &["migrate", "down"]));
        assert!(out.contains("Reverting 003 → 002"), "{out}");
        assert!(out.contains("the database is at version 002"), "{out}");
        assert_eq!(db.revision_count(), 2);
        assert_same_schema(root, &db, &reference(root, db.kind, &dir, 2, "down_ref2"));

        // Re-apply, then two back by N.
        ok(root, &args(&db, &dir, &["migrate", "apply"]));
        ok(root, &args(&db, &dir, &["migrate", "down", "2"]));
        assert_eq!(db.revision_count(), 1);
        assert_same_schema(root, &db, &reference(root, db.kind, &dir, 1, "down_ref1"));

        // Everything, by version 0.
        ok(root, &args(&db, &dir, &["migrate", "apply"]));
        ok(
            root,
            &args(&db, &dir, &["migrate", "down", "--to-version", "0"]),
        );
        assert_eq!(db.revision_count(), 0);
        assert_same_schema(root, &db, &reference(root, db.kind, &dir, 0, "down_ref0"));

        // Nothing left to revert is not an error; N and --to-version exclude each other.
        let out = ok(root, &args(&db, &dir, &["migrate", "down"]));
        assert!(out.contains("Nothing to revert"), "{out}");
        let o = ebb(
            root,
            &args(&db, &dir, &["migrate", "down", "1", "--to-version", "0"]),
        );
        assert_eq!(o.status.code(), Some(2));
    }
}

#[test]
fn a_renamed_column_is_renamed_back_with_its_rows() {
    let tmp = TempDir::new("rename");
    let root = &tmp.0;
    let dir = history(root);
    for db in databases("rename") {
        ok(root, &args(&db, &dir, &["migrate", "apply"]));
        db.sql("INSERT INTO authors (id, full_name) VALUES (1, 'Ursula'), (2, 'Octavia')");
        let out = ok(root, &args(&db, &dir, &["migrate", "down"]));
        assert!(
            out.to_lowercase().contains("rename column"),
            "{:?}: expected a rename: {out}",
            db.kind
        );
        let rows = db.rows("SELECT name FROM authors ORDER BY id");
        assert_eq!(
            rows,
            vec![
                vec![Some("Ursula".to_string())],
                vec![Some("Octavia".to_string())]
            ],
            "{:?}",
            db.kind
        );
    }
}

#[test]
fn a_check_refuses_to_drop_a_column_that_holds_data_and_changes_nothing() {
    let tmp = TempDir::new("check");
    let root = &tmp.0;
    let dir = write_dir(root, "migrations", &[F1, F2]);
    for db in databases("check") {
        ok(root, &args(&db, &dir, &["migrate", "apply"]));
        db.sql("INSERT INTO authors (id, name) VALUES (1, 'Ann')");
        db.sql("INSERT INTO books (id, author_id, title, isbn) VALUES (1, 1, 'A', '978-3')");

        // A dry run runs the checks: it says the real run would be refused, and exits 1.
        let o = ebb(root, &args(&db, &dir, &["migrate", "down", "--dry-run"]));
        let (text, err) = (
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr),
        );
        assert_eq!(o.status.code(), Some(1), "{:?}: {text}{err}", db.kind);
        assert!(
            text.contains("check EB102 on books.isbn") && text.contains("... failed"),
            "{:?}: {text}",
            db.kind
        );
        assert!(
            err.contains("books.isbn") && err.contains("the real run would be refused"),
            "{:?}: {err}",
            db.kind
        );
        let o = ebb(
            root,
            &args(
                &db,
                &dir,
                &["migrate", "down", "--dry-run", "--format", "json"],
            ),
        );
        let dry: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(dry["ok"], false);
        assert_eq!(dry["steps"][0]["checks"][0]["ok"], false);
        assert_eq!(dry["steps"][0]["checks"][0]["check"]["column"], "isbn");
        assert!(dry["steps"][0]["statements"]
            .as_array()
            .is_some_and(|s| !s.is_empty()));

        let o = ebb(root, &args(&db, &dir, &["migrate", "down"]));
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{:?}: {err}", db.kind);
        assert!(
            err.contains("books.isbn") && err.contains("nothing was changed"),
            "{:?}: {err}",
            db.kind
        );
        assert_eq!(db.revision_count(), 2);
        assert_eq!(
            db.rows("SELECT isbn FROM books"),
            vec![vec![Some("978-3".to_string())]]
        );
        assert_same_schema(root, &db, &reference(root, db.kind, &dir, 2, "check_ref"));

        // JSON says the same for CI.
        let o = ebb(
            root,
            &args(&db, &dir, &["migrate", "down", "--format", "json"]),
        );
        let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(doc["ok"], false);
        assert_eq!(doc["steps"][0]["checks"][0]["check"]["table"], "books");
        assert_eq!(doc["steps"][0]["checks"][0]["check"]["column"], "isbn");

        // Every refusal at once, so the data can be dealt with in one go: a down to 0 would
        // also drop both tables.
        let o = ebb(
            root,
            &args(&db, &dir, &["migrate", "down", "--to-version", "0"]),
        );
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{:?}: {err}", db.kind);
        let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error")).collect();
        assert_eq!(errors.len(), 1, "{:?}: {err}", db.kind);
        assert!(
            errors[0].contains("more: EB")
                && errors[0].contains(" on authors")
                && errors[0].contains(" on books")
                && errors[0].contains("nothing was changed"),
            "{:?}: {err}",
            db.kind
        );
        assert_eq!(db.revision_count(), 2);
        assert_same_schema(root, &db, &reference(root, db.kind, &dir, 2, "check_ref0"));
    }
}

#[test]
fn a_dry_run_prints_the_plan_and_changes_nothing() {
    let tmp = TempDir::new("dry");
    let root = &tmp.0;
    let dir = history(root);
    for db in databases("dry") {
        ok(root, &args(&db, &dir, &["migrate", "apply"]));
        let out = ok(
            root,
            &args(
                &db,
                &dir,
                &["migrate", "down", "--to-version", "0", "--dry-run"],
            ),
        );
        assert!(out.to_lowercase().contains("drop table"), "{out}");
        assert!(out.contains("check EB101"), "{out}");
        // The checks ran, and hold: the tables are empty.
        assert!(
            out.contains("-> check EB101 on books") && out.contains("... ok"),
            "{out}"
        );
        assert_eq!(db.revision_count(), 3);
        assert_same_schema(root, &db, &reference(root, db.kind, &dir, 3, "dry_ref"));
        let out = ok(
            root,
            &args(&db, &dir, &["migrate", "status", "--format", "json"]),
        );
        let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(doc["current"], "003");
        assert_eq!(doc["pending"], serde_json::json!([]));
    }
}

#[test]
fn an_older_directory_reverts_newer_files_from_the_stored_sql() {
    let tmp = TempDir::new("older");
    let root = &tmp.0;
    let full = history(root);
    let old = write_dir(root, "release-1", &[F1]);
    for db in databases("older") {
        ok(root, &args(&db, &full, &["migrate", "apply"]));
        let out = ok(root, &args(&db, &old, &["migrate", "status"]));
        assert!(out.contains("not in the directory"), "{out}");
        ok(
            root,
            &args(&db, &old, &["migrate", "down", "--to-version", "001"]),
        );
        assert_eq!(db.revision_count(), 1);
        assert_same_schema(root, &db, &reference(root, db.kind, &full, 1, "older_ref"));
    }
}

#[test]
fn an_edited_file_or_a_missing_sum_is_refused_before_connecting() {
    let tmp = TempDir::new("sum");
    let root = &tmp.0;
    let dir = history(root);
    std::fs::write(
        root.join("migrations").join(F2.0),
        "ALTER TABLE books ADD COLUMN isbn varchar(30);\n",
    )
    .unwrap();
    // The URL points nowhere: the directory is refused first, with the file named.
    let o = ebb(
        root,
        &[
            "migrate",
            "apply",
            "--url",
            "postgres://u:hunter2@127.0.0.1:1/x",
            "--dir",
            &dir,
        ],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("002_isbn.sql was edited"), "{err}");
    std::fs::remove_file(root.join("migrations").join("ebb.sum")).unwrap();
    let o = ebb(root, &["migrate", "apply", "--dir", &dir]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("ebb.sum is missing"), "{err}");
}

#[test]
fn an_unreachable_server_is_one_sentence_without_the_password() {
    let tmp = TempDir::new("unreach");
    let root = &tmp.0;
    let dir = history(root);
    for url in [
        "postgres://alice:hunter2@127.0.0.1:1/app",
        "mysql://alice:hunter2@127.0.0.1:1/app",
    ] {
        let o = ebb(root, &["migrate", "status", "--url", url, "--dir", &dir]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(err.starts_with("error: cannot connect to "), "{err}");
        assert!(err.contains("alice:****@127.0.0.1:1"), "{err}");
        assert!(!err.contains("hunter2"), "{err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    }
    let o = ebb(
        root,
        &["migrate", "status", "--url", "oracle://x", "--dir", &dir],
    );
    assert_eq!(o.status.code(), Some(2));
    let o = ebb(root, &["migrate", "status", "--dir", "file://no/such/dir"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("no such file or directory"), "{err}");
}

#[test]
fn a_target_that_is_not_an_applied_version_below_the_current_one_is_refused() {
    let tmp = TempDir::new("unknown");
    let root = &tmp.0;
    let dir = history(root);
    let db = server(Kind::Sqlite, "unknown").unwrap();
    ok(root, &args(&db, &dir, &["migrate", "apply"]));
    for (target, says) in [
        (
            "0025",
            "target version 0025 is not below the current version 003",
        ),
        ("3", "target version 3 is not below the current version 003"),
        ("v2", "unknown version v2"),
    ] {
        let o = ebb(
            root,
            &args(&db, &dir, &["migrate", "down", "--to-version", target]),
        );
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains(says), "{err}");
    }
    assert_eq!(db.revision_count(), 3);
}

#[test]
fn the_default_database_is_a_sqlite_file_in_the_working_directory() {
    let tmp = TempDir::new("default");
    let root = &tmp.0;
    history(root);
    let out = ok(root, &["migrate", "apply"]);
    assert!(out.contains("on sqlite://ebb.db"), "{out}");
    assert!(root.join("ebb.db").exists());
    let out = ok(root, &["migrate", "down"]);
    assert!(out.contains("Reverting 003 → 002"), "{out}");

    // A .env in the working directory supplies DATABASE_URL (sqlx-cli's convention); the
    // environment and --url still win.
    std::fs::write(
        root.join(".env"),
        "# local\nDATABASE_URL=sqlite://from_env.db\n",
    )
    .unwrap();
    let out = ok(root, &["migrate", "apply"]);
    assert!(out.contains("on sqlite://from_env.db"), "{out}");
    let out = ok(root, &["migrate", "status", "--url", "sqlite://ebb.db"]);
    assert!(out.contains("Current version: 002"), "{out}");
    std::fs::write(root.join(".env"), "DATABASE_URL='unterminated\n").unwrap();
    let o = ebb(root, &["migrate", "status"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).starts_with("error: cannot read .env"));
}

#[test]
fn a_partially_applied_file_is_resumed_or_reverted() {
    let tmp = TempDir::new("partial");
    let root = &tmp.0;
    let f4 = (
        "004_pages.sql",
        "ALTER TABLE books ADD COLUMN pages integer;\nCREATE UNIQUE INDEX books_title_key ON books (title);\n",
    );
    let dir = write_dir(root, "migrations", &[F1, F2, F3, f4]);
    for db in databases("partial") {
        ok(root, &args(&db, &dir, &["migrate", "apply", "3"]));
        db.sql("INSERT INTO authors (id, full_name) VALUES (1, 'Ann')");
        db.sql("INSERT INTO books (id, author_id, title) VALUES (1, 1, 'Same'), (2, 1, 'Same')");
        let o = ebb(root, &args(&db, &dir, &["migrate", "apply"]));
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{:?}: {err}", db.kind);
        assert!(
            err.contains("004_pages.sql statement 2 of 2 failed"),
            "{err}"
        );
        let out = ok(
            root,
            &args(&db, &dir, &["migrate", "status", "--format", "json"]),
        );
        let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
        if db.kind == Kind::Mysql {
            // MySQL keeps the first statement (DDL commits): the row says so.
            assert_eq!(doc["partial"]["version"], "004", "{out}");
            assert_eq!(doc["partial"]["applied"], 1, "{out}");
            assert!(doc["partial"]["statement"]
                .as_str()
                .unwrap()
                .contains("UNIQUE INDEX"));
            // Reverting the partial file takes the database back to version 003.
            let out = ok(root, &args(&db, &dir, &["migrate", "down"]));
            assert!(out.contains("the database is at version 003"), "{out}");
        } else {
            // The file was rolled back: nothing says it ran, even in part.
            assert_eq!(doc["partial"], serde_json::Value::Null, "{out}");
            assert_eq!(doc["current"], "003", "{out}");
        }
        assert_same_schema(root, &db, &reference(root, db.kind, &dir, 3, "partial_ref"));
        assert_eq!(db.revision_count(), 3);

        // With the duplicate gone, apply runs the file again and completes it.
        db.sql("DELETE FROM books WHERE id = 2");
        ok(root, &args(&db, &dir, &["migrate", "apply"]));
        assert_eq!(db.revision_count(), 4);
        let out = ok(
            root,
            &args(&db, &dir, &["migrate", "status", "--format", "json"]),
        );
        assert!(out.contains("\"current\": \"004\""), "{out}");
    }
}

#[test]
fn baseline_marks_existing_files_and_apply_runs_only_the_rest() {
    let tmp = TempDir::new("baseline");
    let root = &tmp.0;
    let dir = history(root);
    for db in databases("baseline") {
        // A database created by other means, at version 001.
        let (_, sql) = F1;
        for st in sql.split(";\n").filter(|s| !s.trim().is_empty()) {
            db.sql(st);
        }
        let out = ok(
            root,
            &args(&db, &dir, &["migrate", "apply", "--baseline", "001"]),
        );
        assert!(
            out.contains("Baseline: 1 file(s) up to version 001"),
            "{out}"
        );
        assert!(
            out.contains("migrating version 002") && !out.contains("migrating version 001"),
            "{out}"
        );
        assert_eq!(db.revision_count(), 3);
        assert_same_schema(
            root,
            &db,
            &reference(root, db.kind, &dir, 3, "baseline_ref"),
        );
        // The baseline file can be reverted like any other: its SQL was recorded.
        ok(
            root,
            &args(&db, &dir, &["migrate", "down", "--to-version", "0"]),
        );
        assert_same_schema(
            root,
            &db,
            &reference(root, db.kind, &dir, 0, "baseline_ref0"),
        );
    }
}

#[test]
fn tx_mode_all_rolls_every_file_back_on_failure() {
    let tmp = TempDir::new("txall");
    let root = &tmp.0;
    let bad = ("004_bad.sql", "CREATE TABLE extra (id integer PRIMARY KEY);\nCREATE UNIQUE INDEX books_title_key ON books (title);\n");
    let dir = write_dir(root, "migrations", &[F1, F2, F3, bad]);
    for db in databases("txall") {
        if db.kind == Kind::Mysql {
            // DDL commits by itself on MySQL: --tx-mode all cannot hold anything back there.
            continue;
        }
        ok(root, &args(&db, &dir, &["migrate", "apply", "1"]));
        db.sql("INSERT INTO books (id, title) VALUES (1, 'Same'), (2, 'Same')");
        let o = ebb(
            root,
            &args(&db, &dir, &["migrate", "apply", "--tx-mode", "all"]),
        );
        assert_eq!(o.status.code(), Some(1), "{:?}", db.kind);
        // 002..004 all rolled back: still at 001, no `extra`, no `isbn`.
        assert_eq!(db.revision_count(), 1, "{:?}", db.kind);
        assert_same_schema(root, &db, &reference(root, db.kind, &dir, 1, "txall_ref"));
        // --tx-mode none keeps what ran, statement by statement.
        let o = ebb(
            root,
            &args(&db, &dir, &["migrate", "apply", "--tx-mode", "none"]),
        );
        assert_eq!(o.status.code(), Some(1), "{:?}", db.kind);
        let out = ok(
            root,
            &args(&db, &dir, &["migrate", "status", "--format", "json"]),
        );
        let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(doc["current"], "003", "{out}");
        assert_eq!(doc["partial"]["applied"], 1, "{out}");
    }
    // A file that must run outside a transaction cannot join one for all: refused before
    // anything runs, naming the file and the flag.
    let lone = (
        "002_lone.sql",
        "-- ebb:txmode none\nCREATE TABLE lone (id integer PRIMARY KEY);\n",
    );
    let dir = write_dir(root, "lone", &[F1, lone]);
    for db in databases("txall_lone") {
        if db.kind == Kind::Mysql {
            continue;
        }
        let o = ebb(
            root,
            &args(&db, &dir, &["migrate", "apply", "--tx-mode", "all"]),
        );
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(
            err.contains("002_lone.sql is marked `-- ebb:txmode none` and cannot run inside one transaction with the other files (--tx-mode all)"),
            "{err}"
        );
        assert_eq!(db.revision_count(), 0, "{:?}: nothing ran", db.kind);
    }
}

#[test]
fn schema_inspect_prints_sql_that_recreates_the_database_and_json() {
    let tmp = TempDir::new("inspect");
    let root = &tmp.0;
    let dir = history(root);
    for db in databases("inspect") {
        ok(root, &args(&db, &dir, &["migrate", "apply"]));
        let sql = ok(root, &["schema", "inspect", "--url", &db.url]);
        std::fs::write(root.join("dump.sql"), &sql).unwrap();
        let dump = format!("file://{}", root.join("dump.sql").display());
        let same = ok(root, &["schema", "diff", "--from", &db.url, "--to", &dump]);
        assert_eq!(
            same.trim(),
            "-- the schemas are equal",
            "{:?}:\n{sql}",
            db.kind
        );
        assert!(!sql.contains("ebb_schema_revisions"), "{sql}");
        let json = ok(
            root,
            &["schema", "inspect", "--url", &db.url, "--format", "json"],
        );
        let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
        let tables: Vec<&str> = doc["tables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap())
            .collect();
        assert_eq!(tables, ["authors", "books"], "{:?}", db.kind);
    }
}

#[test]
fn mysql_apply_resumes_a_file_after_its_last_applied_statement() {
    let tmp = TempDir::new("resume");
    let root = &tmp.0;
    let f4 = (
        "004_pages.sql",
        "ALTER TABLE books ADD COLUMN pages integer;\nCREATE UNIQUE INDEX books_title_key ON books (title);\n",
    );
    let dir = write_dir(root, "migrations", &[F1, F2, F3, f4]);
    let Some(db) = server(Kind::Mysql, "resume") else {
        return;
    };
    ok(root, &args(&db, &dir, &["migrate", "apply", "3"]));
    db.sql("INSERT INTO authors (id, full_name) VALUES (1, 'Ann')");
    db.sql("INSERT INTO books (id, author_id, title) VALUES (1, 1, 'Same'), (2, 1, 'Same')");
    assert_eq!(
        ebb(root, &args(&db, &dir, &["migrate", "apply"]))
            .status
            .code(),
        Some(1)
    );
    db.sql("DELETE FROM books WHERE id = 2");
    // `pages` exists already; running statement 1 again would fail.
    let out = ok(root, &args(&db, &dir, &["migrate", "apply"]));
    assert!(out.contains("resuming after statement 1 of 2"), "{out}");
    assert!(!out.contains("ADD COLUMN pages"), "{out}");
    assert_same_schema(root, &db, &reference(root, db.kind, &dir, 4, "resume_ref"));

    // A file edited after it was partly applied is not resumed.
    let db2 = server(Kind::Mysql, "resume2").unwrap();
    ok(root, &args(&db2, &dir, &["migrate", "apply", "3"]));
    db2.sql("INSERT INTO books (id, title) VALUES (1, 'Same'), (2, 'Same')");
    assert_eq!(
        ebb(root, &args(&db2, &dir, &["migrate", "apply"]))
            .status
            .code(),
        Some(1)
    );
    let edited = dir.trim_start_matches("file://").to_string();
    std::fs::write(
        Path::new(&edited).join("004_pages.sql"),
        "ALTER TABLE books ADD COLUMN pages bigint;\nCREATE UNIQUE INDEX books_title_key ON books (title);\n",
    )
    .unwrap();
    ok(root, &["migrate", "hash", "--dir", &dir]);
    let o = ebb(root, &args(&db2, &dir, &["migrate", "apply"]));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("004_pages.sql was edited after it was applied"),
        "{err}"
    );
}

#[test]
fn hostile_identifiers_round_trip_as_identifiers() {
    let tmp = TempDir::new("hostile");
    let root = &tmp.0;
    for db in databases("hostile") {
        // Quotes, semicolons, backticks, spaces, non-ASCII letters and a 63-byte name.
        let long = "l".repeat(63);
        let (q1, q2) = match db.kind {
            Kind::Mysql => ("`", "``"),
            _ => ("\"", "\"\""),
        };
        let id = |s: &str| format!("{q1}{}{q1}", s.replace(q1, q2));
        let table = id("we;ird\"ta`ble");
        let f1 = format!(
            "CREATE TABLE {table} ({} integer PRIMARY KEY, {} varchar(20), {} integer);\n",
            id("id; DROP TABLE x"),
            id("naïve name"),
            id(&long)
        );
        let f2 = format!(
            "ALTER TABLE {table} RENAME COLUMN {} TO {};\nALTER TABLE {table} ADD COLUMN {} text;\n",
            id("naïve name"),
            id("ünïcödé; \"quoted\""),
            id("`tick`")
        );
        let dir = write_dir(
            root,
            &format!("m_{:?}", db.kind),
            &[("001_init.sql", &f1), ("002_rename.sql", &f2)],
        );
        ok(root, &args(&db, &dir, &["migrate", "apply"]));
        db.sql(&format!(
            "INSERT INTO {table} ({}, {}) VALUES (1, 'kept')",
            id("id; DROP TABLE x"),
            id("ünïcödé; \"quoted\"")
        ));
        let out = ok(root, &args(&db, &dir, &["migrate", "down"]));
        assert!(
            out.contains("the database is at version 001"),
            "{:?}: {out}",
            db.kind
        );
        assert_eq!(
            db.rows(&format!("SELECT {} FROM {table}", id("naïve name"))),
            vec![vec![Some("kept".to_string())]],
            "{:?}",
            db.kind
        );
        assert_same_schema(root, &db, &reference(root, db.kind, &dir, 1, "hostile_ref"));
    }
}

/// Unquoted names with upper-case letters beyond ASCII (a German or French project's
/// `Übersicht`, `Größe`): PostgreSQL folds only A–Z (`Übersicht` stays `Übersicht`, `ÉTAT`
/// becomes `État`); MySQL and SQLite keep them as written. Replay must name them as the
/// database does, or the revert meets a table it does not know and would drop it.
#[test]
fn unquoted_non_ascii_names_are_folded_as_each_database_folds_them() {
    let tmp = TempDir::new("foldnames");
    let root = &tmp.0;
    for db in databases("foldnames") {
        let dir = write_dir(
            root,
            &format!("m_{:?}", db.kind),
            &[
                (
                    "001_init.sql",
                    "CREATE TABLE Übersicht (Id integer PRIMARY KEY, Größe integer, ÉTAT varchar(20));\n\
                     CREATE INDEX Übersicht_ÉTAT ON Übersicht (ÉTAT);\n",
                ),
                (
                    "002_note.sql",
                    "ALTER TABLE Übersicht ADD COLUMN Notiz text;\n\
                     ALTER TABLE Übersicht RENAME COLUMN ÉTAT TO Zustand;\n",
                ),
            ],
        );
        ok(root, &args(&db, &dir, &["migrate", "apply"]));
        db.sql("INSERT INTO Übersicht (Id, Größe, Zustand) VALUES (1, 7, 'offen')");
        let out = ok(root, &args(&db, &dir, &["migrate", "down"]));
        assert!(
            out.contains("the database is at version 001") && !out.contains("drift"),
            "{:?}: {out}",
            db.kind
        );
        assert_eq!(
            db.rows("SELECT Größe, ÉTAT FROM Übersicht"),
            vec![vec![Some("7".to_string()), Some("offen".to_string())]],
            "{:?}",
            db.kind
        );
        assert_same_schema(
            root,
            &db,
            &reference(root, db.kind, &dir, 1, "foldnames_ref"),
        );
    }
}

/// A down undoes only what the reverted files did: an index and a table made by hand in
/// production (with rows) survive an unrelated revert, reported as drift; `schema diff` from
/// the directory shows them; `--exact` removes them, its checks refusing the table while it
/// holds rows.
#[test]
fn hand_made_index_and_table_survive_an_unrelated_revert_and_exact_removes_them() {
    let tmp = TempDir::new("drift");
    let root = &tmp.0;
    let dir = history(root);
    for db in databases("drift") {
        ok(root, &args(&db, &dir, &["migrate", "apply"]));
        db.sql("CREATE INDEX books_author_hand ON books (author_id, title)");
        db.sql("CREATE TABLE hotfix_notes (id integer PRIMARY KEY, note varchar(100) NOT NULL)");
        db.sql("INSERT INTO hotfix_notes (id, note) VALUES (1, 'kept'), (2, 'also kept')");
        db.sql("INSERT INTO authors (id, full_name) VALUES (1, 'Ursula')");

        let drift = ok(
            root,
            &[
                "schema",
                "diff",
                "--from",
                &format!("{dir}?version=003"),
                "--to",
                &db.url,
            ],
        );
        assert!(
            drift.contains("books_author_hand") && drift.contains("hotfix_notes"),
            "{:?}: {drift}",
            db.kind
        );

        let o = ebb(root, &args(&db, &dir, &["migrate", "down"]));
        let (out, err) = (
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr),
        );
        assert!(o.status.success(), "{:?}: {out}{err}", db.kind);
        assert!(out.contains("Reverting 003 → 002"), "{out}");
        assert!(
            err.contains("warning[EW010]") && err.contains("books_author_hand"),
            "{:?}: drift is reported: {err}",
            db.kind
        );
        assert_eq!(db.revision_count(), 2);
        assert_eq!(
            db.rows("SELECT note FROM hotfix_notes ORDER BY id"),
            vec![
                vec![Some("kept".to_string())],
                vec![Some("also kept".to_string())]
            ],
            "{:?}: the hotfix table keeps its rows",
            db.kind
        );
        assert_eq!(
            db.rows("SELECT name FROM authors"),
            vec![vec![Some("Ursula".to_string())]]
        );
        // The reference at 002 plus the same hand-made objects is what the database is now.
        let want = reference(root, db.kind, &dir, 2, "drift_ref");
        want.sql("CREATE INDEX books_author_hand ON books (author_id, title)");
        want.sql("CREATE TABLE hotfix_notes (id integer PRIMARY KEY, note varchar(100) NOT NULL)");
        assert_same_schema(root, &db, &want);

        // --exact reverts the drift too, but not the rows of the hotfix table.
        ok(root, &args(&db, &dir, &["migrate", "apply"]));
        let o = ebb(root, &args(&db, &dir, &["migrate", "down", "--exact"]));
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{:?}: {err}", db.kind);
        assert!(
            err.contains("EB101") && err.contains("hotfix_notes"),
            "{:?}: {err}",
            db.kind
        );
        assert_eq!(
            db.revision_count(),
            3,
            "{:?}: a refused down changes nothing",
            db.kind
        );
        db.sql("DELETE FROM hotfix_notes");
        ok(root, &args(&db, &dir, &["migrate", "down", "--exact"]));
        assert_same_schema(
            root,
            &db,
            &reference(root, db.kind, &dir, 2, "drift_exact_ref"),
        );
    }
}

/// Reverting a file that dropped a uniquely indexed column re-adds the column and its index:
/// the check for duplicates cannot query a column that is not there yet, so the planner
/// reasons about it (a re-added nullable column holds only NULLs; one with a default holds one
/// value in every row). The same file reverts on all three databases, with rows.
#[test]
fn a_uniquely_indexed_column_comes_back_without_querying_it() {
    let tmp = TempDir::new("uniqueback");
    let root = &tmp.0;
    for db in databases("uniqueback") {
        // MySQL names the table in DROP INDEX; the others do not.
        let on = |t: &str| {
            if db.kind == Kind::Mysql {
                format!(" ON {t}")
            } else {
                String::new()
            }
        };
        let f3 = format!(
            "DROP INDEX users_email_key{};\nALTER TABLE users DROP COLUMN email;\n",
            on("users")
        );
        let f4 = format!(
            "DROP INDEX settings_name{};\nALTER TABLE settings DROP COLUMN name;\n",
            on("settings")
        );
        let dir = write_dir(
            root,
            &format!("migrations_{:?}", db.kind),
            &[
                (
                    "001_tables.sql",
                    "CREATE TABLE users (id integer PRIMARY KEY, email varchar(200));\n\
                     CREATE TABLE settings (id integer PRIMARY KEY, name varchar(50) NOT NULL DEFAULT 'main');\n",
                ),
                (
                    "002_unique.sql",
                    "CREATE UNIQUE INDEX users_email_key ON users (email);\n\
                     CREATE UNIQUE INDEX settings_name ON settings (name);\n",
                ),
                ("003_drop.sql", &f3),
                ("004_drop.sql", &f4),
            ],
        );
        ok(root, &args(&db, &dir, &["migrate", "apply"]));
        db.sql("INSERT INTO users (id) VALUES (1), (2), (3)");
        db.sql("INSERT INTO settings (id) VALUES (1), (2)");
        // Two settings rows would both get name 'main': the unique index cannot come back.
        let o = ebb(
            root,
            &args(&db, &dir, &["migrate", "down", "--to-version", "002"]),
        );
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{:?}: {err}", db.kind);
        assert!(
            err.contains("check EB104 failed on settings.name"),
            "{:?}: {err}",
            db.kind
        );
        assert_eq!(db.revision_count(), 4, "{:?}", db.kind);
        db.sql("DELETE FROM settings WHERE id = 2");
        ok(
            root,
            &args(&db, &dir, &["migrate", "down", "--to-version", "002"]),
        );
        assert_same_schema(
            root,
            &db,
            &reference(root, db.kind, &dir, 2, "uniqueback_ref"),
        );
        assert_eq!(
            db.rows("SELECT COUNT(*) FROM users WHERE email IS NULL"),
            vec![vec![Some("3".to_string())]]
        );
    }
}

/// Dropping a column whose every value is its constant default loses nothing (re-applying
/// the file puts the values back): a revert past a defaulted column on a seeded table runs.
/// A value that differs from the default only in case or trailing spaces is data, even where
/// the column's collation calls the two equal.
#[test]
fn values_equal_to_a_constant_default_are_not_data() {
    let tmp = TempDir::new("defaults");
    let root = &tmp.0;
    let dir = write_dir(
        root,
        "migrations",
        &[
            (
                "001_plans.sql",
                "CREATE TABLE plans (id integer PRIMARY KEY, name varchar(50) NOT NULL);\n\
                 INSERT INTO plans (id, name) VALUES (1, 'free'), (2, 'team'), (3, 'enterprise');\n",
            ),
            (
                "002_tiers.sql",
                "ALTER TABLE plans ADD COLUMN tier varchar(20) NOT NULL DEFAULT 'standard';\n\
                 ALTER TABLE plans ADD COLUMN seats integer DEFAULT 5;\n",
            ),
        ],
    );
    for db in databases("defaults") {
        ok(root, &args(&db, &dir, &["migrate", "apply"]));
        db.sql("UPDATE plans SET seats = NULL WHERE id = 3");
        ok(root, &args(&db, &dir, &["migrate", "down"]));
        assert_same_schema(
            root,
            &db,
            &reference(root, db.kind, &dir, 1, "defaults_ref"),
        );

        ok(root, &args(&db, &dir, &["migrate", "apply"]));
        for (update, column) in [
            (
                "UPDATE plans SET tier = 'Standard' WHERE id = 2",
                "plans.tier",
            ),
            (
                "UPDATE plans SET tier = 'standard ' WHERE id = 2",
                "plans.tier",
            ),
            (
                "UPDATE plans SET tier = 'standard', seats = 50 WHERE id = 2",
                "plans.seats",
            ),
        ] {
            db.sql(update);
            let o = ebb(root, &args(&db, &dir, &["migrate", "down"]));
            let err = String::from_utf8_lossy(&o.stderr);
            assert_eq!(o.status.code(), Some(1), "{:?} {update}: {err}", db.kind);
            assert!(
                err.contains(&format!("check EB102 failed on {column}")),
                "{:?} {update}: {err}",
                db.kind
            );
            assert_eq!(db.revision_count(), 2, "{:?}", db.kind);
        }
    }
}

/// The release before the first migration has an empty migration directory, or none at all:
/// `migrate down --to-version 0` from it reverts everything with the SQL recorded in the
/// revision table.
#[test]
fn everything_reverts_from_an_empty_or_missing_directory() {
    let tmp = TempDir::new("emptydir");
    let root = &tmp.0;
    let dir = history(root);
    std::fs::create_dir_all(root.join("empty")).unwrap();
    let empty = format!("file://{}", root.join("empty").display());
    let missing = format!("file://{}", root.join("not_there").display());
    for db in databases("emptydir") {
        for older in [&empty, &missing] {
            ok(root, &args(&db, &dir, &["migrate", "apply"]));
            let out = ok(
                root,
                &args(&db, older, &["migrate", "down", "--to-version", "0"]),
            );
            assert!(
                out.contains("SQL recorded in ebb_schema_revisions"),
                "{out}"
            );
            assert_eq!(db.revision_count(), 0, "{:?} {older}", db.kind);
            assert_same_schema(
                root,
                &db,
                &reference(root, db.kind, &dir, 0, "emptydir_ref"),
            );
        }
        // Applying still needs files.
        let o = ebb(root, &args(&db, &empty, &["migrate", "apply"]));
        assert_eq!(o.status.code(), Some(2), "{:?}", db.kind);
    }
}

/// A hand-made rebuild keeps the old table under a backup name and creates a new one under the
/// old name. Reverting past both files restores the backup and then drops it: the drop's
/// check must read the backup's rows before anything runs (on MariaDB an earlier step cannot
/// be rolled back), not the new, empty table that has the name today.
#[test]
fn a_check_on_a_table_an_earlier_step_renames_back_reads_it_before_anything_runs() {
    let tmp = TempDir::new("renamed_back");
    let root = &tmp.0;
    let dir = write_dir(
        root,
        "migrations",
        &[
            (
                "001_tags.sql",
                "CREATE TABLE tag (id integer PRIMARY KEY, name varchar(20) NOT NULL);\n",
            ),
            (
                "002_seed.sql",
                "INSERT INTO tag (id, name) VALUES (1, 'news'), (2, 'howto');\n",
            ),
            (
                "003_tag_rebuilt.sql",
                "ALTER TABLE tag RENAME TO tag_backup;\n\
                 CREATE TABLE tag (id integer PRIMARY KEY, name varchar(20) NOT NULL, \
                 color varchar(7) NOT NULL DEFAULT '#cccccc');\n",
            ),
        ],
    );
    for db in databases("renamed_back") {
        ok(root, &args(&db, &dir, &["migrate", "apply"]));
        let o = ebb(
            root,
            &args(&db, &dir, &["migrate", "down", "--to-version", "0"]),
        );
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{:?}: {err}", db.kind);
        assert!(
            err.contains("check EB101 failed on tag") && err.contains("nothing was changed"),
            "{:?}: {err}",
            db.kind
        );
        assert_eq!(db.revision_count(), 3, "{:?}", db.kind);
        assert_eq!(
            db.rows("SELECT count(*) FROM tag_backup"),
            vec![vec![Some("2".to_string())]],
            "{:?}",
            db.kind
        );
        assert_same_schema(
            root,
            &db,
            &reference(root, db.kind, &dir, 3, "renamed_back_ref"),
        );

        // With the rows gone the same revert runs to the end.
        db.sql("DELETE FROM tag_backup");
        ok(
            root,
            &args(&db, &dir, &["migrate", "down", "--to-version", "0"]),
        );
        assert_eq!(db.revision_count(), 0, "{:?}", db.kind);
    }
}

#[test]
fn read_only_commands_create_no_sqlite_file_and_runs_leave_no_lock_file() {
    let tmp = TempDir::new("typo");
    let root = &tmp.0;
    let dir = history(root);
    for cmd in [
        &[
            "migrate",
            "status",
            "--url",
            "sqlite://typo.db",
            "--dir",
            &dir,
        ][..],
        &["schema", "inspect", "--url", "sqlite://typo.db"],
        &[
            "migrate",
            "down",
            "--url",
            "sqlite://typo.db",
            "--dir",
            &dir,
        ],
        &[
            "migrate",
            "down",
            "--dry-run",
            "--url",
            "sqlite://typo.db",
            "--dir",
            &dir,
        ],
    ] {
        let o = ebb(root, cmd);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{cmd:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{cmd:?}: {err}");
        assert!(
            err.starts_with("error: no SQLite database at typo.db"),
            "{cmd:?}: {err}"
        );
        assert!(!root.join("typo.db").exists(), "{cmd:?} created typo.db");
    }
    // Commands that write create it, as sqlx-cli and Atlas do; nothing is left beside it.
    ok(
        root,
        &[
            "migrate",
            "apply",
            "--url",
            "sqlite://app.db",
            "--dir",
            &dir,
        ],
    );
    ok(
        root,
        &["migrate", "down", "--url", "sqlite://app.db", "--dir", &dir],
    );
    let mut names: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("app.db"))
        .collect();
    names.sort();
    assert_eq!(names, ["app.db"]);
    // A first apply whose directory does not replay fails before the file is made.
    let bad = write_dir(
        root,
        "bad",
        &[(
            "001_init.sql",
            "CREATE TABLE t (\n  id integer NOT NULL,\n  name text NOT NULL NOT\n);\n",
        )],
    );
    let o = ebb(
        root,
        &[
            "migrate",
            "apply",
            "--url",
            "sqlite://new.db",
            "--dir",
            &bad,
        ],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.starts_with("error: 001_init.sql:3:"), "{err}");
    assert!(
        !root.join("new.db").exists(),
        "a failed apply created new.db"
    );
    // A dry run previews the first apply without making the file.
    let out = ok(
        root,
        &[
            "migrate",
            "apply",
            "--dry-run",
            "--url",
            "sqlite://new.db",
            "--dir",
            &dir,
        ],
    );
    assert!(
        out.contains("on sqlite://new.db") && out.contains("CREATE TABLE"),
        "{out}"
    );
    assert!(!root.join("new.db").exists(), "a dry run created new.db");
}

#[test]
fn a_reader_that_goes_away_never_stops_a_run_half_way() {
    use std::io::BufRead;
    use std::process::{Command, Stdio};
    let tmp = TempDir::new("pipe");
    let root = &tmp.0;
    let dir = history(root);
    // `ebb migrate apply | head -1`: the first line read, the pipe closed, the run goes on.
    let first_line_then_close = |a: &[&str]| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ebb"))
            .args(a)
            .current_dir(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let o = child.wait_with_output().unwrap();
        (
            line,
            o.status.code(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    for db in databases("pipe") {
        let (line, code, err) = first_line_then_close(&args(&db, &dir, &["migrate", "apply"]));
        assert!(line.starts_with("Migrating to version 003"), "{line}");
        assert_eq!(code, Some(0), "{:?}: {err}", db.kind);
        assert!(!err.contains("panicked"), "{err}");
        assert_eq!(db.revision_count(), 3, "{:?}", db.kind);
        let (_, code, err) =
            first_line_then_close(&args(&db, &dir, &["migrate", "down", "--to-version", "0"]));
        assert_eq!(code, Some(0), "{:?}: {err}", db.kind);
        assert_eq!(db.revision_count(), 0, "{:?}", db.kind);
        let doc: serde_json::Value = serde_json::from_str(&ok(
            root,
            &["schema", "inspect", "--format", "json", "--url", &db.url],
        ))
        .unwrap();
        assert_eq!(doc["tables"], serde_json::json!([]), "{:?}", db.kind);
    }
}

#[test]
fn a_file_that_failed_and_was_rolled_back_is_not_applied_and_applies_once_fixed() {
    let tmp = TempDir::new("fixed");
    let root = &tmp.0;
    let bad = (
        "002_unique_names.sql",
        "CREATE UNIQUE INDEX authors_name ON authors (name);\n",
    );
    for db in databases("fixed") {
        let dir = write_dir(root, &format!("m_{:?}", db.kind), &[F1, bad]);
        ok(root, &args(&db, &dir, &["migrate", "apply", "1"]));
        db.sql("INSERT INTO authors (id, name) VALUES (1, 'Ann'), (2, 'Ann')");
        // Two authors share a name: the unique index fails when it runs.
        let o = ebb(root, &args(&db, &dir, &["migrate", "apply"]));
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{:?}: {err}", db.kind);
        let doc: serde_json::Value = serde_json::from_str(&ok(
            root,
            &args(&db, &dir, &["migrate", "status", "--format", "json"]),
        ))
        .unwrap();
        assert_eq!(doc["current"], "001", "{:?}", db.kind);
        if db.kind == Kind::Mysql {
            // MySQL ran it outside a transaction: the row says where it stopped, and how to go on.
            assert_eq!(doc["partial"]["applied"], 0, "{:?}", db.kind);
            assert!(
                err.contains("run `ebb migrate apply`, which continues there"),
                "{err}"
            );
        } else {
            // Rolled back: nothing says it was applied, even in part.
            assert!(err.contains("(rolled back)"), "{err}");
            assert_eq!(doc["partial"], serde_json::Value::Null, "{:?}", db.kind);
            assert_eq!(db.revision_count(), 1, "{:?}", db.kind);
        }
        // The user fixes the file: it applies (no "edited after it was applied": it never ran).
        std::fs::write(
            Path::new(dir.trim_start_matches("file://")).join(bad.0),
            "CREATE INDEX authors_name ON authors (name);\n",
        )
        .unwrap();
        ok(root, &["migrate", "hash", "--dir", &dir]);
        ok(root, &args(&db, &dir, &["migrate", "apply"]));
        assert_eq!(db.revision_count(), 2, "{:?}", db.kind);
        let doc: serde_json::Value = serde_json::from_str(&ok(
            root,
            &args(&db, &dir, &["migrate", "status", "--format", "json"]),
        ))
        .unwrap();
        assert_eq!(doc["current"], "002", "{:?}", db.kind);
        assert_eq!(doc["partial"], serde_json::Value::Null, "{:?}", db.kind);
    }
}

/// Run an SQL file with the database's own client (psql, mysql, sqlite3), as a user restoring
/// a backup would.
fn run_with_client(db: &TestDb, file: &Path) {
    use std::process::{Command, Stdio};
    let url = db.url.split('?').next().unwrap();
    let mut cmd = match db.kind {
        Kind::Postgres => {
            let mut c = Command::new("psql");
            c.args([url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f"])
                .arg(file);
            c
        }
        Kind::Mysql => {
            let rest = url.trim_start_matches("mysql://");
            let (auth, place) = rest.rsplit_once('@').unwrap();
            let (user, password) = auth.split_once(':').unwrap_or((auth, ""));
            let (host, name) = place.split_once('/').unwrap();
            let (host, port) = host.split_once(':').unwrap_or((host, "3306"));
            let mut c = Command::new("mysql");
            c.args(["-h", host, "-P", port, "-u", user]);
            if !password.is_empty() {
                c.arg(format!("-p{password}"));
            }
            c.arg(name).stdin(std::fs::File::open(file).unwrap());
            c
        }
        Kind::Sqlite => {
            let mut c = Command::new("sqlite3");
            c.arg(url.trim_start_matches("sqlite://"))
                .stdin(std::fs::File::open(file).unwrap());
            c
        }
    };
    let o = cmd
        .stderr(Stdio::piped())
        .output()
        .expect("the database's client runs");
    assert!(
        o.status.success(),
        "{:?} client: {}",
        db.kind,
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn allow_data_loss_backs_up_what_goes_and_the_backup_puts_it_back() {
    let tmp = TempDir::new("loss");
    let root = &tmp.0;
    for db in databases("loss") {
        let blob = match db.kind {
            Kind::Postgres => "bytea",
            Kind::Mysql => "varbinary(16)",
            Kind::Sqlite => "blob",
        };
        let dir = write_dir(
            root,
            &format!("loss_{:?}", db.kind),
            &[
                (
                    "001_notes.sql",
                    "CREATE TABLE notes (id integer PRIMARY KEY, body varchar(100) NOT NULL);\n",
                ),
                (
                    "002_archive.sql",
                    &format!(
                        "ALTER TABLE notes ADD COLUMN archived integer NOT NULL DEFAULT 0;\n\
                         CREATE TABLE tags (id integer PRIMARY KEY, note_id integer REFERENCES notes (id),\n\
                           label varchar(50), data {blob});\n"
                    ),
                ),
            ],
        );
        ok(root, &args(&db, &dir, &["migrate", "apply"]));
        let bytes = match db.kind {
            Kind::Postgres => "'\\x00ff27'::bytea",
            _ => "X'00FF27'",
        };
        db.sql("INSERT INTO notes (id, body, archived) VALUES (1, 'it''s', 1), (2, 'b', 0), (3, 'ü', 7)");
        db.sql(&format!(
            "INSERT INTO tags (id, note_id, label, data) VALUES (1, 1, 'x''y\\\\z', {bytes}), (2, 3, NULL, NULL)"
        ));
        let hex = match db.kind {
            Kind::Postgres => "encode(data, 'hex')",
            _ => "hex(data)",
        };
        let snapshot = |db: &TestDb| {
            (
                db.rows("SELECT id, body, archived FROM notes ORDER BY id"),
                db.rows(&format!(
                    "SELECT id, note_id, label, {hex} FROM tags ORDER BY id"
                )),
            )
        };
        let before = snapshot(&db);
        let backups = root.join(format!("backups_{:?}", db.kind));
        let bk = backups.to_str().unwrap();

        // Refused, and the refusal names the flag with exactly what holds data.
        let o = ebb(root, &args(&db, &dir, &["migrate", "down"]));
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{:?}: {err}", db.kind);
        assert!(
            err.contains("--allow-data-loss notes.archived,tags"),
            "{:?}: {err}",
            db.kind
        );
        // Allowing one of the two is not allowing the other: nothing runs, nothing is saved.
        let o = ebb(
            root,
            &args(
                &db,
                &dir,
                &[
                    "migrate",
                    "down",
                    "--allow-data-loss",
                    "notes.archived",
                    "--backup-dir",
                    bk,
                ],
            ),
        );
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{:?}: {err}", db.kind);
        assert!(err.contains("EB101 failed on tags"), "{:?}: {err}", db.kind);
        assert!(
            !backups.exists(),
            "{:?}: a refused run wrote a backup",
            db.kind
        );
        assert_eq!(db.revision_count(), 2);

        // Allowed: the backup is written, then the revert runs.
        let out = ok(
            root,
            &args(
                &db,
                &dir,
                &[
                    "migrate",
                    "down",
                    "--allow-data-loss",
                    "notes.archived,tags",
                    "--backup-dir",
                    bk,
                ],
            ),
        );
        assert!(out.contains("4 row(s) saved to"), "{:?}: {out}", db.kind);
        assert_eq!(db.revision_count(), 1);
        let files: Vec<_> = std::fs::read_dir(&backups)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(files.len(), 1, "{files:?}");

        // Applied again, then the backup through the database's own client: the same rows.
        ok(root, &args(&db, &dir, &["migrate", "apply"]));
        run_with_client(&db, &files[0]);
        assert_eq!(snapshot(&db), before, "{:?}", db.kind);
    }
}

#[test]
fn a_reviewed_plan_runs_as_written_or_is_refused_naming_what_changed() {
    let tmp = TempDir::new("reviewed");
    let root = &tmp.0;
    let dir = history(root);
    for db in databases("reviewed") {
        ok(root, &args(&db, &dir, &["migrate", "apply"]));
        let file = root.join(format!("plan_{:?}.json", db.kind));
        let f = file.to_str().unwrap();
        let out = ok(
            root,
            &args(
                &db,
                &dir,
                &[
                    "migrate",
                    "down",
                    "--to-version",
                    "001",
                    "--dry-run",
                    "--plan-out",
                    f,
                ],
            ),
        );
        assert!(out.contains("Plan written to"), "{out}");
        assert_eq!(db.revision_count(), 3);
        let doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        assert!(doc["statements"].as_array().is_some_and(|s| !s.is_empty()));

        // Not a plan file: a clear error, exit 2, nothing changed.
        let bogus = root.join("bogus.json");
        std::fs::write(&bogus, "{\"steps\": []}").unwrap();
        let o = ebb(
            root,
            &args(
                &db,
                &dir,
                &["migrate", "down", "--plan", bogus.to_str().unwrap()],
            ),
        );
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains("not an ebb plan file"), "{err}");

        // Someone adds an index by hand after the review: the plan is refused, naming it.
        db.sql("CREATE INDEX books_hand ON books (id, title)");
        let o = ebb(root, &args(&db, &dir, &["migrate", "down", "--plan", f]));
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{:?}: {err}", db.kind);
        assert!(
            err.contains("no longer matches") && err.contains("books_hand"),
            "{:?}: {err}",
            db.kind
        );
        assert_eq!(db.revision_count(), 3);

        // As it was reviewed again: it runs, to the version it was written for.
        db.sql(match db.kind {
            Kind::Mysql => "DROP INDEX books_hand ON books",
            _ => "DROP INDEX books_hand",
        });
        let out = ok(root, &args(&db, &dir, &["migrate", "down", "--plan", f]));
        assert!(out.contains("Running the reviewed plan"), "{out}");
        assert_eq!(db.revision_count(), 1);
        assert_same_schema(
            root,
            &db,
            &reference(root, db.kind, &dir, 1, "reviewed_ref"),
        );

        // The revisions it was computed from are gone: refused again.
        let o = ebb(root, &args(&db, &dir, &["migrate", "down", "--plan", f]));
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{:?}: {err}", db.kind);
        assert!(
            err.contains("revision 003 was reverted since"),
            "{:?}: {err}",
            db.kind
        );
    }
}

#[test]
fn a_reviewed_apply_runs_the_files_it_lists_or_is_refused() {
    let tmp = TempDir::new("revapply");
    let root = &tmp.0;
    let dir = history(root);
    for db in databases("revapply") {
        ok(root, &args(&db, &dir, &["migrate", "apply", "1"]));
        let file = root.join(format!("apply_{:?}.json", db.kind));
        let f = file.to_str().unwrap();
        ok(
            root,
            &args(
                &db,
                &dir,
                &["migrate", "apply", "1", "--dry-run", "--plan-out", f],
            ),
        );
        // A down plan file is not an apply plan.
        let o = ebb(root, &args(&db, &dir, &["migrate", "down", "--plan", f]));
        assert_eq!(o.status.code(), Some(2));
        // Another run applied 002 meanwhile: refused, nothing applied twice.
        ok(root, &args(&db, &dir, &["migrate", "apply", "1"]));
        let o = ebb(root, &args(&db, &dir, &["migrate", "apply", "--plan", f]));
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{:?}: {err}", db.kind);
        assert!(
            err.contains("revision 002 was applied since"),
            "{:?}: {err}",
            db.kind
        );
        assert_eq!(db.revision_count(), 2);
        // Reviewed again: exactly the one file it lists runs.
        ok(
            root,
            &args(
                &db,
                &dir,
                &["migrate", "apply", "1", "--dry-run", "--plan-out", f],
            ),
        );
        let out = ok(root, &args(&db, &dir, &["migrate", "apply", "--plan", f]));
        assert!(out.contains("Running the reviewed plan"), "{out}");
        assert_eq!(db.revision_count(), 3);
    }
}

#[test]
fn migrate_rm_removes_a_file_and_keeps_the_sum_true() {
    let tmp = TempDir::new("rm");
    let root = &tmp.0;
    let dir = history(root);
    let out = ok(root, &["migrate", "rm", "003", "--dir", &dir]);
    assert!(out.contains("003_rename.sql removed"), "{out}");
    let path = Path::new(dir.trim_start_matches("file://"));
    assert!(!path.join("003_rename.sql").exists());
    // The sum agrees: validate passes and apply runs the two files left.
    ok(
        root,
        &["migrate", "validate", "--dir", &dir, "--dialect", "sqlite"],
    );
    let out = ok(root, &["migrate", "apply", "--dir", &dir]);
    assert!(out.contains("Migrating to version 002"), "{out}");
    let o = ebb(root, &["migrate", "rm", "009", "--dir", &dir]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("version 009 is not a file of"));
}
