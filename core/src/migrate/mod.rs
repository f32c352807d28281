//! Migration directories: file naming and ordering, `ebb.sum` integrity, statement splitting,
//! the revision table model, and the down/apply planners that tie replay, diff and plan together.

pub mod dir;
pub mod layout;
pub mod reviewed;
pub mod revisions;
pub mod run;

pub use dir::{cmp_versions, hash_text, MigrationDir, MigrationFile};
pub use layout::Layout;
pub use revisions::{Revision, RevisionKind};

use crate::checks::Check;
use crate::plan::{plan, Plan};
use crate::replay::{Outcome, Session, Warning};
use crate::schema::Schema;
use crate::sql::split;
use crate::{Dialect, Error, Result};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::cmp::Ordering;

/// Cumulative hashes of a file's statements: entry i covers statements 1..=i.
#[must_use]
pub fn partial_hashes(statements: &[String]) -> Vec<String> {
    let mut h = Sha256::new();
    statements
        .iter()
        .map(|s| {
            h.update(s.as_bytes());
            h.update([0u8]);
            dir::hash_text(&format!("{:x}", h.clone().finalize()))
        })
        .collect()
}

/// The revision row for SQL another tool ran and ebb recorded as it ran (a Django migration,
/// an Alembic revision): complete, with the SQL a revert replays.
///
/// # Errors
/// Splitting errors of the SQL (an unterminated string), naming `description`.
pub fn recorded_revision(
    d: Dialect,
    version: &str,
    description: &str,
    sql: &str,
    executed_at: &str,
    execution_time_ms: i64,
    operator_version: &str,
) -> Result<Revision> {
    let texts: Vec<String> = split::split(description, sql, d)?
        .statements
        .into_iter()
        .map(|s| s.text)
        .collect();
    Ok(Revision {
        version: version.into(),
        description: description.into(),
        kind: RevisionKind::Applied,
        applied: texts.len(),
        total: texts.len(),
        executed_at: executed_at.into(),
        execution_time_ms,
        error: None,
        error_stmt: None,
        hash: dir::hash_text(sql),
        partial_hashes: partial_hashes(&texts),
        operator_version: operator_version.into(),
        sql: Some(sql.into()),
        schema_hash: None,
    })
}

/// The statements of a file, as the surfaces execute them.
///
/// # Errors
/// Splitting errors (unterminated strings and such), with file:line:col.
pub fn statements(d: Dialect, f: &MigrationFile) -> Result<Vec<split::SplitStatement>> {
    Ok(split::split(&f.name, &f.sql, d)?.statements)
}

/// One version being reverted within a step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RevertedVersion {
    /// Version.
    pub version: String,
    /// Description.
    pub description: String,
    /// Statements of it that were applied.
    pub applied: usize,
    /// Statements in the file.
    pub total: usize,
    /// Its SQL came from the revision table (the file is not on disk).
    pub from_database: bool,
}

/// One unit of execution of a down plan: a transaction on PostgreSQL and SQLite (the whole
/// revert), one version on MySQL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DownStep {
    /// Versions this step reverts, newest first.
    pub versions: Vec<RevertedVersion>,
    /// Version the database is at after the step ("0" for empty).
    pub to_version: String,
    /// Checks and statements.
    pub plan: Plan,
    /// This step's checks worded for the database as it is before the plan's first step, to
    /// run before anything changes (MySQL, where a refusal cannot roll earlier steps back).
    /// A table an earlier step renames back is named as the database names it now; a check on
    /// something an earlier step creates or re-adds is left out (it holds nothing yet) and
    /// runs before its own step only, like every check in [`Plan::checks`].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub early_checks: Vec<Check>,
}

/// A computed down migration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DownPlan {
    /// Dialect.
    pub dialect: Dialect,
    /// Current version.
    pub current: String,
    /// Target version ("0": before the first file).
    pub target: String,
    /// Steps, in execution order.
    pub steps: Vec<DownStep>,
    /// What the plan cannot restore (data), and drift found in the live database.
    pub warnings: Vec<Warning>,
    /// The schema the database must have afterwards; surfaces verify against it.
    pub target_schema: Schema,
}

