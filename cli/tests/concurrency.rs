//! Runs that meet each other or die half-way, on the servers (PostgreSQL and MariaDB when
//! `EBB_TEST_*_URL` is set). A second connection holds a lock on `books` so that an `ebb` run
//! stops, deterministically, in the middle of its plan.

mod common;

use common::{
    args, assert_same_schema, ebb, ok, reference, server, write_dir, Held, Kind, TempDir, TestDb,
    F1, F2, F3,
};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const FILES: [(&str, &str); 3] = [F1, F2, F3];

fn spawn(cwd: &Path, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_ebb"))
        .args(args)
        .current_dir(cwd)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ebb starts")
}

fn finish(c: Child) -> (Option<i32>, String) {
    let o = c.wait_with_output().unwrap();
    (
        o.status.code(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ),
    )
}

/// Hold a lock on `books` that any DDL on it must wait for.
fn block_books(db: &TestDb) -> Held {
    let mut h = db.connect();
    h.sql("BEGIN");
    match db.kind {
        Kind::Postgres => h.sql("LOCK TABLE books IN ACCESS SHARE MODE"),
        Kind::Mysql => h.sql("SELECT COUNT(*) FROM books"),
        // SQLite locks the whole file: hold its write lock.
        Kind::Sqlite => {
            h.sql("COMMIT");
            h.sql("BEGIN IMMEDIATE");
        }
    }
    h
}

/// The server ids of this database's sessions that wait for a lock.
fn waiting(db: &TestDb) -> Vec<String> {
    let sql = match db.kind {
        Kind::Postgres => {
            "SELECT pid::text FROM pg_stat_activity \
                           WHERE datname = current_database() AND wait_event_type = 'Lock'"
        }
        _ => {
            "SELECT ID FROM information_schema.PROCESSLIST \
              WHERE DB = DATABASE() AND STATE LIKE '%metadata lock%'"
        }
    };
    db.rows(sql)
        .into_iter()
        .filter_map(|r| r.into_iter().next().flatten())
        .collect()
}

