//! Running an apply plan: the operations of [`ApplyRun`] (see the module above for the
//! conversation). What runs inside which transaction, when a file's revision row is written
//! and with what, how a file killed half-way resumes, and the words of a failure are decided
//! here; the surface runs each [`Op`] and times it.

use super::{differences, first_line, Op, Reply, RunError};
use crate::migrate::{ApplyFile, ApplyPlan, MigrationDir, Revision, RevisionKind};
use crate::{Dialect, Error};
use std::collections::VecDeque;

/// How the files of an apply share transactions (where DDL is transactional: MySQL commits
/// each DDL statement whatever is asked).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TxMode {
    /// One transaction per file (a file marked `-- ebb:txmode none` runs without one).
    #[default]
    File,
    /// One transaction for every file: all or nothing.
    All,
    /// No transactions: each statement is recorded as it runs.
    None,
}

/// How a surface runs an apply.
#[derive(Debug, Clone, Default)]
pub struct ApplyOptions {
    /// Transactions.
    pub tx_mode: TxMode,
    /// What the revision rows name as the tool that ran the file (`ebb 0.1.0`).
    pub operator: String,
}

/// An apply plan being run. Each file's revision rows come with `executed_at` empty and
/// `execution_time_ms` 0: the core has no clock, so the surface stamps them (when the file's
/// [`Op::File`] was handed out, and the time since).
pub struct ApplyRun {
    dialect: Dialect,
    files: Vec<ApplyFile>,
    /// Each file's SQL as on disk, for its revision row.
    texts: Vec<Option<String>>,
    operator: String,
    tx_mode: TxMode,
    all_tx: bool,
    queue: VecDeque<Op>,
    asked: Option<Op>,
    next_file: usize,
    /// The file being run, and whether it runs inside a transaction.
    current: usize,
    in_tx: bool,
    ran: usize,
    finished: Option<Result<usize, RunError>>,
}

impl ApplyRun {
    /// Start running `plan` (from [`crate::migrate::plan_apply`] over `dir`).
    ///
    /// # Errors
    /// A file marked `-- ebb:txmode none` in a run that puts every file in one transaction.
    pub fn new(
        dialect: Dialect,
        plan: ApplyPlan,
        dir: &MigrationDir,
        opts: ApplyOptions,
    ) -> Result<Self, Error> {
        let all_tx = opts.tx_mode == TxMode::All && dialect.transactional_ddl();
        if all_tx {
            if let Some(f) = plan.files.iter().find(|f| f.no_transaction) {
                return Err(Error::NotInOneTransaction {
                    file: f.name.clone(),
                });
            }
        }
        let texts = plan
            .files
            .iter()
            .map(|f| dir.file(&f.version).map(|x| x.sql.clone()))
            .collect();
        let mut queue = VecDeque::new();
        if all_tx {
            queue.push_back(Op::Begin {
                sql: dialect.begin().into(),
            });
        }
        Ok(ApplyRun {
            dialect,
            files: plan.files,
            texts,
            operator: opts.operator,
            tx_mode: opts.tx_mode,
            all_tx,
            queue,
            asked: None,
            next_file: 0,
            current: 0,
            in_tx: false,
            ran: 0,
            finished: None,
        })
    }

    /// The files being run, in order ([`Op::File`] and the others name them by index).
    #[must_use]
    pub fn files(&self) -> &[ApplyFile] {
        &self.files
    }

    /// Whether the operations handed out so far have opened a transaction that is still open:
    /// a statement run now commits or rolls back with it.
    #[must_use]
    pub fn in_transaction(&self) -> bool {
        self.in_tx
    }

    /// The next operation, given the reply to the previous one (ignored on the first call);
    /// `None` when the run is over: then [`ApplyRun::outcome`].
    pub fn next(&mut self, reply: Reply) -> Option<Op> {
        if let Some(op) = self.asked.take() {
            self.answer(&op, reply);
        }
        loop {
            if let Some(op) = self.queue.pop_front() {
                match &op {
                    Op::Begin { .. } => self.in_tx = true,
                    Op::Commit | Op::Rollback => self.in_tx = false,
                    _ => {}
                }
                self.asked = Some(op.clone());
                return Some(op);
            }
            if self.finished.is_some() {
                return None;
            }
            if self.next_file < self.files.len() {
                self.start_file(self.next_file);
                self.next_file += 1;
            } else if self.in_tx {
                self.queue.push_back(Op::Commit);
            } else {
                self.finished = Some(Ok(self.ran));
            }
        }
    }

    /// How the run ended: the number of statements that ran, or why it stopped (`changed`:
    /// statements that ran outside a transaction stay). `None` while it runs.
    #[must_use]
    pub fn outcome(&self) -> Option<&Result<usize, RunError>> {
        self.finished.as_ref()
    }

    fn start_file(&mut self, k: usize) {
        self.current = k;
        self.queue.push_back(Op::File { file: k });
        if self.files[k].resume.is_some() {
            // Whether the statement after the recorded ones already ran: the answer decides
            // where the file starts.
            self.queue.push_back(Op::Inspect);
        } else {
            self.queue_file(k, false);
        }
    }