impl DownPlan {
    /// All statements, in order.
    #[must_use]
    pub fn statements(&self) -> Vec<&str> {
        self.steps
            .iter()
            .flat_map(|s| s.plan.statements.iter().map(String::as_str))
            .collect()
    }
    /// The plan as a reader sees it before running it: one `warning CODE file:line: message`
    /// line per warning, then [`DownPlan::to_sql`]. The WebAssembly surface shows this, and the
    /// scenario snapshots hold it.
    #[must_use]
    pub fn preview(&self) -> String {
        let mut out = String::new();
        for w in &self.warnings {
            if w.file.is_empty() {
                // Drift and what goes with it belong to the database, not to a file.
                out.push_str(&format!("warning {}: {}\n", w.code, w.message));
            } else {
                out.push_str(&format!(
                    "warning {} {}:{}: {}\n",
                    w.code, w.file, w.line, w.message
                ));
            }
        }
        out.push_str(&self.to_sql());
        out
    }

    /// The plan as one SQL script.
    #[must_use]
    pub fn to_sql(&self) -> String {
        let mut out = String::new();
        for s in &self.steps {
            let vs: Vec<&str> = s.versions.iter().map(|v| v.version.as_str()).collect();
            out.push_str(&format!(
                "-- revert {} (to version {})\n",
                vs.join(", "),
                s.to_version
            ));
            out.push_str(&s.plan.to_sql());
        }
        out
    }
}

struct Lineage {
    /// (revision, SQL taken from the database, schema after it if kept, warnings)
    states: Vec<State>,
    /// The schema after the last applied revision.
    last: Schema,
}

type State = (Revision, bool, Option<Schema>, Vec<Warning>);

fn sql_of<'a>(dir: &'a MigrationDir, r: &'a Revision) -> Result<(String, &'a str, bool)> {
    match dir.file(&r.version) {
        Some(f) => {
            // A partly applied file may be fixed after the statement that failed: what ran is
            // compared statement by statement ([`lineage`]).
            if !r.hash.is_empty() && f.hash() != r.hash && !r.is_partial() {
                return Err(Error::HistoryChanged {
                    file: f.name.clone(),
                });
            }
            Ok((f.name.clone(), f.sql.as_str(), false))
        }
        None => match &r.sql {
            Some(sql) => Ok((
                format!("{}_{}.sql", r.version, r.description),
                sql.as_str(),
                true,
            )),
            None => Err(Error::MissingSql {
                version: r.version.clone(),
            }),
        },
    }
}

/// Replay the applied history (files on disk, else the SQL stored in the revision table),
/// keeping the schema after each version; a partially applied file counts its applied
/// statements only.
///
/// Only the schemas `keep` asks for are kept (a copy per version of a 5,000-table history
/// would cost gigabytes); the last one always is.
fn lineage(
    d: Dialect,
    dir: &MigrationDir,
    revisions: &[Revision],
    keep: &dyn Fn(&Revision) -> bool,
) -> Result<Lineage> {
    let mut revs: Vec<Revision> = revisions.to_vec();
    revs.sort_by(|a, b| cmp_versions(&a.version, &b.version));
    let mut schema = Session::new(Schema::new(d));
    let mut states = Vec::new();
    for r in revs {
        let (name, sql, from_db) = sql_of(dir, &r)?;
        let parts = split::split(&name, sql, d)?;
        schema.next_file();
        let mut warnings = Vec::new();
        // Baselines and hand-set revisions stand for files that were applied by other means.
        let n = if r.kind == RevisionKind::Applied {
            r.applied.min(parts.statements.len())
        } else {
            parts.statements.len()
        };
        if r.is_partial() && !from_db && n > 0 {
            let texts: Vec<String> = parts.statements[..n]
                .iter()
                .map(|s| s.text.clone())
                .collect();
            if r.partial_hashes.get(n - 1) != partial_hashes(&texts).last() {
                return Err(Error::HistoryChanged { file: name });
            }
        }
        for st in &parts.statements[..n] {
            let (outcome, w) = schema.statement(&name, st)?;
            if outcome != Outcome::Schema {
                warnings.extend(w);
            }
        }
        let kept = keep(&r).then(|| schema.schema().clone());
        states.push((r, from_db, kept, warnings));
    }
    Ok(Lineage {
        states,
        last: schema.into_schema(),
    })
}

/// Copy identities from `expected` onto `actual` by name, so that the diff from the live
/// database carries the lineage of the replay, and take the replayed spelling of whatever the
/// catalog only spells differently (see [`crate::diff::reconcile`]). Objects only in
/// `actual` keep no identity.
#[must_use]
pub fn adopt_identities(actual: &Schema, expected: &Schema) -> Schema {
    crate::diff::reconcile(actual, expected)
}

