//! Inspection, row to schema. Each case under `tests/inspect/<dialect>/<case>/` holds the rows
//! ebb's catalog queries returned on a real server (`catalog.json`, captured with
//! `scripts/capture-catalog`: PostgreSQL 15, MariaDB 10.11, SQLite 3) for a database created by
//! the case's `schema.sql`, or, when the case is named after a scenario, by that scenario's
//! migration files in order. The schema built from the rows is snapshotted, and after
//! reconciliation it must have no difference from the replay of the same SQL: that is what
//! makes `migrate down` on a live database plan nothing spurious.

use ebb_core::diff::{diff, reconcile};
use ebb_core::inspect::{build, queries, ResultSet};
use ebb_core::replay::replay_sql;
use ebb_core::{Dialect, Schema};
use std::path::{Path, PathBuf};

fn cases(d: Dialect) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/inspect")
        .join(d.name());
    let mut v: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    v
}

/// The scenario a case was captured from, if it is named after one.
fn scenario_of(d: Dialect, case: &Path) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/scenarios")
        .join(d.name())
        .join(case.file_name()?);
    dir.is_dir().then_some(dir)
}

/// The SQL that created the case's database.
fn schema_sql(d: Dialect, case: &Path) -> String {
    let Some(scenario) = scenario_of(d, case) else {
        return std::fs::read_to_string(case.join("schema.sql")).unwrap();
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(scenario)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect()
}

fn load(d: Dialect, case: &Path) -> (Schema, Vec<ResultSet>) {
    let sql = schema_sql(d, case);
    let expected = replay_sql(d, "schema.sql", &sql).unwrap();
    let rows: Vec<ResultSet> =
        serde_json::from_str(&std::fs::read_to_string(case.join("catalog.json")).unwrap()).unwrap();
    (expected, rows)
}

fn differences(actual: &Schema, expected: &Schema) -> Vec<String> {
    diff(actual, expected)
        .changes
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn check_dialect(d: Dialect) {
    let all = cases(d);
    assert!(!all.is_empty(), "no inspection cases for {}", d.name());
    for case in all {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let (expected, rows) = load(d, &case);
        let actual = build(d, &rows).unwrap_or_else(|e| panic!("{name}: {e}"));
        insta::assert_yaml_snapshot!(format!("{}__{name}", d.name()), actual);
        let reconciled = reconcile(&actual, &expected);
        let left = differences(&reconciled, &expected);
        assert!(
            left.is_empty(),
            "{}/{name}: inspected schema differs from the replay:\n  {}",
            d.name(),
            left.join("\n  ")
        );
    }
}

#[test]
fn postgres_catalog_rows_build_the_replayed_schema() {
    check_dialect(Dialect::Postgres);
}

#[test]
fn mysql_catalog_rows_build_the_replayed_schema() {
    check_dialect(Dialect::Mysql);
}

#[test]
fn sqlite_catalog_rows_build_the_replayed_schema() {
    check_dialect(Dialect::Sqlite);
}

/// Rows of the PostgreSQL tour with one value replaced.
fn edited(query: &str, row_has: &str, col: usize, value: Option<&str>) -> (Schema, Schema) {
    let d = Dialect::Postgres;
    let case = cases(d).into_iter().next().unwrap();
    let (expected, mut rows) = load(d, &case);
    let rs = rows.iter_mut().find(|r| r.id == query).unwrap();
    let row = rs
        .rows
        .iter_mut()
        .find(|r| r.iter().any(|v| v.as_deref() == Some(row_has)))
        .unwrap();
    row[col] = value.map(str::to_string);
    (build(d, &rows).unwrap(), expected)
}

#[test]
fn reconciliation_does_not_hide_real_drift() {
    // A default changed behind ebb's back ('anon' -> 'nobody').
    let (actual, expected) = edited("columns", "'anon'::text", 5, Some("'nobody'::text"));
    let left = differences(&reconcile(&actual, &expected), &expected);
    assert!(
        left.contains(&"alter column users.name".to_string()),
        "{left:?}"
    );
    // The view over `users` is recreated around the column change; nothing else moves.
    assert!(
        left.iter()
            .all(|c| c.contains("users.name") || c.ends_with("view active")),
        "{left:?}"
    );

    // A check constraint loosened by hand (price > 0 became price >= 0).
    let (actual, expected) = edited(
        "constraints",
        "users_price_check",
        10,
        Some("(price >= (0)::numeric)"),
    );
    let left = differences(&reconcile(&actual, &expected), &expected);
    for want in [
        "drop check users.users_price_check",
        "add check users.users_price_check",
    ] {
        assert!(left.contains(&want.to_string()), "{left:?}");
    }
    assert!(
        left.iter()
            .all(|c| c.contains("users_price_check") || c.ends_with("view active")),
        "{left:?}"
    );
}

#[test]
fn every_query_returns_text_columns_for_any_driver() {
    for d in [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite] {
        let qs = queries(d);
        let ids: std::collections::BTreeSet<_> = qs.iter().map(|q| q.id).collect();
        assert_eq!(ids.len(), qs.len(), "{}: duplicate query ids", d.name());
        for q in qs {
            // A column count of 0 is for a table whose columns differ between servers.
            assert!(q.sql.starts_with("SELECT"), "{}", q.id);
            assert!(
                q.columns > 0 || q.sql.starts_with("SELECT * FROM"),
                "{}",
                q.id
            );
        }
    }
}

fn error_of(d: Dialect, rows: &[ResultSet]) -> String {
    build(d, rows).unwrap_err().to_string()
}

#[test]
fn malformed_catalog_rows_are_named_in_the_error() {
    let d = Dialect::Postgres;
    let (_, rows) = load(d, &cases(d)[0]);

    let missing: Vec<_> = rows.iter().filter(|r| r.id != "indexes").cloned().collect();
    insta::assert_snapshot!("inspect_missing_query", error_of(d, &missing));

    let mut short = rows.clone();
    short.iter_mut().find(|r| r.id == "columns").unwrap().rows[2].pop();
    insta::assert_snapshot!("inspect_short_row", error_of(d, &short));

    let mut orphan = rows.clone();
    orphan
        .iter_mut()
        .find(|r| r.id == "tables")
        .unwrap()
        .rows
        .remove(0);
    insta::assert_snapshot!("inspect_unknown_table", error_of(d, &orphan));

    let mut bad_flag = rows;
    bad_flag
        .iter_mut()
        .find(|r| r.id == "columns")
        .unwrap()
        .rows[0][4] = Some("maybe".into());
    insta::assert_snapshot!("inspect_bad_boolean", error_of(d, &bad_flag));
}

/// The live path of `migrate down`: for inspection cases made from a scenario's files, the
/// plan computed from the inspected database must be the plan computed from the history
/// alone, with no drift reported.
#[test]
fn plans_from_an_inspected_database_match_the_history() {
    use ebb_core::migrate::{plan_down, revisions_up_to, DownMode, MigrationDir};
    let mut compared = 0;
    for d in [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite] {
        for case in cases(d) {
            let name = case.file_name().unwrap().to_string_lossy().to_string();
            let Some(scenario) = scenario_of(d, &case) else {
                continue;
            };
            let mut files = Vec::new();
            for e in std::fs::read_dir(&scenario).unwrap() {
                let p = e.unwrap().path();
                files.push((
                    p.file_name().unwrap().to_string_lossy().to_string(),
                    std::fs::read(&p).unwrap(),
                ));
            }
            let dir = MigrationDir::from_files(files).unwrap();
            let last = dir.files.last().unwrap().version.clone();
            let revs = revisions_up_to(d, &dir, &last, None);
            let (_, rows) = load(d, &case);
            let actual = build(d, &rows).unwrap();
            let mut targets = vec!["0".to_string()];
            targets.extend(
                dir.files[..dir.files.len() - 1]
                    .iter()
                    .map(|f| f.version.clone()),
            );
            for target in targets {
                let offline =
                    plan_down(d, &dir, &revs, None, &target, DownMode::UndoFiles).unwrap();
                let live = plan_down(d, &dir, &revs, Some(&actual), &target, DownMode::UndoFiles)
                    .unwrap_or_else(|e| panic!("{name} -> {target}: {e}"));
                let drift: Vec<_> = live.warnings.iter().filter(|w| w.code == "EW010").collect();
                assert!(
                    drift.is_empty(),
                    "{}/{name} -> {target}: {drift:#?}",
                    d.name()
                );
                assert_eq!(
                    live.statements(),
                    offline.statements(),
                    "{}/{name} -> {target}",
                    d.name()
                );
                compared += 1;
            }
        }
    }
    assert!(compared >= 30, "only {compared} live plans compared");
}
