//! The order a down plan runs in, as every surface runs it (`migrate::run`): the operations the
//! core hands out for a revert, and what a refusal, a failed statement or a database that does
//! not come out as the target version leads to; the same for files applied (`ApplyRun`). The replies here stand for the database's; the
//! CLI's live suites (`cli/tests/live.rs`, `concurrency.rs`, `faults.rs`) and the Python ones
//! run the same conversation against PostgreSQL, MariaDB and SQLite.

use ebb_core::migrate::run::{
    ApplyOptions, ApplyRun, DownRun, Op, Reply, RunError, RunOptions, TxMode,
};
use ebb_core::migrate::{
    plan_apply, plan_down, revisions_up_to, DownMode, DownPlan, MigrationDir, Revision,
};
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
        Op::File { file } => format!("file     {file}"),
        Op::Resume {
            start_at,
            took_effect,
            ..
        } => format!("resume   after {start_at} (took effect: {took_effect})"),
        Op::FileApplied { file } => format!("applied  {file}"),
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
    let trace = converse(
        |reply| r.next(reply),
        line,
        |op| {
            answer(op).unwrap_or_else(|| match op {
                Op::Check { .. } => Reply::Value(Some("1".into())),
                Op::Verify { .. } => Reply::Rows(Vec::new()),
                Op::Inspect => Reply::Schema(Box::new(plan.target_schema.clone())),
                _ => Reply::Ok,
            })
        },
    );
    (trace, ended(r.outcome()))
}

/// Hand each operation of a run (`next`) to `answer`, tracing it with `show`: the trace.
fn converse(
    mut next: impl FnMut(Reply) -> Option<Op>,
    show: impl Fn(&Op) -> String,
    mut answer: impl FnMut(&Op) -> Reply,
) -> String {
    let mut trace = Vec::new();
    let mut reply = Reply::Ok;
    while let Some(op) = next(reply) {
        trace.push(show(&op));
        reply = answer(&op);
        assert!(
            trace.len() < 200,
            "the run does not end:\n{}",
            trace.join("\n")
        );
    }
    trace.join("\n")
}