/// What a down changes in a database that differs from its history (drift).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DownMode {
    /// Undo only what the reverted files did (three-way, see [`crate::undo`]): objects and
    /// attributes they did not touch stay as they are live, drift included.
    #[default]
    UndoFiles,
    /// Make the database equal the schema of the target version: drift is reverted too.
    Exact,
}

/// Plan the revert of applied migrations down to `target` ("0" reverts everything).
///
/// `revisions` are the rows of the revision table; `actual` is the inspected live schema
/// (without it, the database is assumed to be exactly as the history says); `mode` says
/// whether drift is left alone or reverted too.
///
/// # Errors
/// Unknown or not-lower target, edited files, missing SQL, and replay errors of the history.
///
/// # Panics
/// Never: the lineage keeps the schema of every version this function reads.
pub fn plan_down(
    d: Dialect,
    dir: &MigrationDir,
    revisions: &[Revision],
    actual: Option<&Schema>,
    target: &str,
    mode: DownMode,
) -> Result<DownPlan> {
    plan_down_with_fills(d, dir, revisions, actual, target, mode, &[])
}

/// A value for the rows already in `table` where a down plan re-adds `column` NOT NULL without
/// a default or makes it NOT NULL again (see [`crate::schema::Fill`]): the framework's own
/// reverse would write it there (Django's field default), so a refusal would protect nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ColumnFill {
    /// Table.
    pub table: String,
    /// Column.
    pub column: String,
    /// SQL literal.
    pub value: String,
}

