//! Running a down plan: the one order of operations every surface follows.
//!
//! The core does no I/O, so running is a conversation: [`DownRun::next`] hands the surface one
//! [`Op`] at a time and takes the [`Reply`] to the previous one. What runs when — SQLite's
//! `PRAGMA foreign_keys` outside the transaction, every data check before any change, the
//! statements, `PRAGMA foreign_key_check`, the revision rows, the verification of the result,
//! MySQL one version at a time with its progress in the revision row — and what happens when
//! something fails (roll back, restore the session, the words of the error) is decided here
//! and only here. The CLI answers with sqlx, Python with a DB-API connection.

use super::{DownPlan, Revision};
use crate::checks::{self, Check};
use crate::schema::Schema;
use serde::Serialize;
use std::collections::VecDeque;

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
    /// Run one statement of the plan.
    Statement {
        /// Step.
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

/// How a surface runs a plan.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// The caller's transaction holds the run (an Alembic `downgrade()` inside Alembic's own):
    /// no BEGIN or COMMIT, and nothing that must run outside a transaction.
    pub in_caller_transaction: bool,
    /// The revision rows of the versions the plan reverts, where there are any: a MySQL
    /// revert writes its progress into them.
    pub rows: Vec<Revision>,
    /// How the user runs the revert again (after a MySQL step stopped half-way), e.g.
    /// "`ebb migrate down`"; empty: "the revert".
    pub again: String,
}

enum Item {
    Op(Box<Op>),
    /// Stop when any check so far failed; `outcome` says what that leaves behind.
    Gate {
        outcome: String,
    },
}

fn item(op: Op) -> Item {
    Item::Op(Box::new(op))
}

/// A down plan being run: see the module's documentation.
pub struct DownRun {
    plan: DownPlan,
    opts: RunOptions,
    queue: VecDeque<Item>,
    asked: Option<Op>,
    refused: Vec<Check>,
    in_tx: bool,
    ran: usize,
    /// The current step's revision row says the revert is under way.
    announced: bool,
    changed: bool,
    row: Option<Revision>,
    finished: Option<Result<usize, RunError>>,
    /// Statements to restore the session with after a failure.
    post: Vec<String>,
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

/// A check's value read as a truth value: `1`, `t` or `true` (any case) hold.
#[must_use]
pub fn holds(v: Option<&str>) -> bool {
    matches!(
        v.map(str::to_ascii_lowercase).as_deref(),
        Some("1" | "t" | "true")
    )
}

/// The differences between a database and the schema it should have, one line each.
#[must_use]
pub fn differences(expected: &Schema, live: &Schema) -> Vec<String> {
    let live = crate::inspect::reconcile(live, expected);
    crate::diff::diff(expected, &live)
        .changes
        .iter()
        .map(super::describe)
        .collect()
}

impl DownRun {
    /// Start running `plan`.
    #[must_use]
    pub fn new(plan: DownPlan, opts: RunOptions) -> Self {
        let queue = if plan.dialect.transactional_ddl() {
            one_transaction(&plan, !opts.in_caller_transaction)
        } else {
            step_by_step(&plan)
        };
        DownRun {
            plan,
            opts,
            queue,
            asked: None,
            refused: Vec::new(),
            in_tx: false,
            ran: 0,
            announced: false,
            changed: false,
            row: None,
            finished: None,
            post: Vec::new(),
        }
    }

    /// The plan being run.
    #[must_use]
    pub fn plan(&self) -> &DownPlan {
        &self.plan
    }

    /// The next operation, given the reply to the previous one (ignored on the first call);
    /// `None` when the run is over: then [`DownRun::outcome`].
    pub fn next(&mut self, reply: Reply) -> Option<Op> {
        if let Some(op) = self.asked.take() {
            self.answer(&op, reply);
        }
        while let Some(item) = self.queue.pop_front() {
            match item {
                Item::Gate { outcome } => {
                    if !self.refused.is_empty() {
                        let refs: Vec<&Check> = self.refused.iter().collect();
                        let message = checks::refusal(&refs, &outcome).unwrap_or_default();
                        self.fail(message);
                    }
                }
                Item::Op(op) => {
                    let op = self.before(*op);
                    self.asked = Some(op.clone());
                    return Some(op);
                }
            }
        }
        if self.finished.is_none() {
            self.finished = Some(Ok(self.ran));
        }
        None
    }

    /// How the run ended: the number of statements that ran, or why it stopped. `None`
    /// while it runs.
    #[must_use]
    pub fn outcome(&self) -> Option<&Result<usize, RunError>> {
        self.finished.as_ref()
    }

