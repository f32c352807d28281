//! Running a down plan: the operations of [`DownRun`] (see the module above for the
//! conversation).

use super::{allows, differences, first_line, is_true, Op, Reply, RunError, REVERT_IN_PROGRESS};
use crate::checks::{self, Check};
use crate::migrate::{DownPlan, DownStep, Revision};
use std::collections::VecDeque;

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
    /// Run only the checks, in a read-only transaction, and say whether the real run would
    /// be refused. On MySQL the checks are those that can run before any change
    /// ([`super::DownStep::early_checks`]): one on what an earlier step re-creates can only
    /// run then.
    pub dry_run: bool,
    /// Tables (`t`) and columns (`t.c`) whose data the user lets go (`--allow-data-loss`):
    /// their EB101/EB102 checks do not refuse; what they would keep is read and handed to the
    /// surface to save ([`Op::SaveBackup`]) before the first statement.
    pub allow_data_loss: Vec<String>,
}

enum Item {
    Op(Box<Op>),
    /// Stop when any check so far failed; `outcome` says what that leaves behind.
    Gate {
        outcome: String,
    },
    /// Hand out the backup read so far ([`Op::SaveBackup`]).
    SaveBackup,
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
    /// Checks the user allowed that failed: their data is read before the statements.
    to_back_up: Vec<Check>,
    /// The backup's statements, per check, as read.
    backup: Vec<(Check, Vec<String>)>,
}
impl DownRun {
    /// Start running `plan`.
    #[must_use]
    pub fn new(plan: DownPlan, opts: RunOptions) -> Self {
        let queue = if opts.dry_run {
            checks_only(&plan, !opts.in_caller_transaction)
        } else if plan.dialect.transactional_ddl() {
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
            to_back_up: Vec::new(),
            backup: Vec::new(),
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
        while let Some(next) = self.queue.pop_front() {
            match next {
                Item::Gate { outcome } => {
                    if !self.refused.is_empty() {
                        let refs: Vec<&Check> = self.refused.iter().collect();
                        let message = checks::refusal(&refs, &outcome).unwrap_or_default();
                        self.fail(message);
                    } else if !self.to_back_up.is_empty() && !self.opts.dry_run {
                        // Before the first statement: read what goes, then have it saved.
                        self.queue.push_front(Item::SaveBackup);
                        for c in std::mem::take(&mut self.to_back_up).into_iter().rev() {
                            let sql = c
                                .backup
                                .as_ref()
                                .map(|b| b.query.clone())
                                .unwrap_or_default();
                            self.queue.push_front(item(Op::Backup { check: c, sql }));
                        }
                    }
                }
                Item::SaveBackup => {
                    let op = self.backup_file();
                    self.asked = Some(op.clone());
                    return Some(op);
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
            (Op::Check { check, .. }, Reply::Value(v)) if !is_true(v.as_deref()) => {
                self.refuse_or_keep(check);
            }
            (Op::Backup { check, .. }, Reply::Rows(rows)) => {
                let restore = check.backup.as_ref().map(|b| &b.restore);
                let lines = rows
                    .iter()
                    .filter_map(|r| restore.map(|x| x.statement(self.plan.dialect, r)))
                    .collect();
                self.backup.push((check.clone(), lines));
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
            ) => self.statement_failed(*step, *index, *total, sql, &e),
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
                    Op::Backup { .. } => "reading the rows to back up failed",
                    Op::SaveBackup { .. } => "the backup could not be written",
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

    /// A statement of the plan failed: on a database that cannot roll DDL back, its step's
    /// revision row says how far the step got, so that the next run continues from there.
    fn statement_failed(&mut self, step: usize, index: usize, total: usize, sql: &str, e: &str) {
        let step_by_step = !self.plan.dialect.transactional_ddl();
        if step_by_step {
            let versions: Vec<&str> = self.plan.steps[step]
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
                row.error_stmt = Some(sql.to_string());
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

    /// A failed check: a refusal, unless the user let that data go and it can be kept.
    fn refuse_or_keep(&mut self, check: &Check) {
        let allowed = allows(&self.opts.allow_data_loss, check);
        match check.backup.as_ref().map(|b| &b.restore) {
            Some(checks::Restore::NoKey) if allowed => {
                let mut c = check.clone();
                c.reason = format!(
                    "{}, and --allow-data-loss cannot keep them: {} has no primary key to put them back by",
                    c.reason, c.table
                );
                self.refused.push(c);
            }
            Some(_) if allowed => self.to_back_up.push(check.clone()),
            _ => self.refused.push(check.clone()),
        }
    }

    /// The backup file of what the run destroys: a transaction of statements that put the rows
    /// back, tables before the tables that reference them.
    fn backup_file(&mut self) -> Op {
        let mut sections = std::mem::take(&mut self.backup);
        // Referenced tables first: a restored row's foreign keys find their rows.
        let mut ordered: Vec<(Check, Vec<String>)> = Vec::new();
        while !sections.is_empty() {
            let ready = sections
                .iter()
                .position(|(c, _)| {
                    let refs = match c.backup.as_ref().map(|b| &b.restore) {
                        Some(checks::Restore::Insert { references, .. }) => references.as_slice(),
                        _ => &[],
                    };
                    !refs.iter().any(|r| {
                        sections
                            .iter()
                            .any(|(o, _)| o.column.is_none() && o.table == *r)
                    })
                })
                .unwrap_or(0);
            ordered.push(sections.remove(ready));
        }
        let d = self.plan.dialect;
        let places: Vec<String> = ordered.iter().map(|(c, _)| c.place()).collect();
        let rows: usize = ordered.iter().map(|(_, l)| l.len()).sum();
        let client = match d {
            crate::Dialect::Postgres => "psql -d DATABASE -f FILE",
            crate::Dialect::Mysql => "mysql DATABASE < FILE",
            crate::Dialect::Sqlite => "sqlite3 DATABASE.db < FILE",
        };
        let mut sql = format!(
            "-- ebb backup: what the revert from version {} to {} destroyed ({}), written before it ran.\n\
             -- To put it back: apply the migrations again up to version {} (`ebb migrate apply`),\n\
             -- then run this file with the database's client ({client}).\n",
            self.plan.current,
            self.plan.target,
            places.join(", "),
            self.plan.current
        );
        sql.push_str(if d == crate::Dialect::Mysql {
            "START TRANSACTION;\n"
        } else {
            "BEGIN;\n"
        });
        for (c, lines) in &ordered {
            sql.push_str(&format!("\n-- {}: {} row(s)\n", c.place(), lines.len()));
            for l in lines {
                sql.push_str(l);
                sql.push('\n');
            }
        }
        sql.push_str("\nCOMMIT;\n");
        Op::SaveBackup { sql, rows, places }
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
                sql: plan.dialect.begin().into(),
            }));
        }
        push_checks(&mut q, i, &s.plan.checks, false);
        q.push_back(Item::Gate {
            outcome: "nothing was changed".into(),
        });
        push_statements(&mut q, i, s);
        for sql in &s.plan.verify {
            q.push_back(item(Op::Verify {
                step: i,
                sql: sql.clone(),
            }));
        }
        push_unapplied(&mut q, i, s);
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
        push_checks(&mut q, i, &s.early_checks, true);
    }
    q.push_back(Item::Gate {
        outcome: "nothing was changed".into(),
    });
    for (i, s) in plan.steps.iter().enumerate() {
        q.push_back(item(Op::Step { step: i }));
        if i > 0 {
            push_checks(&mut q, i, &s.plan.checks, false);
            let before = &plan.steps[i - 1];
            q.push_back(Item::Gate {
                outcome: format!(
                    "the steps before it ran, the database is at version {} (MySQL cannot roll DDL back)",
                    before.to_version
                ),
            });
        }
        push_statements(&mut q, i, s);
        push_unapplied(&mut q, i, s);
    }
    q.push_back(item(Op::Inspect));
    q
}

/// The checks of step `step`, in order (`early`: worded for the database before the run).
fn push_checks(q: &mut VecDeque<Item>, step: usize, checks: &[Check], early: bool) {
    q.extend(checks.iter().map(|c| {
        item(Op::Check {
            step,
            check: c.clone(),
            early,
        })
    }));
}

/// The statements of a step, each knowing its place among them.
fn push_statements(q: &mut VecDeque<Item>, step: usize, s: &DownStep) {
    let total = s.plan.statements.len();
    q.extend(s.plan.statements.iter().enumerate().map(|(index, sql)| {
        item(Op::Statement {
            step,
            index,
            total,
            sql: sql.clone(),
        })
    }));
}

/// The versions a step reverts, each recorded as unapplied.
fn push_unapplied(q: &mut VecDeque<Item>, step: usize, s: &DownStep) {
    q.extend(s.versions.iter().map(|v| {
        item(Op::Unapplied {
            step,
            version: v.version.clone(),
        })
    }));
}

/// A dry run: every check that can run now, in a read-only transaction, and nothing else.
fn checks_only(plan: &DownPlan, own: bool) -> VecDeque<Item> {
    let mut q = VecDeque::new();
    if own {
        q.push_back(item(Op::Begin {
            sql: match plan.dialect {
                crate::Dialect::Postgres => "BEGIN READ ONLY",
                crate::Dialect::Mysql => "START TRANSACTION READ ONLY",
                // Deferred: it takes no lock until something is read.
                crate::Dialect::Sqlite => "BEGIN",
            }
            .into(),
        }));
    }
    let early = !plan.dialect.transactional_ddl();
    for (i, s) in plan.steps.iter().enumerate() {
        q.push_back(item(Op::Step { step: i }));
        let checks = if early {
            &s.early_checks
        } else {
            &s.plan.checks
        };
        push_checks(&mut q, i, checks, early);
    }
    q.push_back(Item::Gate {
        outcome: "the real run would be refused (a dry run: nothing was changed)".into(),
    });
    if own {
        q.push_back(item(Op::Rollback));
    }
    q
}