/// [`plan_down`], with values for rows where the plan re-adds or re-tightens a column.
///
/// # Errors
/// As [`plan_down`].
///
/// # Panics
/// As [`plan_down`].
pub fn plan_down_with_fills(
    d: Dialect,
    dir: &MigrationDir,
    revisions: &[Revision],
    actual: Option<&Schema>,
    target: &str,
    mode: DownMode,
    fills: &[ColumnFill],
) -> Result<DownPlan> {
    // PostgreSQL and SQLite need the schema at the target only; MySQL steps through every
    // reverted version.
    let wanted = |r: &Revision| match cmp_versions(&r.version, target) {
        Ordering::Equal => true,
        Ordering::Greater => !d.transactional_ddl(),
        Ordering::Less => false,
    };
    let lin = lineage(d, dir, revisions, &wanted)?;
    let Some(last) = lin.states.last() else {
        return Err(Error::TargetNotBelow {
            target: target.into(),
            current: "0 (nothing applied)".into(),
        });
    };
    let current = last.0.version.clone();
    if target.is_empty() || !target.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::UnknownVersion {
            version: target.into(),
        });
    }
    let target_idx = if target.trim_start_matches('0').is_empty() {
        None
    } else if let Some(i) = lin
        .states
        .iter()
        .position(|(r, ..)| cmp_versions(&r.version, target) == Ordering::Equal)
    {
        Some(i)
    } else {
        if cmp_versions(target, &current) != Ordering::Less {
            return Err(Error::TargetNotBelow {
                target: target.into(),
                current,
            });
        }
        return Err(Error::UnknownVersion {
            version: target.into(),
        });
    };
    if target_idx == Some(lin.states.len() - 1) {
        return Err(Error::TargetNotBelow {
            target: target.into(),
            current,
        });
    }
    let empty = Schema::new(d);
    let schema_at = |i: Option<usize>| -> Schema {
        match i {
            None => {
                let mut e = empty.clone();
                e.next_id = lin.last.next_id;
                e
            }
            Some(i) if i + 1 == lin.states.len() => lin.last.clone(),
            Some(i) => lin.states[i]
                .2
                .clone()
                .expect("lineage keeps the schemas plan_down asks for"),
        }
    };
    let expected = &lin.last;
    let mut warnings = Vec::new();
    let live = match actual {
        Some(a) => {
            // Lineage comes from `expected` only: identities `a` may carry (a replayed stand-in
            // for a database) mean nothing here.
            let mut bare = a.without_ids();
            bare.server.clone_from(&a.server);
            let adopted = adopt_identities(&bare, expected);
            let drift = crate::diff::diff(expected, &adopted);
            let fate = match mode {
                DownMode::UndoFiles => {
                    "left alone unless the reverted files touch it; --exact reverts it"
                }
                DownMode::Exact => "--exact reverts it",
            };
            for c in &drift.changes {
                warnings.push(Warning {
                    code: "EW010",
                    file: String::new(),
                    line: 0,
                    col: 0,
                    message: format!("{} ({fate})", drift_line(c)),
                });
            }
            Some(adopted)
        }
        None => None,
    };
    let first_reverted = target_idx.map_or(0, |i| i + 1);
    let reverted: Vec<&State> = lin.states[first_reverted..].iter().rev().collect();
    for (_, _, _, w) in &reverted {
        for x in w {
            warnings.push(x.clone());
        }
    }
    let rv = |(r, from_db, ..): &State| RevertedVersion {
        version: r.version.clone(),
        description: r.description.clone(),
        applied: r.applied,
        total: r.total,
        from_database: *from_db,
    };
    let version_of =
        |i: Option<usize>| i.map_or_else(|| "0".to_string(), |i| lin.states[i].0.version.clone());
    // Where the revert goes from `from`, undoing the files between `goal` and `base`. Without a
    // live schema `from` is `base` and the answer is `goal` itself.
    let mut casualties = Vec::new();
    let mut destination = |from: Option<&Schema>, base: &Schema, goal: Schema| -> Schema {
        let mut to = match (from, mode) {
            (Some(from), DownMode::UndoFiles) => {
                let u = crate::undo::undo(from, base, &goal);
                casualties.extend(u.casualties);
                u.schema
            }
            _ => goal,
        };
        fill(&mut to, fills);
        to
    };
    let mut steps = Vec::new();
    let target_schema;
    // Columns the revert drops take their framework default too (EB102 counts other values).
    let filled_expected;
    let expected = if fills.is_empty() {
        expected
    } else {
        let mut e = expected.clone();
        fill(&mut e, fills);
        filled_expected = e;
        &filled_expected
    };
    let live = live.map(|mut l| {
        fill(&mut l, fills);
        l
    });
    if d.transactional_ddl() {
        let to = destination(live.as_ref(), expected, schema_at(target_idx));
        let p = plan(live.as_ref().unwrap_or(expected), &to);
        steps.push(DownStep {
            versions: reverted.iter().map(|x| rv(x)).collect(),
            to_version: target.to_string(),
            early_checks: p.checks.clone(),
            plan: p,
        });
        target_schema = to;
    } else {
        // One version at a time, newest first: each step ends at a state a re-run recognises.
        let mut from = live.unwrap_or_else(|| expected.clone());
        let before = from.clone();
        for idx in (first_reverted..lin.states.len()).rev() {
            let to_idx = idx.checked_sub(1);
            let base = schema_at(Some(idx));
            let to = destination(actual.is_some().then_some(&from), &base, schema_at(to_idx));
            let p = plan(&from, &to);
            let early_checks = if steps.is_empty() {
                p.checks.clone()
            } else {
                checks_as_now(&before, &from, &to)
            };
            steps.push(DownStep {
                versions: vec![rv(&lin.states[idx])],
                to_version: version_of(to_idx),
                early_checks,
                plan: p,
            });
            from = to;
        }
        target_schema = from;
    }
    for c in casualties {
        warnings.push(Warning {
            code: "EW011",
            file: String::new(),
            line: 0,
            col: 0,
            message: format!(
                "{c} is not from the migration history and depends on what the revert removes: it goes too"
            ),
        });
    }
    Ok(DownPlan {
        dialect: d,
        current,
        target: version_of(target_idx),
        steps,
        warnings,
        target_schema,
    })
}

/// The checks of the step from `from` to `to`, worded for `now`, the database before the
/// plan's first step (identities shared): each table takes the name it has in `now`, and a
/// check on a table or column `now` does not hold (an earlier step creates or re-adds it) is
/// left out. A table `now` lacks takes a name `now` does not use, so that no check can read
/// another table of its name.
fn checks_as_now(now: &Schema, from: &Schema, to: &Schema) -> Vec<Check> {
    let d = now.dialect;
    let now_name = |id: crate::schema::Id| {
        (id != 0)
            .then(|| now.tables.iter().find(|t| t.id == id))
            .flatten()
            .map(|t| t.name.clone())
    };
    let mut names = std::collections::HashMap::new();
    for t in &from.tables {
        let name = now_name(t.id).unwrap_or_else(|| {
            if now.table(&t.name).is_some() {
                format!("{}__ebb_not_yet", t.name)
            } else {
                t.name.clone()
            }
        });
        names.insert(d.key(&t.name), (t.id, name));
    }
    let rename = |s: &Schema| {
        let mut s = s.clone();
        for t in &mut s.tables {
            if let Some((id, name)) = names.get(&d.key(&t.name)) {
                if *id == t.id {
                    t.name.clone_from(name);
                }
            }
            for f in &mut t.foreign_keys {
                if let Some((_, name)) = names.get(&d.key(&f.ref_table)) {
                    f.ref_table.clone_from(name);
                }
            }
        }
        s.sort();
        s
    };
    let (from_now, to_now) = (rename(from), rename(to));
    crate::diff::diff(&from_now, &to_now)
        .checks
        .into_iter()
        .filter(|c| {
            let Some(t) = from_now.table(&c.table) else {
                return false;
            };
            let Some(live) = now.tables.iter().find(|x| x.id != 0 && x.id == t.id) else {
                return false;
            };
            c.column.as_deref().is_none_or(|col| {
                t.column(d, col).is_some_and(|a| {
                    live.columns
                        .iter()
                        .any(|b| a.id != 0 && b.id == a.id && d.same_name(&b.name, col))
                })
            })
        })
        .collect()
}

