//! Fills: the value a framework's own reverse writes into rows that already exist where a down
//! plan re-adds a NOT NULL column without a default or makes a column NOT NULL again (Django
//! backfills a field's default; `ebb.django` passes them). With a fill the plan writes it
//! instead of refusing (EB109, EB103), and values equal to it do not count as data when a
//! column is dropped (EB102). Snapshotted on each dialect; the real-app suite in
//! `py/tests/test_django_apps.py` runs such plans on SQLite and PostgreSQL.

use ebb_core::migrate::{
    plan_down, plan_down_with_fills, revisions_up_to, ColumnFill, DownMode, MigrationDir,
};
use ebb_core::Dialect;

fn history(d: Dialect) -> MigrationDir {
    let text = if d == Dialect::Sqlite {
        "TEXT"
    } else {
        "varchar(100)"
    };
    MigrationDir::from_files(vec![
        (
            "0001_initial.sql".to_string(),
            format!(
                "CREATE TABLE content_type (id integer PRIMARY KEY, name {text} NOT NULL, model {text} NOT NULL);\n\
                 CREATE TABLE users (id integer PRIMARY KEY, last_login {text} NOT NULL);\n"
            )
            .into_bytes(),
        ),
        (
            "0002_relax.sql".to_string(),
            b"ALTER TABLE content_type DROP COLUMN name;\n".to_vec(),
        ),
        (
            "0003_headers.sql".to_string(),
            // Django's AddField: the default fills the rows, then the database forgets it
            // (SQLite keeps it: Django rebuilds the table there).
            if d == Dialect::Sqlite {
                format!("ALTER TABLE users ADD COLUMN headers {text} NOT NULL DEFAULT '{{}}';\n")
            } else {
                format!(
                    "ALTER TABLE users ADD COLUMN headers {text} DEFAULT '{{}}' NOT NULL;\n\
                     ALTER TABLE users ALTER COLUMN headers DROP DEFAULT;\n"
                )
            }
            .into_bytes(),
        ),
    ])
    .unwrap()
}

fn relaxed(d: Dialect) -> String {
    // 0002 also makes last_login nullable (written per dialect).
    match d {
        Dialect::Postgres => "ALTER TABLE users ALTER COLUMN last_login DROP NOT NULL;\n",
        Dialect::Mysql => "ALTER TABLE users MODIFY last_login varchar(100) NULL;\n",
        Dialect::Sqlite => "",
    }
    .to_string()
}

fn dir(d: Dialect) -> MigrationDir {
    let mut files: Vec<(String, Vec<u8>)> = history(d)
        .files
        .iter()
        .map(|f| (f.name.clone(), f.sql.clone().into_bytes()))
        .collect();
    files[1].1.extend(relaxed(d).into_bytes());
    MigrationDir::from_files(files).unwrap()
}

fn fills() -> Vec<ColumnFill> {
    let fill = |table: &str, column: &str, value: &str| ColumnFill {
        table: table.into(),
        column: column.into(),
        value: value.into(),
    };
    // The same values on every dialect (a DateTimeField default evaluated once, as Django does).
    vec![
        fill("content_type", "name", "''"),
        fill("users", "last_login", "'2026-12-03 00:00:00'"),
        fill("users", "headers", "'{}'"),
    ]
}

#[test]
fn fills_replace_refusals_where_the_framework_would_backfill() {
    let mut out = String::new();
    for d in [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite] {
        let md = dir(d);
        let revs = revisions_up_to(d, &md, "0003", None);
        let without = plan_down(d, &md, &revs, None, "0001", DownMode::UndoFiles).unwrap();
        let with = plan_down_with_fills(d, &md, &revs, None, "0001", DownMode::UndoFiles, &fills())
            .unwrap();
        let codes = |p: &ebb_core::migrate::DownPlan| {
            p.steps
                .iter()
                .flat_map(|s| {
                    s.plan
                        .checks
                        .iter()
                        .map(|c| format!("{} {}", c.code, c.place()))
                })
                .collect::<Vec<_>>()
        };
        // Without fills the same plan refuses on every table that has rows.
        let refused = codes(&without);
        assert!(
            refused.iter().any(|c| c.starts_with("EB109 content_type")),
            "{d:?}: {refused:?}"
        );
        if d != Dialect::Sqlite {
            assert!(
                refused.iter().any(|c| c.starts_with("EB103 users")),
                "{d:?}: {refused:?}"
            );
        }
        // A dropped column's values equal to the framework's default are not data.
        let reasons = |p: &ebb_core::migrate::DownPlan| {
            p.steps
                .iter()
                .flat_map(|s| s.plan.checks.iter().map(|c| c.reason.clone()))
                .collect::<Vec<_>>()
                .join("; ")
        };
        if d != Dialect::Sqlite {
            assert!(
                reasons(&without).contains("headers would be dropped but holds non-NULL values"),
                "{d:?}"
            );
        }
        assert!(
            reasons(&with)
                .contains("headers would be dropped but holds values other than its default '{}'"),
            "{d:?}"
        );
        let kept = codes(&with);
        assert!(
            !kept
                .iter()
                .any(|c| c.starts_with("EB109") || c.starts_with("EB103")),
            "{d:?}: {kept:?}"
        );
        out.push_str(&format!("==== {} ====\n{}\n", d.name(), with.to_sql()));
    }
    insta::assert_snapshot!(out);
}

/// MySQL: a column made nullable and moved, reverted with a fill: the fill's UPDATE comes
/// first and the column's place (`AFTER`) belongs to the `MODIFY COLUMN` that follows, not to
/// the UPDATE (where it was once appended, which MySQL rejects).
#[test]
fn mysql_a_moved_column_made_not_null_again_keeps_its_place_on_the_modify() {
    let d = Dialect::Mysql;
    let md = MigrationDir::from_files(vec![
        (
            "0001_initial.sql".to_string(),
            b"CREATE TABLE users (id int PRIMARY KEY, last_login varchar(100) NOT NULL, name varchar(100));\n".to_vec(),
        ),
        (
            "0002_relax.sql".to_string(),
            b"ALTER TABLE users MODIFY last_login varchar(100) NULL AFTER name;\n".to_vec(),
        ),
    ])
    .unwrap();
    let revs = revisions_up_to(d, &md, "0002", None);
    let p =
        plan_down_with_fills(d, &md, &revs, None, "0001", DownMode::UndoFiles, &fills()).unwrap();
    let statements: Vec<&String> = p.steps.iter().flat_map(|s| &s.plan.statements).collect();
    assert_eq!(
        statements,
        [
            "UPDATE `users` SET `last_login` = '2026-12-03 00:00:00' WHERE `last_login` IS NULL",
            "ALTER TABLE `users` MODIFY COLUMN `last_login` varchar(100) NOT NULL AFTER `id`",
        ],
        "{}",
        p.to_sql()
    );
}