    /// Bookkeeping as an operation is handed out.
    fn before(&mut self, op: Op) -> Op {
        match &op {
            Op::Begin { .. } => self.in_tx = true,
            Op::Commit | Op::Rollback => self.in_tx = false,
            Op::Step { step } => {
                let s = &self.plan.steps[*step];
                self.announced = false;
                self.post.clone_from(&s.plan.post);
                if !self.plan.dialect.transactional_ddl() {
                    self.row = self
                        .opts
                        .rows
                        .iter()
                        .find(|r| s.versions.iter().any(|v| v.version == r.version))
                        .cloned();
                }
            }
            Op::Statement {
                index: 0, total, ..
            } if !self.plan.dialect.transactional_ddl() && !self.announced => {
                // The row says a revert is under way before its first statement runs.
                self.announced = true;
                if let Some(row) = self.progress(0, *total) {
                    self.queue.push_front(item(op));
                    return Op::SaveRevision { revision: row };
                }
            }
            _ => {}
        }
        op
    }

    /// The revision row of the current MySQL step with `n` of `total` statements done.
    fn progress(&mut self, n: usize, total: usize) -> Option<Revision> {
        let row = self.row.as_mut()?;
        row.error = None;
        row.error_stmt = Some(format!(
            "{REVERT_IN_PROGRESS}: {n} of {total} down statement(s) ran"
        ));
        Some(row.clone())
    }

    fn answer(&mut self, op: &Op, reply: Reply) {
        if self.finished.is_some() {
            // Cleaning up after a failure: the first error is the one to report.
            return;
        }
        let step_by_step = !self.plan.dialect.transactional_ddl();
        match (op, reply) {
            (Op::Check { early: true, .. }, Reply::Failed(_)) => {
                // It reads what an earlier step creates: it runs again before its own step.
            }
            (Op::Check { check, .. }, Reply::Value(v)) if !holds(v.as_deref()) => {
                self.refused.push(check.clone());
            }
            (Op::Check { check, .. }, Reply::Failed(e)) => {
                let outcome = self.outcome_so_far();
                self.fail(format!(
                    "check {} on {} could not run: {e}; {outcome}",
                    check.code,
                    check.place()
                ));
            }
            (Op::Statement { index, total, .. }, Reply::Ok) => {
                self.ran += 1;
                if step_by_step {
                    self.changed = true;
                    if let Some(row) = self.progress(index + 1, *total) {
                        self.queue
                            .push_front(item(Op::SaveRevision { revision: row }));
                    }
                }
            }
            (
                Op::Statement {
                    step,
                    index,
                    total,
                    sql,
                },
                Reply::Failed(e),
            ) => {
                if step_by_step {
                    let versions: Vec<&str> = self.plan.steps[*step]
                        .versions
                        .iter()
                        .map(|v| v.version.as_str())
                        .collect();
                    let again = if self.opts.again.is_empty() {
                        "the revert"
                    } else {
                        &self.opts.again
                    };
                    let message = format!(
                        "statement {} of {total} reverting {} failed: {e}\n  in: {}\n  \
                         MySQL cannot roll DDL back: {index} statement(s) of this step ran. Fix the cause and run \
                         {again} again; it continues from where the database is.",
                        index + 1,
                        versions.join(", "),
                        first_line(sql)
                    );
                    if let Some(row) = self.row.as_mut() {
                        row.error = Some(format!("revert failed: {e}"));
                        row.error_stmt = Some(sql.clone());
                        let revision = row.clone();
                        self.fail(message);
                        self.queue.push_front(item(Op::SaveRevision { revision }));
                    } else {
                        self.fail(message);
                    }
                } else {
                    self.fail(format!(
                        "statement failed, everything was rolled back: {e}\n  in: {}",
                        first_line(sql)
                    ));
                }
            }
            (Op::Verify { sql, .. }, Reply::Rows(rows)) if !rows.is_empty() => {
                let first: Vec<String> = rows[0]
                    .iter()
                    .map(|v| v.clone().unwrap_or_else(|| "NULL".into()))
                    .collect();
                self.fail(format!(
                    "{sql} found {} problem row(s) (e.g. ({})); everything was rolled back",
                    rows.len(),
                    first.join(", ")
                ));
            }
            (Op::Inspect, Reply::Schema(live)) => {
                let diffs = differences(&self.plan.target_schema, &live);
                if !diffs.is_empty() {
                    let how = if step_by_step {
                        " (MySQL cannot roll DDL back)"
                    } else {
                        "; everything was rolled back"
                    };
                    self.fail(format!(
                        "after the revert the database does not match version {}{how}:\n  - {}",
                        self.plan.target,
                        diffs.join("\n  - ")
                    ));
                }
            }
            (op, Reply::Failed(e)) => {
                let what = match op {
                    Op::SaveRevision { .. } | Op::Unapplied { .. } => {
                        "writing the revision table failed"
                    }
                    Op::Inspect => "inspecting the database failed",
                    Op::Commit => "the commit failed",
                    _ => "a statement of the run failed",
                };
                let outcome = self.outcome_so_far();
                self.fail(format!("{what}: {e}; {outcome}"));
            }
            _ => {}
        }
    }

