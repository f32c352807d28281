//! The revision table `ebb_schema_revisions`: its model, DDL and statements per dialect. The
//! surfaces execute these statements; the core only describes them.

use crate::Dialect;
use serde::{Deserialize, Serialize};

/// Name of the revision table.
pub const TABLE: &str = "ebb_schema_revisions";

/// How a revision came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RevisionKind {
    /// Applied by ebb.
    #[default]
    Applied,
    /// Marked as the baseline of an existing database.
    Baseline,
    /// Set by hand (`ebb migrate set`).
    Manual,
}

impl RevisionKind {
    /// Stored code.
    #[must_use]
    pub fn code(self) -> i64 {
        match self {
            RevisionKind::Applied => 1,
            RevisionKind::Baseline => 2,
            RevisionKind::Manual => 3,
        }
    }
    /// From the stored code.
    #[must_use]
    pub fn from_code(c: i64) -> Self {
        match c {
            2 => RevisionKind::Baseline,
            3 => RevisionKind::Manual,
            _ => RevisionKind::Applied,
        }
    }
}

/// One row of the revision table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Revision {
    /// Version.
    pub version: String,
    /// Description.
    pub description: String,
    /// Kind.
    pub kind: RevisionKind,
    /// Statements applied.
    pub applied: usize,
    /// Statements in the file.
    pub total: usize,
    /// When it ran (RFC 3339, UTC).
    pub executed_at: String,
    /// Duration in milliseconds.
    pub execution_time_ms: i64,
    /// Error of a failed statement.
    #[serde(default)]
    pub error: Option<String>,
    /// The failed statement.
    #[serde(default)]
    pub error_stmt: Option<String>,
    /// Hash of the file.
    pub hash: String,
    /// Cumulative hashes of statements 1..i.
    #[serde(default)]
    pub partial_hashes: Vec<String>,
    /// ebb version that applied it.
    pub operator_version: String,
    /// The file's SQL, so a revert works without the file on disk.
    #[serde(default)]
    pub sql: Option<String>,
    /// Hash of the schema after the file.
    #[serde(default)]
    pub schema_hash: Option<String>,
}

impl Revision {
    /// A partially applied file.
    #[must_use]
    pub fn is_partial(&self) -> bool {
        self.applied < self.total
    }
}

/// `CREATE TABLE IF NOT EXISTS` for the revision table.
#[must_use]
pub fn create_table(d: Dialect) -> String {
    let (text, big, ts) = match d {
        Dialect::Postgres => ("text", "bigint", "text"),
        Dialect::Mysql => ("longtext", "bigint", "varchar(40)"),
        Dialect::Sqlite => ("text", "integer", "text"),
    };
    let key = if d == Dialect::Mysql {
        "varchar(64)"
    } else {
        "text"
    };
    format!(
        "CREATE TABLE IF NOT EXISTS {t} (\n  version {key} NOT NULL PRIMARY KEY,\n  description {text} NOT NULL,\n  type {big} NOT NULL DEFAULT 1,\n  applied {big} NOT NULL DEFAULT 0,\n  total {big} NOT NULL DEFAULT 0,\n  executed_at {ts} NOT NULL,\n  execution_time {big} NOT NULL,\n  error {text} NULL,\n  error_stmt {text} NULL,\n  hash {text} NOT NULL,\n  partial_hashes {text} NULL,\n  operator_version {text} NOT NULL,\n  sql_text {text} NULL,\n  schema_hash {text} NULL\n)",
        t = d.quote(TABLE)
    )
}

/// Columns in the order used by [`select_all`] and [`upsert`].
pub const COLUMNS: [&str; 14] = [
    "version",
    "description",
    "type",
    "applied",
    "total",
    "executed_at",
    "execution_time",
    "error",
    "error_stmt",
    "hash",
    "partial_hashes",
    "operator_version",
    "sql_text",
    "schema_hash",
];

/// Read every revision.
#[must_use]
pub fn select_all(d: Dialect) -> String {
    format!("SELECT {} FROM {}", COLUMNS.join(", "), d.quote(TABLE))
}

/// Insert or replace one revision; binds the [`COLUMNS`] in order.
#[must_use]
pub fn upsert(d: Dialect) -> String {
    let params: Vec<String> = (1..=COLUMNS.len()).map(|i| d.placeholder(i)).collect();
    let cols = COLUMNS.join(", ");
    if d == Dialect::Mysql {
        format!(
            "REPLACE INTO {} ({cols}) VALUES ({})",
            d.quote(TABLE),
            params.join(", ")
        )
    } else {
        let set = COLUMNS[1..]
            .iter()
            .map(|c| format!("{c} = excluded.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "INSERT INTO {} ({cols}) VALUES ({}) ON CONFLICT (version) DO UPDATE SET {set}",
            d.quote(TABLE),
            params.join(", ")
        )
    }
}

/// Delete one revision (binds the version).
#[must_use]
pub fn delete(d: Dialect) -> String {
    format!(
        "DELETE FROM {} WHERE version = {}",
        d.quote(TABLE),
        d.placeholder(1)
    )
}

/// Update how far a file got (binds applied, error, error_stmt, version), used after every
/// statement on MySQL so that a killed run can be resumed.
#[must_use]
pub fn update_progress(d: Dialect) -> String {
    format!(
        "UPDATE {} SET applied = {}, error = {}, error_stmt = {} WHERE version = {}",
        d.quote(TABLE),
        d.placeholder(1),
        d.placeholder(2),
        d.placeholder(3),
        d.placeholder(4)
    )
}