/// Give each column named in `fills` its [`crate::schema::Fill`].
fn fill(s: &mut Schema, fills: &[ColumnFill]) {
    let d = s.dialect;
    for f in fills {
        if let Some(c) = s.table_mut(&f.table).and_then(|t| {
            t.columns
                .iter_mut()
                .find(|c| d.same_name(&c.name, &f.column))
        }) {
            c.fill = crate::schema::Fill(Some(f.value.clone()));
        }
    }
}

/// Drift in words that say which side has what: `c` takes the history's schema to the
/// database's.
fn drift_line(c: &crate::diff::Change) -> String {
    use crate::diff::Change as C;
    let only_db = "is in the database, not in the migration history";
    let only_history = "is in the migration history, not in the database";
    match c {
        C::CreateTable { def } => format!("table {} {only_db}", def.name),
        C::DropTable { def } => format!("table {} {only_history}", def.name),
        C::AddColumn { table, column, .. } => format!("column {table}.{} {only_db}", column.name),
        C::DropColumn { table, column } => {
            format!("column {table}.{} {only_history}", column.name)
        }
        C::AlterColumn { table, to, .. } => format!(
            "column {table}.{} is not as the migration history defines it",
            to.name
        ),
        other => {
            let line = other.to_string();
            if let Some(what) = line.strip_prefix("add ") {
                format!("{what} {only_db}")
            } else if let Some(what) = line.strip_prefix("drop ") {
                format!("{what} {only_history}")
            } else {
                format!("{line}: the database differs from the migration history")
            }
        }
    }
}

/// A file to apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApplyFile {
    /// Version.
    pub version: String,
    /// Description.
    pub description: String,
    /// File name.
    pub name: String,
    /// Every statement of the file.
    pub statements: Vec<String>,
    /// Index of the first statement to run (non-zero when resuming a partial file).
    pub start_at: usize,
    /// `-- ebb:txmode none`.
    pub no_transaction: bool,
    /// Statements to run after the file's own, on the same connection: they drop the
    /// temporary tables the file left, which replay forgets when its file ends (a next file may
    /// create one of the same name). Not part of the file's record.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub session_end: Vec<String>,
    /// File hash.
    pub hash: String,
    /// Cumulative statement hashes.
    pub partial_hashes: Vec<String>,
    /// The schema after the file (replayed), for the revision row's schema hash.
    pub schema_hash: String,
    /// When resuming a partial file: the schema before and after its next statement, to tell
    /// whether that statement already ran before the interruption (a run killed between
    /// executing a statement and recording it, on a database that cannot roll DDL back).
    #[serde(skip)]
    pub resume: Option<Box<Resume>>,
}

/// See [`ApplyFile::resume`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resume {
    /// Schema with the recorded statements applied.
    pub before: Schema,
    /// Schema with the next statement applied too.
    pub after: Schema,
}

/// What `migrate apply` will run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApplyPlan {
    /// Current version ("0" if none).
    pub current: String,
    /// Files to run, in order.
    pub files: Vec<ApplyFile>,
    /// Warnings from replaying the pending files (data changes and such).
    pub warnings: Vec<Warning>,
}