    /// What a failure now leaves behind.
    fn outcome_so_far(&self) -> String {
        if self.in_tx || !self.changed {
            if self.ran == 0 {
                "nothing was changed".into()
            } else {
                "everything was rolled back".into()
            }
        } else {
            format!(
                "{} statement(s) ran and stay (MySQL cannot roll DDL back)",
                self.ran
            )
        }
    }

    /// Stop: roll back what can be, restore the session, and end with `message`.
    fn fail(&mut self, message: String) {
        self.queue.clear();
        if self.in_tx {
            self.queue.push_back(item(Op::Rollback));
        }
        if !self.opts.in_caller_transaction {
            for p in std::mem::take(&mut self.post) {
                self.queue.push_back(item(Op::Session { sql: p }));
            }
        }
        self.finished = Some(Err(RunError {
            message,
            refused: std::mem::take(&mut self.refused),
            changed: self.changed,
        }));
    }
}

fn begin(d: crate::Dialect) -> &'static str {
    match d {
        // Writers serialise on SQLite: take the write lock now rather than fail mid-way.
        crate::Dialect::Sqlite => "BEGIN IMMEDIATE",
        _ => "BEGIN",
    }
}

/// PostgreSQL and SQLite: checks, statements, revision rows and the verification of each
/// step in one transaction (a plan has one step there).
fn one_transaction(plan: &DownPlan, own: bool) -> VecDeque<Item> {
    let mut q = VecDeque::new();
    for (i, s) in plan.steps.iter().enumerate() {
        // First: what restores the session after a failure is known from here on.
        q.push_back(item(Op::Step { step: i }));
        if own {
            for p in &s.plan.pre {
                q.push_back(item(Op::Session { sql: p.clone() }));
            }
            q.push_back(item(Op::Begin {
                sql: begin(plan.dialect).into(),
            }));
        }
        for c in &s.plan.checks {
            q.push_back(item(Op::Check {
                step: i,
                check: c.clone(),
                early: false,
            }));
        }
        q.push_back(Item::Gate {
            outcome: "nothing was changed".into(),
        });
        let total = s.plan.statements.len();
        for (k, st) in s.plan.statements.iter().enumerate() {
            q.push_back(item(Op::Statement {
                step: i,
                index: k,
                total,
                sql: st.clone(),
            }));
        }
        for sql in &s.plan.verify {
            q.push_back(item(Op::Verify {
                step: i,
                sql: sql.clone(),
            }));
        }
        for v in &s.versions {
            q.push_back(item(Op::Unapplied {
                step: i,
                version: v.version.clone(),
            }));
        }
        q.push_back(item(Op::Inspect));
        if own {
            q.push_back(item(Op::Commit));
            for p in &s.plan.post {
                q.push_back(item(Op::Session { sql: p.clone() }));
            }
        }
    }
    q
}

/// MySQL/MariaDB: DDL commits by itself, so one version at a time with its progress in
/// the revision row after every statement; a re-run plans from what the database then is.
/// Every step's checks run before the first change, worded for the database as it is now,
/// so that a refusal leaves the database as it was; each later step's checks run again
/// before it (a check on what an earlier step re-creates can only run then).
fn step_by_step(plan: &DownPlan) -> VecDeque<Item> {
    let mut q = VecDeque::new();
    for (i, s) in plan.steps.iter().enumerate() {
        for c in &s.early_checks {
            q.push_back(item(Op::Check {
                step: i,
                check: c.clone(),
                early: true,
            }));
        }
    }
    q.push_back(Item::Gate {
        outcome: "nothing was changed".into(),
    });
    for (i, s) in plan.steps.iter().enumerate() {
        q.push_back(item(Op::Step { step: i }));
        if i > 0 {
            for c in &s.plan.checks {
                q.push_back(item(Op::Check {
                    step: i,
                    check: c.clone(),
                    early: false,
                }));
            }
            let before = &plan.steps[i - 1];
            q.push_back(Item::Gate {
                outcome: format!(
                    "the steps before it ran, the database is at version {} (MySQL cannot roll DDL back)",
                    before.to_version
                ),
            });
        }
        let total = s.plan.statements.len();
        for (k, st) in s.plan.statements.iter().enumerate() {
            q.push_back(item(Op::Statement {
                step: i,
                index: k,
                total,
                sql: st.clone(),
            }));
        }
        for v in &s.versions {
            q.push_back(item(Op::Unapplied {
                step: i,
                version: v.version.clone(),
            }));
        }
    }
    q.push_back(item(Op::Inspect));
    q
}
