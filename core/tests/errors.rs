//! Every error a user can trigger has its message pinned here (snapshots), and each statement
//! shape sqlparser 0.63 rejects has a test proving ebb handles it or reports it clearly.

use ebb_core::migrate::{plan_down, revisions_up_to, DownMode, Layout, MigrationDir, SumCheck};

mod common;
use common::dir;
use ebb_core::replay::{replay_file, Outcome};
use ebb_core::{Dialect, Schema};

fn replay_err(d: Dialect, sql: &str) -> String {
    let mut s = Schema::new(d);
    replay_file(&mut s, "20240101000000_init.sql", sql)
        .unwrap_err()
        .to_string()
}

fn replay_ok(d: Dialect, sql: &str) -> (Schema, ebb_core::replay::FileReport) {
    let mut s = Schema::new(d);
    let r = replay_file(&mut s, "f.sql", sql).unwrap_or_else(|e| panic!("{e}"));
    (s, r)
}

#[test]
fn malformed_sql_names_file_line_and_column() {
    insta::assert_snapshot!(replay_err(
        Dialect::Postgres,
        "CREATE TABLE a (id int);\n\nCREATE TABLE b (\n  id int,\n  name text NOT NUL\n);"
    ));
}

#[test]
fn unsupported_statement_says_how_to_mark_it() {
    insta::assert_snapshot!(replay_err(
        Dialect::Postgres,
        "CREATE TABLE t (id int);\nCREATE TABLE copy AS SELECT * FROM t;"
    ));
}

#[test]
fn unknown_table_is_a_positioned_error() {
    insta::assert_snapshot!(replay_err(
        Dialect::Mysql,
        "ALTER TABLE nope ADD COLUMN x int;"
    ));
}

#[test]
fn duplicate_column_is_reported() {
    insta::assert_snapshot!(replay_err(
        Dialect::Sqlite,
        "CREATE TABLE t (a int, a text);"
    ));
}

#[test]
fn unknown_directive_is_reported() {
    insta::assert_snapshot!(replay_err(
        Dialect::Postgres,
        "-- ebb:txmode sometimes\nSELECT 1;"
    ));
}

#[test]
fn tampered_sum_names_the_file() {
    let d = dir(&[
        ("1_a.sql", "CREATE TABLE a (id int);"),
        ("2_b.sql", "CREATE TABLE b (id int);"),
    ]);
    let sum = d.sum();
    let edited = dir(&[
        ("1_a.sql", "CREATE TABLE a (id bigint);"),
        ("2_b.sql", "CREATE TABLE b (id int);"),
    ]);
    let added = dir(&[
        ("1_a.sql", "CREATE TABLE a (id int);"),
        ("15_x.sql", "SELECT 1;"),
        ("2_b.sql", "CREATE TABLE b (id int);"),
    ]);
    let removed = dir(&[("2_b.sql", "CREATE TABLE b (id int);")]);
    d.verify_sum(&sum).unwrap();
    insta::assert_snapshot!(format!(
        "{}\n{}\n{}",
        edited.verify_sum(&sum).unwrap_err(),
        added.verify_sum(&sum).unwrap_err(),
        removed.verify_sum(&sum).unwrap_err()
    ));
}

/// Opening a directory the way every surface does: the layout guess, `atlas.sum`, `ebb.sum`.
#[test]
fn opening_a_directory_checks_what_it_holds() {
    let entries = |files: &[(&str, &str)]| -> Vec<(String, Vec<u8>)> {
        files
            .iter()
            .map(|(n, t)| ((*n).to_string(), t.as_bytes().to_vec()))
            .collect()
    };
    let files = [("1_a.sql", "CREATE TABLE a (id int);")];
    let sum = dir(&files).sum();
    let open =
        |files: &[(&str, &str)], check| MigrationDir::open(Layout::Ebb, entries(files), check);
    // A sum beside the files is read from the entries; missing, it is refused only when required.
    let with_sum = [files[0], ("ebb.sum", sum.as_str())];
    assert_eq!(open(&with_sum, SumCheck::Required).unwrap().files.len(), 1);
    assert_eq!(open(&files, SumCheck::IfPresent).unwrap().files.len(), 1);
    let missing = open(&files, SumCheck::Required).unwrap_err();
    let edited = [
        ("1_a.sql", "CREATE TABLE a (id bigint);"),
        ("ebb.sum", sum.as_str()),
    ];
    assert!(open(&edited, SumCheck::Skip).is_ok());
    let mismatch = open(&edited, SumCheck::IfPresent).unwrap_err();
    // Another tool's directory read as ebb's says which tool, whatever the sum check.
    let golang = [
        ("1_a.up.sql", "CREATE TABLE a (id int);"),
        ("1_a.down.sql", "DROP TABLE a;"),
    ];
    let guessed = open(&golang, SumCheck::Skip).unwrap_err();
    // Read as what it is, it needs no ebb.sum even where one is required.
    let g = MigrationDir::open(Layout::GolangMigrate, entries(&golang), SumCheck::Required);
    assert_eq!(g.unwrap().files[0].version, "1");
    // An Atlas directory is held to its own atlas.sum.
    let atlas = [
        ("20240101000000_a.sql", "CREATE TABLE a (id int);"),
        ("atlas.sum", "h1:AAAA\n20240101000000_a.sql h1:BBBB\n"),
    ];
    let atlas_err =
        MigrationDir::open(Layout::Atlas, entries(&atlas), SumCheck::Required).unwrap_err();
    assert_eq!(atlas_err.class(), ebb_core::error::ErrorClass::Directory);
    insta::assert_snapshot!(format!("{missing}\n{mismatch}\n{guessed}\n{atlas_err}"));
}

