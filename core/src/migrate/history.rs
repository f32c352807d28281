//! The applied history: what each recorded revision's SQL was (the file on disk, else the text
//! the revision table kept), replayed version by version, with the hashes that tell an edited
//! file from the one that ran.

use super::dir::{self, cmp_versions};
use super::{MigrationDir, MigrationFile, Revision, RevisionKind};
use crate::replay::{Outcome, Session, Warning};
use crate::schema::Schema;
use crate::sql::split;
use crate::{Dialect, Error, Result};
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

/// The applied history, replayed.
pub(super) struct Lineage<'r> {
    /// Each applied revision, oldest first.
    pub(super) states: Vec<Replayed<'r>>,
    /// The schema after the last applied revision.
    pub(super) last: Schema,
}

/// One applied revision, replayed.
pub(super) struct Replayed<'r> {
    /// The revision as recorded (borrowed: a history of thousands of revisions, each with a
    /// hash per statement, is not copied to be read).
    pub(super) revision: &'r Revision,
    /// Its SQL came from the revision table (its file is no longer on disk).
    pub(super) sql_from_db: bool,
    /// The schema after it, where the caller asked to keep it.
    pub(super) schema: Option<Schema>,
    /// Warnings of its statements that do not change the schema (data changes, …).
    pub(super) warnings: Vec<Warning>,
}

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
pub(super) fn lineage<'r>(
    d: Dialect,
    dir: &MigrationDir,
    revisions: &'r [Revision],
    keep: &dyn Fn(&Revision) -> bool,
) -> Result<Lineage<'r>> {
    let mut revs: Vec<&Revision> = revisions.iter().collect();
    revs.sort_by(|a, b| cmp_versions(&a.version, &b.version));
    let mut schema = Session::new(Schema::new(d));
    let mut states = Vec::new();
    for r in revs {
        let (name, sql, from_db) = sql_of(dir, r)?;
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
        let kept = keep(r).then(|| schema.schema().clone());
        states.push(Replayed {
            revision: r,
            sql_from_db: from_db,
            schema: kept,
            warnings,
        });
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