    /// The file's operations from its first statement to run on.
    fn queue_file(&mut self, k: usize, took_effect: bool) {
        let f = &self.files[k];
        if f.start_at > 0 {
            self.queue.push_back(Op::Resume {
                file: k,
                start_at: f.start_at,
                took_effect,
            });
        }
        let file_tx = !self.all_tx
            && self.tx_mode == TxMode::File
            && self.dialect.transactional_ddl()
            && !f.no_transaction;
        let in_tx = self.all_tx || file_tx;
        let mut ops = Vec::new();
        if file_tx {
            ops.push(Op::Begin {
                sql: self.dialect.begin().into(),
            });
        } else if !in_tx {
            // Progress is recorded statement by statement: a row must exist first.
            ops.push(self.save(k, f.start_at));
        }
        let total = f.statements.len();
        for (i, s) in f.statements.iter().enumerate().skip(f.start_at) {
            ops.push(Op::Statement {
                step: k,
                index: i,
                total,
                sql: s.clone(),
            });
            if !in_tx {
                ops.push(self.save(k, i + 1));
            }
        }
        // Replay starts every file without the temporary tables of the one before.
        ops.extend(f.session_end.iter().map(|s| Op::Session { sql: s.clone() }));
        if in_tx || !f.session_end.is_empty() {
            // (Outside a transaction the last statement's row already says the file is done.)
            ops.push(self.save(k, total));
        }
        if file_tx {
            ops.push(Op::Commit);
        }
        ops.push(Op::FileApplied { file: k });
        self.queue.extend(ops);
    }

    /// The row of file `k` with `applied` statements done.
    fn save(&self, k: usize, applied: usize) -> Op {
        Op::SaveRevision {
            revision: self.row(k, applied),
        }
    }

    fn row(&self, k: usize, applied: usize) -> Revision {
        let f = &self.files[k];
        Revision {
            version: f.version.clone(),
            description: f.description.clone(),
            kind: RevisionKind::Applied,
            applied,
            total: f.statements.len(),
            executed_at: String::new(),
            execution_time_ms: 0,
            error: None,
            error_stmt: None,
            hash: f.hash.clone(),
            partial_hashes: f.partial_hashes.clone(),
            operator_version: self.operator.clone(),
            sql: self.texts[k].clone(),
            schema_hash: Some(f.schema_hash.clone()),
        }
    }

    fn answer(&mut self, op: &Op, reply: Reply) {
        if self.finished.is_some() {
            return;
        }
        match (op, reply) {
            (Op::Rollback, _) => {}
            (Op::Statement { .. }, Reply::Ok) => self.ran += 1,
            (Op::Statement { index, sql, .. }, Reply::Failed(e)) => {
                self.statement_failed(*index, sql, &e);
            }
            (Op::Session { sql } | Op::Begin { sql }, Reply::Failed(e)) => {
                self.fail(format!("{e}\n  in: {}", first_line(sql)));
            }
            (Op::Inspect, Reply::Schema(live)) => {
                let k = self.current;
                let mut took_effect = false;
                if let Some(res) = self.files[k].resume.take() {
                    // Killed between running a statement and recording it (MySQL commits
                    // each DDL statement): if the database already has what the next
                    // statement makes, it ran.
                    took_effect = differences(&res.after, &live).is_empty()
                        && !differences(&res.before, &live).is_empty();
                    if took_effect {
                        self.files[k].start_at += 1;
                    }
                }
                self.queue_file(k, took_effect);
            }
            (_, Reply::Failed(e)) => self.fail(e),
            _ => {}
        }
    }

    /// A statement failed: roll back what a transaction holds, or record in the file's row
    /// how far it got and why it stopped, and say what that leaves.
    fn statement_failed(&mut self, i: usize, sql: &str, e: &str) {
        let k = self.current;
        let in_tx = self.in_tx;
        self.queue.clear();
        let f = &self.files[k];
        let total = f.statements.len();
        let message = if in_tx {
            // A file rolled back left nothing: no row says it was (partly) applied, and a
            // fixed file applies as a new one.
            self.queue.push_back(Op::Rollback);
            format!(
                "{} statement {} of {total} failed (rolled back): {e}\n  in: {}",
                f.name,
                i + 1,
                first_line(sql)
            )
        } else {
            // The row keeps how far it got and why it stopped: `ebb migrate apply` continues
            // from there.
            let mut row = self.row(k, i);
            row.error = Some(e.to_string());
            row.error_stmt = Some(sql.to_string());
            self.queue.push_back(Op::SaveRevision { revision: row });
            format!(
                "{} statement {} of {total} failed: {e}\n  in: {}\n  {i} statement(s) of it ran \
                 and stay (no transaction): fix statement {} (not the ones before it) and run \
                 `ebb migrate apply`, which continues there",
                f.name,
                i + 1,
                first_line(sql),
                i + 1
            )
        };
        self.finished = Some(Err(RunError {
            message,
            refused: Vec::new(),
            changed: !in_tx,
        }));
    }

    /// Anything else the database refused: stop, rolling back what a transaction holds.
    fn fail(&mut self, message: String) {
        self.queue.clear();
        if self.in_tx {
            self.queue.push_back(Op::Rollback);
        }
        self.finished = Some(Err(RunError {
            message,
            refused: Vec::new(),
            changed: !self.in_tx,
        }));
    }
}