#[test]
fn directory_errors_are_specific() {
    let dup = MigrationDir::from_files(vec![
        ("01_a.sql".into(), b"SELECT 1;".to_vec()),
        ("1_b.sql".into(), b"SELECT 1;".to_vec()),
    ])
    .unwrap_err();
    let bad =
        MigrationDir::from_files(vec![("init.sql".into(), b"SELECT 1;".to_vec())]).unwrap_err();
    let utf =
        MigrationDir::from_files(vec![("1_a.sql".into(), vec![b'S', 0xff, 0xfe])]).unwrap_err();
    insta::assert_snapshot!(format!("{dup}\n{bad}\n{utf}"));
}

#[test]
fn unknown_and_not_lower_targets_are_refused() {
    let d = dir(&[
        ("1_a.sql", "CREATE TABLE a (id int);"),
        ("3_b.sql", "CREATE TABLE b (id int);"),
    ]);
    let revs = revisions_up_to(Dialect::Postgres, &d, "3", None);
    let newer =
        plan_down(Dialect::Postgres, &d, &revs, None, "7", DownMode::UndoFiles).unwrap_err();
    let gap = plan_down(Dialect::Postgres, &d, &revs, None, "2", DownMode::UndoFiles).unwrap_err();
    let junk = plan_down(
        Dialect::Postgres,
        &d,
        &revs,
        None,
        "0001x",
        DownMode::UndoFiles,
    )
    .unwrap_err();
    let same = plan_down(Dialect::Postgres, &d, &revs, None, "3", DownMode::UndoFiles).unwrap_err();
    insta::assert_snapshot!(format!("{newer}\n{gap}\n{junk}\n{same}"));
}

#[test]
fn edited_applied_file_is_refused_and_missing_file_comes_from_the_database() {
    let d = dir(&[
        ("1_a.sql", "CREATE TABLE a (id int);"),
        ("2_b.sql", "CREATE TABLE b (id int);"),
    ]);
    let revs = revisions_up_to(Dialect::Sqlite, &d, "2", None);
    let edited = dir(&[
        ("1_a.sql", "CREATE TABLE a (id int, x int);"),
        ("2_b.sql", "CREATE TABLE b (id int);"),
    ]);
    assert_eq!(
        plan_down(Dialect::Sqlite, &edited, &revs, None, "1", DownMode::UndoFiles).unwrap_err().to_string(),
        "1_a.sql was edited after it was applied (its hash differs from the revision table's): restore the text that ran; or, to revert it, move it out of the directory and run `ebb migrate hash` — `ebb migrate down` then uses the SQL recorded when it ran"
    );
    // The previous release's directory lacks 2_b.sql: its SQL comes from the revision table.
    let older = dir(&[("1_a.sql", "CREATE TABLE a (id int);")]);
    let p = plan_down(
        Dialect::Sqlite,
        &older,
        &revs,
        None,
        "1",
        DownMode::UndoFiles,
    )
    .unwrap();
    assert!(p.steps[0].versions[0].from_database);
    assert_eq!(p.statements(), vec!["DROP TABLE \"b\""]);
}

// ---- statements sqlparser 0.63 rejects: each handled narrowly ----

#[test]
fn do_block_is_a_warning_not_an_error() {
    let (_, r) = replay_ok(Dialect::Postgres, "DO $$ BEGIN PERFORM 1; END $$;");
    assert_eq!(r.statements[0].outcome, Outcome::NotModeled);
    assert_eq!(r.warnings[0].code, "EW003");
}

#[test]
fn pg_dump_sequence_option_order_is_read() {
    let (s, _) = replay_ok(Dialect::Postgres, "CREATE TABLE t (id int);\nCREATE SEQUENCE s AS integer START WITH 5 INCREMENT BY 2 NO MINVALUE MAXVALUE 100 CACHE 3;\nALTER SEQUENCE s OWNED BY t.id;");
    let q = s.sequence("s").unwrap();
    assert_eq!(
        (q.ty.as_str(), q.start, q.increment, q.max, q.cache),
        ("integer", 5, 2, Some(100), 3)
    );
    assert_eq!(q.owned_by, Some(("t".into(), "id".into())));
}

#[test]
fn identity_options_in_pg_dump_order_are_accepted() {
    let (s, _) = replay_ok(Dialect::Postgres, "CREATE TABLE t (id bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1) PRIMARY KEY);");
    assert_eq!(
        s.table("t").unwrap().columns[0].identity,
        Some(ebb_core::schema::IdentityKind::ByDefault)
    );
}