/// Plan the application of pending files (at most `limit`), resuming a partially applied one.
///
/// # Errors
/// Edited applied files, a partial file whose applied statements changed, and replay errors
/// (the pending files are validated by replaying them before anything runs).
pub fn plan_apply(
    d: Dialect,
    dir: &MigrationDir,
    revisions: &[Revision],
    limit: Option<usize>,
) -> Result<ApplyPlan> {
    let lin = lineage(d, dir, revisions, &|_| false)?;
    let mut schema = Session::new(lin.last.clone());
    let current = lin
        .states
        .iter()
        .rev()
        .find(|(r, ..)| !r.is_partial())
        .map_or_else(|| "0".to_string(), |(r, ..)| r.version.clone());
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    if let Some((r, ..)) = lin
        .states
        .last()
        .filter(|(r, ..)| r.is_partial() && r.kind == RevisionKind::Applied)
    {
        let f = dir.file(&r.version).ok_or_else(|| Error::MissingSql {
            version: r.version.clone(),
        })?;
        let parts = split::split(&f.name, &f.sql, d)?;
        let texts: Vec<String> = parts.statements.iter().map(|s| s.text.clone()).collect();
        let hashes = partial_hashes(&texts);
        if r.applied > 0 && r.partial_hashes.get(r.applied - 1) != hashes.get(r.applied - 1) {
            return Err(Error::HistoryChanged {
                file: f.name.clone(),
            });
        }
        let before = schema.schema().clone();
        let mut after = None;
        for st in &parts.statements[r.applied..] {
            let (_, w) = schema.statement(&f.name, st)?;
            warnings.extend(w);
            if after.is_none() {
                after = Some(schema.schema().clone());
            }
        }
        files.push(ApplyFile {
            resume: after.map(|after| Box::new(Resume { before, after })),
            version: f.version.clone(),
            description: f.description.clone(),
            name: f.name.clone(),
            statements: texts,
            start_at: r.applied,
            no_transaction: parts.directives.no_transaction,
            session_end: schema.session_end(),
            hash: f.hash(),
            partial_hashes: hashes,
            schema_hash: schema_hash(schema.schema()),
        });
    }
    let last_known = lin.states.last().map(|(r, ..)| r.version.clone());
    for f in &dir.files {
        if last_known
            .as_ref()
            .is_some_and(|v| cmp_versions(&f.version, v) != Ordering::Greater)
        {
            continue;
        }
        if limit.is_some_and(|n| files.len() >= n) {
            break;
        }
        let parts = split::split(&f.name, &f.sql, d)?;
        schema.next_file();
        for st in &parts.statements {
            let (_, w) = schema.statement(&f.name, st)?;
            warnings.extend(w);
        }
        let texts: Vec<String> = parts.statements.iter().map(|s| s.text.clone()).collect();
        files.push(ApplyFile {
            version: f.version.clone(),
            description: f.description.clone(),
            name: f.name.clone(),
            partial_hashes: partial_hashes(&texts),
            statements: texts,
            start_at: 0,
            no_transaction: parts.directives.no_transaction,
            session_end: schema.session_end(),
            hash: f.hash(),
            schema_hash: schema_hash(schema.schema()),
            resume: None,
        });
    }
    Ok(ApplyPlan {
        current,
        files,
        warnings,
    })
}

/// Hash of a schema's canonical JSON form.
#[must_use]
pub fn schema_hash(s: &Schema) -> String {
    dir::hash_text(&serde_json::to_string(&s.canonical()).unwrap_or_default())
}

/// Revisions for a directory applied completely up to and including `version` (tests,
/// offline previews): what the revision table would hold.
#[must_use]
pub fn revisions_up_to(
    d: Dialect,
    dir: &MigrationDir,
    version: &str,
    partial_last: Option<usize>,
) -> Vec<Revision> {
    let mut out = Vec::new();
    for f in &dir.files {
        if cmp_versions(&f.version, version) == Ordering::Greater {
            break;
        }
        let texts: Vec<String> = split::split(&f.name, &f.sql, d)
            .map(|p| p.statements.into_iter().map(|s| s.text).collect())
            .unwrap_or_default();
        out.push(Revision {
            version: f.version.clone(),
            description: f.description.clone(),
            kind: RevisionKind::Applied,
            applied: texts.len(),
            total: texts.len(),
            hash: f.hash(),
            partial_hashes: partial_hashes(&texts),
            operator_version: env!("CARGO_PKG_VERSION").into(),
            sql: Some(f.sql.clone()),
            ..Revision::default()
        });
    }
    if let (Some(n), Some(last)) = (partial_last, out.last_mut()) {
        last.applied = n.min(last.total);
    }
    out
}
