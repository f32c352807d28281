//! Planning a down: the steps that take a database from its applied history (or its live
//! schema) back to a target version, with the checks that refuse to lose data and the fills a
//! framework's own reverse would write.

use super::history::{adopt_identities, lineage, Lineage, Replayed};
use super::{cmp_versions, MigrationDir, Revision};
use crate::checks::Check;
use crate::plan::{plan, Plan};
use crate::replay::Warning;
use crate::schema::Schema;
use crate::{Dialect, Error, Result};
use serde::Serialize;
use std::cmp::Ordering;

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
    let mut lin = lineage(d, dir, revisions, &wanted)?;
    let (current, target_idx) = target_index(&lin, target)?;
    let target_taken = take_target(d, &mut lin, target_idx);
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
                .schema
                .clone()
                .expect("lineage keeps the schemas plan_down asks for"),
        }
    };
    let expected = &lin.last;
    let mut warnings = Vec::new();
    let live = actual.map(|a| adopt_with_drift(a, expected, mode, &mut warnings));
    let first_reverted = target_idx.map_or(0, |i| i + 1);
    let reverted: Vec<&Replayed<'_>> = lin.states[first_reverted..].iter().rev().collect();
    for s in &reverted {
        warnings.extend(s.warnings.iter().cloned());
    }
    let rv = |s: &Replayed<'_>| RevertedVersion {
        version: s.revision.version.clone(),
        description: s.revision.description.clone(),
        applied: s.revision.applied,
        total: s.revision.total,
        from_database: s.sql_from_db,
    };
    let version_of = |i: Option<usize>| {
        i.map_or_else(
            || "0".to_string(),
            |i| lin.states[i].revision.version.clone(),
        )
    };
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
    let filled = (!fills.is_empty()).then(|| {
        let mut e = expected.clone();
        fill(&mut e, fills);
        e
    });
    let expected = filled.as_ref().unwrap_or(expected);
    let live = live.map(|mut l| {
        fill(&mut l, fills);
        l
    });
    if d.transactional_ddl() {
        let goal = target_taken.unwrap_or_else(|| schema_at(target_idx));
        let to = destination(live.as_ref(), expected, goal);
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
    warnings.extend(casualties.into_iter().map(|c| Warning {
        code: "EW011",
        file: String::new(),
        line: 0,
        col: 0,
        message: format!(
            "{c} is not from the migration history and depends on what the revert removes: it goes too"
        ),
    }));
    Ok(DownPlan {
        dialect: d,
        current,
        target: version_of(target_idx),
        steps,
        warnings,
        target_schema,
    })
}

/// The target's schema moved out of the lineage where one step reads it once (PostgreSQL,
/// SQLite): copying a schema of thousands of tables was 2-3 % of a whole `plan_down`.
fn take_target(d: Dialect, lin: &mut Lineage<'_>, target_idx: Option<usize>) -> Option<Schema> {
    target_idx
        .filter(|i| d.transactional_ddl() && i + 1 < lin.states.len())
        .and_then(|i| lin.states[i].schema.take())
}

/// The version the database is at, and the index of `target` in the history (`None` for 0);
/// an error unless `target` is a version below the current one.
fn target_index(lin: &Lineage<'_>, target: &str) -> Result<(String, Option<usize>)> {
    let Some(last) = lin.states.last() else {
        return Err(Error::TargetNotBelow {
            target: target.into(),
            current: "0 (nothing applied)".into(),
        });
    };
    let current = last.revision.version.clone();
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
        .position(|s| cmp_versions(&s.revision.version, target) == Ordering::Equal)
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
    Ok((current, target_idx))
}

/// The live schema `a` with the history's identities, and an EW010 warning for each way it
/// differs from the history (drift), saying what the revert does with it.
fn adopt_with_drift(
    a: &Schema,
    expected: &Schema,
    mode: DownMode,
    warnings: &mut Vec<Warning>,
) -> Schema {
    // Lineage comes from `expected` only: identities `a` may carry (a replayed stand-in
    // for a database) mean nothing here.
    let mut bare = a.without_ids();
    bare.server.clone_from(&a.server);
    let adopted = adopt_identities(&bare, expected);
    let drift = crate::diff::diff(expected, &adopted);
    let fate = match mode {
        DownMode::UndoFiles => "left alone unless the reverted files touch it; --exact reverts it",
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
    adopted
}

/// The checks of the step from `from` to `to`, worded for `now`, the database before the
/// plan's first step (identities shared): each table takes the name it has in `now`, and a
/// check on a table or column `now` does not hold (an earlier step creates or re-adds it) is
/// left out. A table `now` lacks takes a name `now` does not use, so that no check can read
/// another table of its name.
fn checks_as_now(now: &Schema, from: &Schema, to: &Schema) -> Vec<Check> {
    let d = now.dialect;
    // Lookups by identity and by name key, built once: a step of a revert of thousands of
    // tables asks for every table.
    let now_by_id = now.tables_by_id();
    let now_by_key = crate::diff::TablesByKey::new(now);
    let now_name = |id: crate::schema::Id| now_by_id.get(&id).map(|t| t.name.clone());
    let mut names = std::collections::HashMap::new();
    for t in &from.tables {
        let name = now_name(t.id).unwrap_or_else(|| {
            if now_by_key.get(&t.name).is_some() {
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
            let renamed_to = names
                .get(&d.key(&t.name))
                .filter(|(id, name)| *id == t.id && *name != t.name)
                .map(|(_, name)| name.clone());
            let renamed_ref = |f: &crate::schema::ForeignKey| {
                names
                    .get(&d.key(&f.ref_table))
                    .is_some_and(|(_, name)| *name != f.ref_table)
            };
            // A table with no name to change stays shared with `from`/`to`.
            if renamed_to.is_none() && !t.foreign_keys.iter().any(renamed_ref) {
                continue;
            }
            let t = std::sync::Arc::make_mut(t);
            if let Some(name) = renamed_to {
                t.name = name;
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
    let from_now_by_key = crate::diff::TablesByKey::new(&from_now);
    crate::diff::diff(&from_now, &to_now)
        .checks
        .into_iter()
        .filter(|c| {
            let Some(t) = from_now_by_key.get(&c.table) else {
                return false;
            };
            let Some(live) = now_by_id.get(&t.id) else {
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
