//! Planning an apply: the files after the recorded history, each with its statements, hashes
//! and the schema after it, resuming a file that stopped part way.

use super::history::{lineage, partial_hashes, schema_hash};
use super::{cmp_versions, MigrationDir, Revision, RevisionKind};
use crate::replay::{Session, Warning};
use crate::schema::Schema;
use crate::sql::split;
use crate::{Dialect, Error, Result};
use serde::Serialize;
use std::cmp::Ordering;

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
        .find(|s| !s.revision.is_partial())
        .map_or_else(|| "0".to_string(), |s| s.revision.version.clone());
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    if let Some(r) = lin
        .states
        .last()
        .map(|s| &s.revision)
        .filter(|r| r.is_partial() && r.kind == RevisionKind::Applied)
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
    let last_known = lin.states.last().map(|s| s.revision.version.clone());
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
