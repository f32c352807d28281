//! Running a plan: the one order of operations every surface follows.
//!
//! The core does no I/O, so running is a conversation: [`DownRun::next`] (a revert) and
//! [`ApplyRun::next`] (files applied) hand the surface one [`Op`] at a time and take the
//! [`Reply`] to the previous one. What runs when — SQLite's
//! `PRAGMA foreign_keys` outside the transaction, every data check before any change, the
//! statements, `PRAGMA foreign_key_check`, the revision rows, the verification of the result,
//! MySQL one version at a time with its progress in the revision row — and what happens when
//! something fails (roll back, restore the session, the words of the error) is decided here
//! and only here. The CLI answers with sqlx, Python with a DB-API connection.

mod apply;
mod down;

pub use apply::{ApplyOptions, ApplyRun, TxMode};
pub use down::{DownRun, RunOptions};

use super::Revision;
use crate::checks::Check;
use crate::schema::Schema;
use serde::Serialize;

/// How a MySQL revert records its progress in the revision row (`error_stmt`); `ebb migrate
/// status` reads it back.
pub const REVERT_IN_PROGRESS: &str = "revert in progress";

/// One thing to do against the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    /// Run outside any transaction, before it or after it (SQLite's `PRAGMA foreign_keys`,
    /// which means nothing inside one). Reply [`Reply::Ok`].
    Session {
        /// Statement.
        sql: String,
    },
    /// Start the transaction with this statement (SQLite takes the write lock at once).
    Begin {
        /// Statement.
        sql: String,
    },
    /// Commit the transaction.
    Commit,
    /// Roll the transaction back (after a failure; the reply is not read).
    Rollback,
    /// Step `step` of the plan begins: progress output.
    Step {
        /// Index into [`DownPlan::steps`].
        step: usize,
    },
    /// Run the check's query; reply [`Reply::Value`] with the first value of its first row.
    Check {
        /// Step the check belongs to.
        step: usize,
        /// The check.
        check: Check,
        /// Run before anything changes on behalf of a later step (MySQL): an error here only
        /// means the check can run before its own step only.
        early: bool,
    },
    /// File `file` of an apply begins: progress output. The surface times the file from here
    /// and stamps its revision rows with when it began and how long it has run.
    File {
        /// Index into [`ApplyRun::files`].
        file: usize,
    },
    /// The file continues after `start_at` statements that ran before an interruption.
    Resume {
        /// File.
        file: usize,
        /// Statements already done.
        start_at: usize,
        /// The last of them had run but was not recorded (the database was found to have
        /// what it makes): it is recorded now, not run again.
        took_effect: bool,
    },
    /// The file is applied and recorded.
    FileApplied {
        /// File.
        file: usize,
    },
    /// Run one statement of the plan.
    Statement {
        /// Step of a down plan; file of an apply.
        step: usize,
        /// Index of the statement in the step (0-based).
        index: usize,
        /// Statements in the step.
        total: usize,
        /// Statement.
        sql: String,
    },
    /// Run a query whose rows are problems (SQLite's `PRAGMA foreign_key_check`); reply
    /// [`Reply::Rows`].
    Verify {
        /// Step.
        step: usize,
        /// Query.
        sql: String,
    },
    /// Write this revision row (insert or replace): the progress of a revert that cannot roll
    /// back.
    SaveRevision {
        /// The row.
        revision: Revision,
    },
    /// The version is reverted: remove its revision row, and the surface's own bookkeeping
    /// (Django's `django_migrations`, Alembic's version table), inside the transaction where
    /// there is one.
    Unapplied {
        /// Step.
        step: usize,
        /// Version of the plan.
        version: String,
    },
    /// Inspect the database (the same tables the plan was computed from); reply
    /// [`Reply::Schema`]. The result is compared with the target version.
    Inspect,
    /// Read what an allowed data loss destroys (`--allow-data-loss`): run `sql`, reply
    /// [`Reply::Rows`] (every value is an SQL literal the database wrote).
    Backup {
        /// The check that would have refused.
        check: Check,
        /// The query.
        sql: String,
    },
    /// Write the backup before the first statement that destroys its data; reply
    /// [`Reply::Ok`], or [`Reply::Failed`] when it cannot be written (then nothing runs).
    SaveBackup {
        /// The file's text: SQL the database's own client runs to put the rows back.
        sql: String,
        /// Rows in it.
        rows: usize,
        /// What it keeps (`table` or `table.column`).
        places: Vec<String>,
    },
}

/// The answer to the last [`Op`].
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// It ran.
    Ok,
    /// A check's value: the first column of the first row (None: no row, or NULL).
    Value(Option<String>),
    /// Rows of a [`Op::Verify`] query, every value as text.
    Rows(Vec<Vec<Option<String>>>),
    /// The inspected database.
    Schema(Box<Schema>),
    /// The database refused it: the driver's message.
    Failed(String),
}

/// Why a run stopped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunError {
    /// What to tell the user.
    pub message: String,
    /// Checks that failed: the run refused before changing anything they guard.
    pub refused: Vec<Check>,
    /// Changes that could not be rolled back stay (MySQL).
    pub changed: bool,
}

/// Whether `--allow-data-loss` (tables `t`, columns `t.c`) lets this check's data go: EB101 on
/// a table named, EB102 on a column named; nothing broader (a table named does not let its
/// columns go one by one).
#[must_use]
pub fn allows(allowed: &[String], check: &Check) -> bool {
    allowed.iter().any(|a| {
        let a = a.trim();
        match (check.code, &check.column) {
            ("EB101", None) => a == check.table,
            ("EB102", Some(c)) => a == format!("{}.{c}", check.table),
            _ => false,
        }
    })
}

/// The first line of a statement, shortened, for messages.
#[must_use]
pub fn first_line(sql: &str) -> String {
    let l = sql.trim().lines().next().unwrap_or_default();
    if l.chars().count() > 100 || sql.trim().contains('\n') {
        format!("{} …", l.chars().take(100).collect::<String>())
    } else {
        l.to_string()
    }
}

/// A query's value read as a truth value (a check's): `1`, `t` or `true`, in any case.
#[must_use]
pub fn is_true(v: Option<&str>) -> bool {
    matches!(
        v.map(str::to_ascii_lowercase).as_deref(),
        Some("1" | "t" | "true")
    )
}

/// The differences between a database and the schema it should have, one line each.
#[must_use]
pub fn differences(expected: &Schema, live: &Schema) -> Vec<String> {
    let live = crate::diff::reconcile(live, expected);
    crate::diff::diff(expected, &live)
        .changes
        .iter()
        .map(ToString::to_string)
        .collect()
}