/// How a run ended: the statements it ran, or its message.
fn ended(outcome: Option<&Result<usize, RunError>>) -> Result<usize, String> {
    outcome
        .expect("over")
        .clone()
        .map_err(|e| e.message.clone())
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

// ---------------------------------------------------------------------------------------------
// Applying files

/// Apply what `dir` holds after `revs` with `tx_mode`, answering as `run` does; the revision
/// rows show how far each says its file got.
fn apply(
    d: Dialect,
    revs: &[Revision],
    tx_mode: TxMode,
    mut answer: impl FnMut(&Op) -> Option<Reply>,
) -> (String, Result<usize, String>) {
    let dir = dir();
    let plan = plan_apply(d, &dir, revs, None).unwrap();
    let opts = ApplyOptions {
        tx_mode,
        operator: "ebb test".into(),
    };
    let mut r = ApplyRun::new(d, plan, &dir, opts).unwrap();
    let show = |op: &Op| match op {
        Op::SaveRevision { revision } => format!(
            "save     {} {}/{}{}",
            revision.version,
            revision.applied,
            revision.total,
            revision
                .error
                .as_ref()
                .map_or(String::new(), |e| format!(" error={e}"))
        ),
        _ => line(op),
    };
    let trace = converse(
        |reply| r.next(reply),
        show,
        |op| answer(op).unwrap_or(Reply::Ok),
    );
    (trace, ended(r.outcome()))
}

#[test]
fn postgres_applies_each_file_in_its_own_transaction_with_its_row() {
    let (trace, outcome) = apply(Dialect::Postgres, &[], TxMode::File, |_| None);
    insta::assert_snapshot!(trace);
    assert_eq!(outcome, Ok(6));
}

#[test]
fn all_files_in_one_transaction_commit_once_and_a_file_that_cannot_is_refused() {
    let (trace, outcome) = apply(Dialect::Sqlite, &[], TxMode::All, |_| None);
    assert!(
        trace.starts_with("begin    BEGIN IMMEDIATE\nfile     0"),
        "{trace}"
    );
    assert_eq!(trace.matches("begin").count(), 1, "{trace}");
    assert!(trace.ends_with("applied  2\ncommit"), "{trace}");
    assert_eq!(outcome, Ok(6));
    // A failure rolls every file back: no row was written outside the transaction.
    let (trace, outcome) = apply(Dialect::Postgres, &[], TxMode::All, |op| match op {
        Op::Statement { sql, .. } if sql.contains("RENAME") => Some(Reply::Failed("boom".into())),
        _ => None,
    });
    assert!(
        trace.ends_with("exec     ALTER TABLE authors RENAME COLUMN name TO full_name\nrollback"),
        "{trace}"
    );
    let msg = outcome.unwrap_err();
    assert!(
        msg.starts_with("003_rename.sql statement 1 of 1 failed (rolled back): boom"),
        "{msg}"
    );
    let mut d = dir();
    d.files[1].sql.insert_str(0, "-- ebb:txmode none\n");
    let plan = plan_apply(Dialect::Postgres, &d, &[], None).unwrap();
    let opts = ApplyOptions {
        tx_mode: TxMode::All,
        operator: String::new(),
    };
    let err = ApplyRun::new(Dialect::Postgres, plan, &d, opts)
        .err()
        .unwrap();
    assert!(
        err.to_string()
            .contains("002_isbn.sql is marked `-- ebb:txmode none`"),
        "{err}"
    );
}

#[test]
fn mysql_records_every_statement_and_a_failure_says_where_to_continue() {
    let (trace, outcome) = apply(Dialect::Mysql, &[], TxMode::File, |op| match op {
        Op::Statement { sql, .. } if sql.contains("publisher_id") => {
            Some(Reply::Failed("Duplicate column name".into()))
        }
        _ => None,
    });
    insta::assert_snapshot!(trace);
    assert_eq!(
        outcome.unwrap_err(),
        "002_isbn.sql statement 3 of 3 failed: Duplicate column name\n  in: ALTER TABLE books ADD \
         COLUMN publisher_id integer REFERENCES authors (id)\n  2 statement(s) of it ran and stay \
         (no transaction): fix statement 3 (not the ones before it) and run `ebb migrate apply`, \
         which continues there"
    );
}

#[test]
fn mysql_a_file_killed_half_way_resumes_and_skips_a_statement_that_took_effect() {
    let d = Dialect::Mysql;
    let dir = dir();
    // Killed after the first statement of 002 was recorded.
    let mut revs = revisions_up_to(d, &dir, "002", None);
    revs[1].applied = 1;
    let plan = plan_apply(d, &dir, &revs, None).unwrap();
    let resume = plan.files[0].resume.as_ref().unwrap();
    // The database already has the index the second statement makes (it ran, unrecorded).
    let (after, before) = (resume.after.clone(), resume.before.clone());
    let (trace, outcome) = apply(d, &revs, TxMode::File, |op| {
        matches!(op, Op::Inspect).then(|| Reply::Schema(Box::new(after.clone())))
    });
    assert!(trace.starts_with("file     0\ninspect\nresume   after 2 (took effect: true)\nsave     002 2/3\nexec     ALTER TABLE books ADD COLUMN publisher_id"), "{trace}");
    assert_eq!(outcome, Ok(2));
    // It had not: the run continues with it.
    let (trace, _) = apply(d, &revs, TxMode::File, |op| {
        matches!(op, Op::Inspect).then(|| Reply::Schema(Box::new(before.clone())))
    });
    assert!(trace.starts_with("file     0\ninspect\nresume   after 1 (took effect: false)\nsave     002 1/3\nexec     CREATE INDEX books_title"), "{trace}");
}
