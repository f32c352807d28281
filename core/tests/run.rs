//! The order a down plan runs in, as every surface runs it (`migrate::run`): the operations the
//! core hands out for a revert, and what a refusal, a failed statement or a database that does
//! not come out as the target version leads to. The replies here stand for the database's; the
//! CLI's live suites (`cli/tests/live.rs`, `concurrency.rs`, `faults.rs`) and the Python ones
//! run the same conversation against PostgreSQL, MariaDB and SQLite.

use ebb_core::migrate::run::{DownRun, Op, Reply, RunOptions};
use ebb_core::migrate::{plan_down, revisions_up_to, DownMode, DownPlan, MigrationDir, Revision};
use ebb_core::{Dialect, Schema};

fn dir() -> MigrationDir {
    MigrationDir::from_files(vec![
        (
            "001_authors.sql".to_string(),
            b"CREATE TABLE authors (id integer PRIMARY KEY, name varchar(100) NOT NULL);\n\
              CREATE TABLE books (id integer PRIMARY KEY, author_id integer REFERENCES authors (id), title varchar(200) NOT NULL);\n"
                .to_vec(),
        ),
        (
            "002_isbn.sql".to_string(),
            b"ALTER TABLE books ADD COLUMN isbn varchar(20);\nCREATE INDEX books_title ON books (title);\n\
              ALTER TABLE books ADD COLUMN publisher_id integer REFERENCES authors (id);\n"
                .to_vec(),
        ),
        (
            "003_rename.sql".to_string(),
            b"ALTER TABLE authors RENAME COLUMN name TO full_name;\n".to_vec(),
        ),
    ])
    .unwrap()
}

fn down(d: Dialect) -> (DownPlan, Vec<Revision>) {
    let dir = dir();
    let revs = revisions_up_to(d, &dir, "003", None);
    let plan = plan_down(d, &dir, &revs, None, "001", DownMode::UndoFiles).unwrap();
    (plan, revs)
}

/// One line per operation.
fn line(op: &Op) -> String {
    match op {
        Op::Session { sql } => format!("session  {sql}"),
        Op::Begin { sql } => format!("begin    {sql}"),
        Op::Commit => "commit".into(),
        Op::Rollback => "rollback".into(),
        Op::Step { step } => format!("step     {step}"),
        Op::Check { check, early, .. } => format!(
            "check    {} {}{}",
            check.code,
            check.place(),
            if *early { " (early)" } else { "" }
        ),
        Op::Statement { sql, .. } => format!("exec     {sql}"),
        Op::Verify { sql, .. } => format!("verify   {sql}"),
        Op::SaveRevision { revision } => format!(
            "save     {} error={:?} progress={:?}",
            revision.version, revision.error, revision.error_stmt
        ),
        Op::Unapplied { version, .. } => format!("unapply  {version}"),
        Op::Inspect => "inspect".into(),
        Op::Backup { check, .. } => format!("backup   {}", check.place()),
        Op::SaveBackup { rows, places, .. } => {
            format!("save backup of {} ({rows} row(s))", places.join(", "))
        }
    }
}

/// Run `plan`, answering each operation with `answer` (None: it went well; the inspection
/// answers with the target schema), and return the trace and the outcome's message.
fn run(
    plan: &DownPlan,
    rows: Vec<Revision>,
    mut answer: impl FnMut(&Op) -> Option<Reply>,
) -> (String, Result<usize, String>) {
    let mut r = DownRun::new(
        plan.clone(),
        RunOptions {
            rows,
            ..RunOptions::default()
        },
    );
    let mut trace = Vec::new();
    let mut reply = Reply::Ok;
    while let Some(op) = r.next(reply) {
        trace.push(line(&op));
        reply = answer(&op).unwrap_or_else(|| match &op {
            Op::Check { .. } => Reply::Value(Some("1".into())),
            Op::Verify { .. } => Reply::Rows(Vec::new()),
            Op::Inspect => Reply::Schema(Box::new(plan.target_schema.clone())),
            _ => Reply::Ok,
        });
        assert!(
            trace.len() < 200,
            "the run does not end:\n{}",
            trace.join("\n")
        );
    }
    let outcome = r
        .outcome()
        .expect("over")
        .clone()
        .map_err(|e| e.message.clone());
    (trace.join("\n"), outcome)
}

