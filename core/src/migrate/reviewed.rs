//! Reviewed plans: a plan written to a file by a dry run (`--plan-out`), read and reviewed by
//! a person, then run as written (`--plan`) — or refused, naming what changed, when the
//! database or the directory is no longer what the plan was computed from.
//!
//! The file holds what the plan was computed from (the live schema, the revision rows, the
//! directory's sum) and the statements. Running it recomputes the plan from the same inputs:
//! when they are unchanged the plan is the same, and the statements are compared to be sure.

use super::{MigrationDir, Revision};
use crate::schema::Schema;
use serde::{Deserialize, Serialize};

/// The file format's version.
pub const FORMAT: u32 = 1;

/// A revision row as a plan depends on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowSeen {
    /// Version.
    pub version: String,
    /// Hash of the file's SQL when it ran.
    pub hash: String,
    /// Statements applied.
    pub applied: usize,
}

/// What a plan was computed from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Basis {
    /// The live schema, as inspected.
    pub schema: Schema,
    /// The revision rows.
    pub revisions: Vec<RowSeen>,
    /// The migration directory's `ebb.sum` text.
    pub directory: String,
}

impl Basis {
    /// The basis of a plan computed now.
    #[must_use]
    pub fn new(live: &Schema, revisions: &[Revision], dir: &MigrationDir) -> Basis {
        Basis {
            schema: live.clone(),
            revisions: revisions
                .iter()
                .map(|r| RowSeen {
                    version: r.version.clone(),
                    hash: r.hash.clone(),
                    applied: r.applied,
                })
                .collect(),
            directory: dir.sum(),
        }
    }

    /// What differs between this basis (the plan's) and `now`, one line each; empty when the
    /// plan still applies.
    #[must_use]
    pub fn changes_since(&self, now: &Basis) -> Vec<String> {
        let mut out = Vec::new();
        for d in super::run::differences(&self.schema, &now.schema) {
            out.push(format!("changed in the database since: {d}"));
        }
        let seen = |rows: &[RowSeen], v: &str| rows.iter().find(|r| r.version == v).cloned();
        for r in &now.revisions {
            match seen(&self.revisions, &r.version) {
                None => out.push(format!("revision {} was applied since", r.version)),
                Some(old) if old != *r => out.push(format!(
                    "revision {} changed (applied {} of its statements, was {})",
                    r.version, r.applied, old.applied
                )),
                Some(_) => {}
            }
        }
        for r in &self.revisions {
            if seen(&now.revisions, &r.version).is_none() {
                out.push(format!("revision {} was reverted since", r.version));
            }
        }
        if self.directory != now.directory {
            out.push("the migration directory (its ebb.sum) changed".into());
        }
        out
    }
}

/// A plan file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanFile {
    /// [`FORMAT`].
    pub ebb_plan: u32,
    /// `migrate down` or `migrate apply`.
    pub command: String,
    /// The arguments that chose the plan, to compute it again (`to_version`, `exact`,
    /// `allow_data_loss`, `n`).
    pub arguments: serde_json::Value,
    /// What it was computed from.
    pub basis: Basis,
    /// Every statement, in order: what runs.
    pub statements: Vec<String>,
    /// The plan as the dry run printed it (steps, checks), for the reviewer.
    pub plan: serde_json::Value,
}

impl PlanFile {
    /// Read a plan file's text.
    ///
    /// # Errors
    /// [`crate::Error::Input`] when it is not a plan file of this format.
    pub fn parse(text: &str, command: &str) -> crate::Result<PlanFile> {
        let f: PlanFile = serde_json::from_str(text).map_err(|e| {
            crate::Error::Input(format!(
                "not an ebb plan file ({e}); write one with --dry-run --plan-out"
            ))
        })?;
        if f.ebb_plan != FORMAT {
            return Err(crate::Error::Input(format!(
                "plan file format {} is not this ebb's ({FORMAT}): write it again with --dry-run --plan-out",
                f.ebb_plan
            )));
        }
        if f.command != command {
            return Err(crate::Error::Input(format!(
                "this plan file is for `ebb {}`, not `ebb {command}`",
                f.command
            )));
        }
        Ok(f)
    }

    /// Why the plan cannot run now because what it was computed from changed: each change
    /// named. `None`: the database, its revision rows and the directory are as they were.
    #[must_use]
    pub fn changed(&self, now: &Basis) -> Option<String> {
        let changed = self.basis.changes_since(now);
        (!changed.is_empty()).then(|| {
            format!(
                "the plan no longer matches what it was computed from; nothing was changed:\n  - {}\n  review a new one: --dry-run --plan-out",
                changed.join("\n  - ")
            )
        })
    }

    /// Why the plan cannot run as written now: [`PlanFile::changed`], or ebb computes other
    /// statements from the same basis. `None`: it runs.
    #[must_use]
    pub fn refusal(&self, now: &Basis, statements: &[String]) -> Option<String> {
        self.changed(now).or_else(|| {
            (self.statements != statements).then(|| {
                "this ebb computes other statements from the same database and directory than the plan holds (written by another ebb version?); nothing was changed: review a new one with --dry-run --plan-out"
                    .into()
            })
        })
    }
}
