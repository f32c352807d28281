//! A process killed at every statement boundary (MariaDB/MySQL, when `EBB_TEST_MYSQL_URL` is
//! set). MySQL commits each DDL statement on its own, so a run that dies half-way leaves the
//! schema and the revision table between two versions; the next run must finish the job and
//! leave the revision table saying exactly what is applied.
//!
//! `EBB_TEST_PAUSE=N:executed` makes `ebb` stop for good right after its N-th statement,
//! before that statement's progress is recorded (the worst moment), `N:recorded` right after;
//! the test then kills it with SIGKILL, the way an operator or an OOM killer would.

mod common;

use common::{args, assert_same_schema, ok, reference, server, write_dir, Kind, TempDir, TestDb};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const FILES: [(&str, &str); 4] = [
    (
        "001_authors.sql",
        "CREATE TABLE authors (id integer PRIMARY KEY, name varchar(100) NOT NULL);\n\
         CREATE TABLE books (id integer PRIMARY KEY, author_id integer, title varchar(200) NOT NULL,\n\
           CONSTRAINT books_author FOREIGN KEY (author_id) REFERENCES authors (id));\n",
    ),
    (
        "002_isbn.sql",
        "ALTER TABLE books ADD COLUMN isbn varchar(20);\nCREATE INDEX books_title ON books (title);\n",
    ),
    (
        "003_tags.sql",
        "ALTER TABLE authors RENAME COLUMN name TO full_name;\n\
         CREATE TABLE tags (id integer PRIMARY KEY, label varchar(40) NOT NULL UNIQUE);\n",
    ),
    (
        "004_book_tags.sql",
        "ALTER TABLE books ADD COLUMN tag_id integer NULL, ADD CONSTRAINT books_tag FOREIGN KEY (tag_id) REFERENCES tags (id);\n\
         CREATE VIEW book_titles AS SELECT id, title FROM books;\n",
    ),
];

/// Statements an `apply` of all of `FILES` runs.
const APPLY_STATEMENTS: usize = 8;

/// Run `ebb` until it reports the pause, then SIGKILL it. Returns false when the run ended
/// before reaching the pause (fewer statements than `n`).
fn kill_at(root: &Path, args: &[&str], pause: &str) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ebb"))
        .args(args)
        .current_dir(root)
        .env("EBB_TEST_PAUSE", pause)
        .env_remove("DATABASE_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ebb starts");
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if line.starts_with("ebb-test: paused") {
                let _ = tx.send(true);
                return;
            }
        }
        let _ = tx.send(false);
    });
    let paused = rx.recv_timeout(Duration::from_secs(60)).unwrap_or(false);
    // Child::kill is SIGKILL on Unix: no destructor, no cleanup, the connection just drops.
    let _ = child.kill();
    let _ = child.wait();
    paused
}

/// Wait until the server has noticed the dead client (its session gone), so the next run
/// does not wait for a lock the corpse still holds.
fn settle(db: &TestDb) {
    let t0 = Instant::now();
    loop {
        let n = db.rows(
            "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID <> CONNECTION_ID()",
        );
        if n[0][0].as_deref() == Some("0") || t0.elapsed() > Duration::from_secs(10) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn status_is_clean(root: &Path, db: &TestDb, dir: &str, current: &str, pending: usize) {
    let out = ok(
        root,
        &args(db, dir, &["migrate", "status", "--format", "json"]),
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["current"], current, "{out}");
    assert!(v.get("partial").is_none(), "{out}");
    assert!(v.get("interrupted_revert").is_none(), "{out}");
    assert_eq!(
        v["pending"].as_array().map(Vec::len),
        Some(pending),
        "{out}"
    );
}

#[test]
fn mysql_apply_killed_at_every_statement_boundary_converges() {
    let tmp = TempDir::new("killapply");
    let root = &tmp.0;
    let dir = write_dir(root, "migrations", &FILES);
    if server(Kind::Mysql, "killprobe").is_none() {
        return;
    }
    let full = reference(root, Kind::Mysql, &dir, FILES.len(), "killref");
    let mut kills = 0;
    for n in 1..=APPLY_STATEMENTS {
        for when in ["executed", "recorded"] {
            let db = server(Kind::Mysql, "killapply").unwrap();
            let pause = format!("{n}:{when}");
            assert!(
                kill_at(root, &args(&db, &dir, &["migrate", "apply"]), &pause),
                "apply never reached statement {pause}"
            );
            kills += 1;
            settle(&db);
            let out = ok(root, &args(&db, &dir, &["migrate", "apply"]));
            assert!(!out.contains("error"), "after a kill at {pause}: {out}");
            assert_same_schema(root, &db, &full);
            assert_eq!(db.revision_count(), FILES.len(), "after a kill at {pause}");
            status_is_clean(root, &db, &dir, "004", 0);
        }
    }
    eprintln!("apply: {kills} kills survived");
}

#[test]
fn mysql_down_killed_at_every_statement_boundary_converges() {
    let tmp = TempDir::new("killdown");
    let root = &tmp.0;
    let dir = write_dir(root, "migrations", &FILES);
    if server(Kind::Mysql, "killprobe").is_none() {
        return;
    }
    let target = reference(root, Kind::Mysql, &dir, 1, "killref");
    // How many statements the down runs: from its own dry run.
    let probe = reference(root, Kind::Mysql, &dir, FILES.len(), "killcount");
    let plan = ok(
        root,
        &args(
            &probe,
            &dir,
            &[
                "migrate",
                "down",
                "--to-version",
                "001",
                "--dry-run",
                "--format",
                "json",
            ],
        ),
    );
    let plan: serde_json::Value = serde_json::from_str(&plan).unwrap();
    let total: usize = plan["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["statements"].as_array().unwrap().len())
        .sum();
    assert!(total >= 6, "a multi-statement down: {total}");
    let mut kills = 0;
    for n in 1..=total {
        for when in ["executed", "recorded"] {
            let db = server(Kind::Mysql, "killdown").unwrap();
            ok(root, &args(&db, &dir, &["migrate", "apply"]));
            db.sql("INSERT INTO authors (id, full_name) VALUES (1, 'Ann'), (2, 'Bo')");
            db.sql(
                "INSERT INTO books (id, author_id, title) VALUES (10, 1, 'Tides'), (11, 2, 'Ebb')",
            );
            let pause = format!("{n}:{when}");
            assert!(
                kill_at(
                    root,
                    &args(&db, &dir, &["migrate", "down", "--to-version", "001"]),
                    &pause
                ),
                "down never reached statement {pause}"
            );
            kills += 1;
            settle(&db);
            let out = ok(
                root,
                &args(&db, &dir, &["migrate", "down", "--to-version", "001"]),
            );
            assert!(
                out.contains("the database is at version 001"),
                "after a kill at {pause}: {out}"
            );
            assert_same_schema(root, &db, &target);
            assert_eq!(db.revision_count(), 1, "after a kill at {pause}");
            status_is_clean(root, &db, &dir, "001", FILES.len() - 1);
            assert_eq!(
                db.rows("SELECT id, name FROM authors ORDER BY id"),
                vec![
                    vec![Some("1".into()), Some("Ann".into())],
                    vec![Some("2".into()), Some("Bo".into())]
                ],
                "after a kill at {pause}"
            );
            assert_eq!(
                db.rows("SELECT id, author_id, title FROM books ORDER BY id")
                    .len(),
                2,
                "after a kill at {pause}"
            );
        }
    }
    eprintln!("down: {kills} kills survived");
}