fn wait_until_blocked(db: &TestDb) -> String {
    if db.kind == Kind::Sqlite {
        // SQLite cannot list who waits: give the run time to reach its write.
        std::thread::sleep(Duration::from_millis(1500));
        return String::new();
    }
    let t0 = Instant::now();
    loop {
        if let Some(id) = waiting(db).into_iter().next() {
            return id;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(20),
            "ebb never reached the blocked table"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The database equals one with the first `k` files applied.
fn same_as_version(root: &Path, db: &TestDb, dir: &str, k: usize) {
    assert_same_schema(root, db, &reference(root, db.kind, dir, k, "ref"));
}

#[test]
fn a_second_run_waits_for_the_lock_then_gives_up() {
    let tmp = TempDir::new("lock");
    let root = &tmp.0;
    let dir = write_dir(root, "migrations", &FILES);
    for kind in [Kind::Postgres, Kind::Mysql, Kind::Sqlite] {
        let Some(db) = server(kind, "lock") else {
            continue;
        };
        ok(root, &args(&db, &dir, &["migrate", "apply"]));
        let mut blocker = block_books(&db);
        let first = spawn(
            root,
            &args(&db, &dir, &["migrate", "down", "--to-version", "001"]),
        );
        wait_until_blocked(&db);
        let t0 = Instant::now();
        let o = ebb(
            root,
            &args(&db, &dir, &["migrate", "down", "--lock-timeout", "1s"]),
        );
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{kind:?}: {err}");
        assert!(
            err.contains("another ebb run holds the migration lock"),
            "{kind:?}: {err}"
        );
        assert!(t0.elapsed() >= Duration::from_secs(1), "it did not wait");
        blocker.sql("COMMIT");
        let (code, text) = finish(first);
        assert_eq!(code, Some(0), "{kind:?}: {text}");
        assert_eq!(db.revision_count(), 1);
        same_as_version(root, &db, &dir, 1);
    }
}

#[test]
fn mysql_down_continues_after_a_failed_statement() {
    let tmp = TempDir::new("myfail");
    let root = &tmp.0;
    let dir = write_dir(root, "migrations", &FILES);
    let Some(db) = server(Kind::Mysql, "myfail") else {
        return;
    };
    ok(root, &args(&db, &dir, &["migrate", "apply"]));
    let mut blocker = block_books(&db);
    let run = spawn(
        root,
        &args(&db, &dir, &["migrate", "down", "--to-version", "001"]),
    );
    let id = wait_until_blocked(&db);
    // The statement that waits on `books` fails: 003 is reverted, 002 is not yet.
    db.sql(&format!("KILL QUERY {id}"));
    let (code, text) = finish(run);
    blocker.sql("COMMIT");
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("reverting 002 failed"), "{text}");
    assert!(
        text.contains("continues from where the database is"),
        "{text}"
    );
    let status = ok(
        root,
        &args(&db, &dir, &["migrate", "status", "--format", "json"]),
    );
    let doc: serde_json::Value = serde_json::from_str(&status).unwrap();
    assert_eq!(doc["current"], "002", "{status}");
    assert!(
        doc["partial"]["error"]
            .as_str()
            .is_some_and(|e| e.starts_with("revert failed")),
        "{status}"
    );
    // Run again: it starts from the database as it is and finishes.
    let out = ok(
        root,
        &args(&db, &dir, &["migrate", "down", "--to-version", "001"]),
    );
    assert!(out.contains("Reverting 002 → 001"), "{out}");
    assert_eq!(db.revision_count(), 1);
    same_as_version(root, &db, &dir, 1);
}

#[test]
fn mysql_down_continues_after_the_process_is_killed() {
    let tmp = TempDir::new("mykill");
    let root = &tmp.0;
    let dir = write_dir(root, "migrations", &FILES);
    let Some(db) = server(Kind::Mysql, "mykill") else {
        return;
    };
    ok(root, &args(&db, &dir, &["migrate", "apply"]));
    db.sql("INSERT INTO authors (id, full_name) VALUES (1, 'Ann')");
    let mut blocker = block_books(&db);
    let mut run = spawn(
        root,
        &args(&db, &dir, &["migrate", "down", "--to-version", "001"]),
    );
    let id = wait_until_blocked(&db);
    run.kill().unwrap();
    let _ = run.wait();
    // The server may still run the statement the dead client sent; let it end either way.
    db.sql(&format!("KILL {id}"));
    blocker.sql("COMMIT");
    let t0 = Instant::now();
    while !waiting(&db).is_empty() && t0.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let status = ok(root, &args(&db, &dir, &["migrate", "status"]));
    assert!(
        status.contains("Revert interrupted in version 002: revert in progress: 0 of"),
        "{status}"
    );
    let out = ok(
        root,
        &args(&db, &dir, &["migrate", "down", "--to-version", "001"]),
    );
    assert!(out.contains("Reverting 002 → 001"), "{out}");
    assert!(out.contains("the database is at version 001"), "{out}");
    assert_eq!(db.revision_count(), 1);
    assert_eq!(
        db.rows("SELECT name FROM authors"),
        vec![vec![Some("Ann".to_string())]]
    );
    same_as_version(root, &db, &dir, 1);
}

#[test]
fn postgres_rolls_back_a_revert_whose_result_is_not_the_target_schema() {
    let tmp = TempDir::new("verify");
    let root = &tmp.0;
    let dir = write_dir(root, "migrations", &FILES);
    let Some(db) = server(Kind::Postgres, "verify") else {
        return;
    };
    ok(root, &args(&db, &dir, &["migrate", "apply"]));
    // Something ebb does not know about creates a table whenever a table is altered. The
    // function lives in pg_catalog, which inspection leaves out, so no plan touches it.
    db.sql(
        "CREATE FUNCTION pg_catalog.ebb_test_sneak() RETURNS event_trigger LANGUAGE plpgsql AS $$ \
         BEGIN CREATE TABLE IF NOT EXISTS public.sneaky (id int); END $$",
    );
    db.sql(
        "CREATE EVENT TRIGGER ebb_test_sneak ON ddl_command_end WHEN TAG IN ('ALTER TABLE') \
         EXECUTE FUNCTION pg_catalog.ebb_test_sneak()",
    );
    let o = ebb(root, &args(&db, &dir, &["migrate", "down"]));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("does not match version 002") && err.contains("sneaky"),
        "{err}"
    );
    assert!(err.contains("rolled back"), "{err}");
    // Nothing happened: the column keeps its new name, the revision is still recorded.
    assert_eq!(db.revision_count(), 3);
    assert_eq!(
        db.rows("SELECT count(*) FROM information_schema.columns WHERE table_name = 'authors' AND column_name = 'full_name'"),
        vec![vec![Some("1".to_string())]]
    );
    assert_eq!(
        db.rows("SELECT count(*) FROM pg_tables WHERE tablename = 'sneaky'"),
        vec![vec![Some("0".to_string())]]
    );
}

#[test]
fn eight_runs_at_once_take_turns_and_leave_a_consistent_database() {
    let tmp = TempDir::new("eight");
    let root = &tmp.0;
    let dir = write_dir(root, "migrations", &FILES);
    for kind in [Kind::Postgres, Kind::Mysql, Kind::Sqlite] {
        let Some(db) = server(kind, "eight") else {
            continue;
        };
        ok(root, &args(&db, &dir, &["migrate", "apply"]));
        let runs: Vec<Child> = (0..8)
            .map(|i| {
                let cmd: &[&str] = if i % 2 == 0 {
                    &["migrate", "down", "--lock-timeout", "60s"]
                } else {
                    &["migrate", "apply", "--lock-timeout", "60s"]
                };
                spawn(root, &args(&db, &dir, cmd))
            })
            .collect();
        for r in runs {
            let (code, text) = finish(r);
            // Each run either did its work or found nothing to do; none failed half-way.
            assert_eq!(code, Some(0), "{kind:?}: {text}");
        }
        // Whatever the interleaving, the database is exactly at the version it records.
        let status = ok(
            root,
            &args(&db, &dir, &["migrate", "status", "--format", "json"]),
        );
        let doc: serde_json::Value = serde_json::from_str(&status).unwrap();
        let current = doc["current"].as_str().unwrap().to_string();
        assert!(doc.get("partial").is_none(), "{kind:?}: {status}");
        same_as_version(root, &db, &dir, current.parse().unwrap());
    }
}

#[test]
fn a_connection_cut_by_the_server_is_a_clear_error_and_a_rerun_converges() {
    let tmp = TempDir::new("cut");
    let root = &tmp.0;
    let dir = write_dir(root, "migrations", &FILES);
    for kind in [Kind::Postgres, Kind::Mysql] {
        let Some(db) = server(kind, "cut") else {
            continue;
        };
        ok(root, &args(&db, &dir, &["migrate", "apply"]));
        let mut blocker = block_books(&db);
        let run = spawn(
            root,
            &args(&db, &dir, &["migrate", "down", "--to-version", "001"]),
        );
        let id = wait_until_blocked(&db);
        match kind {
            Kind::Postgres => db.sql(&format!("SELECT pg_terminate_backend({id})")),
            _ => db.sql(&format!("KILL {id}")),
        }
        let (code, text) = finish(run);
        blocker.sql("COMMIT");
        assert_eq!(code, Some(1), "{kind:?}: {text}");
        let errors: Vec<&str> = text.lines().filter(|l| l.starts_with("error:")).collect();
        assert_eq!(errors.len(), 1, "{kind:?}: {text}");
        let out = ok(
            root,
            &args(&db, &dir, &["migrate", "down", "--to-version", "001"]),
        );
        assert!(
            out.contains("the database is at version 001"),
            "{kind:?}: {out}"
        );
        same_as_version(root, &db, &dir, 1);
    }
}