#[test]
fn sqlite_runs_in_one_transaction_with_the_pragma_outside() {
    let (plan, revs) = down(Dialect::Sqlite);
    let (trace, outcome) = run(&plan, revs, |_| None);
    insta::assert_snapshot!(trace);
    assert_eq!(outcome, Ok(plan.statements().len()));
}

#[test]
fn mysql_runs_a_version_at_a_time_with_its_progress_recorded() {
    let (plan, revs) = down(Dialect::Mysql);
    let (trace, outcome) = run(&plan, revs, |_| None);
    insta::assert_snapshot!(trace);
    assert_eq!(outcome, Ok(plan.statements().len()));
}

#[test]
fn a_refused_check_rolls_back_before_any_statement_and_restores_the_session() {
    let (plan, revs) = down(Dialect::Sqlite);
    let (trace, outcome) = run(&plan, revs, |op| match op {
        Op::Check { .. } => Some(Reply::Value(Some("0".into()))),
        _ => None,
    });
    assert!(!trace.contains("exec "), "{trace}");
    assert!(
        trace.ends_with("rollback\nsession  PRAGMA foreign_keys = ON"),
        "{trace}"
    );
    let msg = outcome.unwrap_err();
    assert!(
        msg.starts_with("check EB102 failed on books.isbn:")
            && msg.ends_with("nothing was changed"),
        "{msg}"
    );
}

#[test]
fn mysql_a_failed_statement_is_recorded_in_its_row_and_the_rest_does_not_run() {
    let (plan, revs) = down(Dialect::Mysql);
    let mut n = 0;
    let (trace, outcome) = run(&plan, revs, |op| match op {
        Op::Statement { .. } => {
            n += 1;
            (n == 2).then(|| Reply::Failed("Lock wait timeout exceeded".into()))
        }
        _ => None,
    });
    insta::assert_snapshot!(trace);
    let msg = outcome.unwrap_err();
    assert!(
        msg.contains("Lock wait timeout exceeded")
            && msg.contains("0 statement(s) of this step ran")
            && msg.contains("run the revert again; it continues from where the database is"),
        "{msg}"
    );
}

#[test]
fn mysql_a_later_step_refusing_says_what_already_ran() {
    let (plan, revs) = down(Dialect::Mysql);
    // The early check holds; when the step that owns it runs, the data has changed.
    let mut seen = 0;
    let (trace, outcome) = run(&plan, revs, |op| match op {
        Op::Check { early: false, .. } => {
            seen += 1;
            Some(Reply::Value(Some("0".into())))
        }
        _ => None,
    });
    // Both checks of the second step ran, so that the refusal names every column.
    assert_eq!(seen, 2, "{trace}");
    assert!(!trace.contains("unapply  002"), "{trace}");
    let msg = outcome.unwrap_err();
    assert!(
        msg.contains("the steps before it ran, the database is at version 002"),
        "{msg}"
    );
}

#[test]
fn a_database_that_is_not_the_target_version_afterwards_is_rolled_back() {
    let (plan, revs) = down(Dialect::Postgres);
    let wrong = Schema::new(Dialect::Postgres);
    let (trace, outcome) = run(&plan, revs, |op| match op {
        Op::Inspect => Some(Reply::Schema(Box::new(wrong.clone()))),
        _ => None,
    });
    assert!(trace.ends_with("inspect\nrollback"), "{trace}");
    let msg = outcome.unwrap_err();
    assert!(
        msg.starts_with(
            "after the revert the database does not match version 001; everything was rolled back:"
        ),
        "{msg}"
    );
}

#[test]
fn inside_the_callers_transaction_nothing_begins_or_ends() {
    let (plan, _) = down(Dialect::Sqlite);
    let mut r = DownRun::new(
        plan.clone(),
        RunOptions {
            in_caller_transaction: true,
            ..RunOptions::default()
        },
    );
    let mut reply = Reply::Ok;
    while let Some(op) = r.next(reply) {
        assert!(
            !matches!(
                op,
                Op::Begin { .. } | Op::Commit | Op::Rollback | Op::Session { .. }
            ),
            "{op:?}"
        );
        reply = match op {
            Op::Check { .. } => Reply::Value(Some("t".into())),
            Op::Verify { .. } => Reply::Rows(Vec::new()),
            Op::Inspect => Reply::Schema(Box::new(plan.target_schema.clone())),
            _ => Reply::Ok,
        };
    }
    assert_eq!(r.outcome(), Some(&Ok(plan.statements().len())));
}