#[test]
fn drop_index_concurrently_if_exists_is_read() {
    let (s, _) = replay_ok(Dialect::Postgres, "-- ebb:txmode none\nCREATE TABLE t (a int);\nCREATE INDEX i ON t (a);\nDROP INDEX CONCURRENTLY IF EXISTS i;\nDROP INDEX CONCURRENTLY IF EXISTS i;");
    assert!(s.table("t").unwrap().indexes.is_empty());
}

#[test]
fn mysql_table_options_in_alter_are_read() {
    let (s, _) = replay_ok(
        Dialect::Mysql,
        "CREATE TABLE t (a int, b varchar(10), KEY ka (a));\nALTER TABLE t CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;\nALTER TABLE t ENGINE=MyISAM, COMMENT='hello', ADD COLUMN c int;\nALTER TABLE t RENAME INDEX ka TO kb;",
    );
    let t = s.table("t").unwrap();
    assert_eq!(t.options.charset.as_deref(), Some("utf8mb4"));
    assert_eq!(t.options.engine.as_deref(), Some("myisam"));
    assert_eq!(t.comment.as_deref(), Some("hello"));
    assert_eq!(t.columns.len(), 3);
    assert_eq!(t.indexes[0].name.as_deref(), Some("kb"));
}

#[test]
fn mysql_drop_check_drops_the_check() {
    // MySQL 8.0.16+ writes `DROP CHECK name` (MariaDB `DROP CONSTRAINT name`); sqlparser 0.63
    // reads only the latter. Alone and beside other actions.
    let (s, r) = replay_ok(
        Dialect::Mysql,
        "CREATE TABLE t (a int, b int, CONSTRAINT a_positive CHECK (a > 0), CONSTRAINT b_small CHECK (b < 10));\nALTER TABLE t DROP CHECK a_positive;\nALTER TABLE t ADD COLUMN c int, DROP CHECK `b_small`;",
    );
    let t = s.table("t").unwrap();
    assert!(t.checks.is_empty(), "{:?}", t.checks);
    assert_eq!(t.columns.len(), 3);
    assert!(r.statements.iter().all(|x| x.outcome == Outcome::Schema));
}

#[test]
fn sqlite_on_conflict_and_strict_without_rowid_are_read() {
    let (s, _) = replay_ok(Dialect::Sqlite, "CREATE TABLE t (k TEXT PRIMARY KEY ON CONFLICT REPLACE, v INT NOT NULL ON CONFLICT ABORT) STRICT, WITHOUT ROWID;");
    let t = s.table("t").unwrap();
    assert!(t.options.strict && t.options.without_rowid);
    assert!(!t.columns[1].nullable);
}

#[test]
fn sqlite_trigger_if_not_exists_and_pragma_are_read() {
    let (s, r) = replay_ok(Dialect::Sqlite, "PRAGMA foreign_keys = ON;\nCREATE TABLE t (a int);\nCREATE TRIGGER IF NOT EXISTS tr AFTER INSERT ON t BEGIN UPDATE t SET a = 1; END;");
    assert_eq!(r.statements[0].outcome, Outcome::Session);
    assert_eq!(s.opaque[0].name, "tr");
    assert_eq!(s.opaque[0].table.as_deref(), Some("t"));
}

#[test]
fn mysql_trigger_with_set_does_not_swallow_the_next_statement() {
    let (s, r) = replay_ok(Dialect::Mysql, "CREATE TABLE t (a int, b int);\nCREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.b = 1;\nCREATE TABLE u (x int);");
    assert_eq!(r.statements.len(), 3);
    assert!(
        s.table("u").is_some(),
        "the statement after the trigger was lost"
    );
}

#[test]
fn every_split_statement_is_accounted_for() {
    let sql = "CREATE TABLE t (a int);\nINSERT INTO t VALUES (1);\nSET search_path = public;\n-- ebb:skip\nSELECT pg_sleep(0);\nGRANT SELECT ON t TO PUBLIC;\nDO $$ BEGIN END $$;";
    let (_, r) = replay_ok(Dialect::Postgres, sql);
    let outcomes: Vec<Outcome> = r.statements.iter().map(|s| s.outcome).collect();
    assert_eq!(
        outcomes,
        vec![
            Outcome::Schema,
            Outcome::Data,
            Outcome::Session,
            Outcome::NotModeled,
            Outcome::NotModeled,
            Outcome::NotModeled
        ]
    );
}

#[test]
fn concurrent_index_without_txmode_none_is_refused_with_the_fix() {
    insta::assert_snapshot!(replay_err(
        Dialect::Postgres,
        "CREATE TABLE t (id int);\n  CREATE INDEX CONCURRENTLY t_id ON t (id);"
    ));
    // With the directive the same file replays.
    let (s, report) = replay_ok(
        Dialect::Postgres,
        "-- ebb:txmode none\nCREATE TABLE t (id int);\nCREATE INDEX CONCURRENTLY t_id ON t (id);",
    );
    assert!(report.no_transaction);
    assert_eq!(s.table("t").unwrap().indexes.len(), 1);
}
