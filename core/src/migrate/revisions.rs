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
    upsert_with(d, |i| d.placeholder(i))
}

/// [`upsert`] with the placeholders a driver wants (`%s` for Python's DB-API drivers).
#[must_use]
pub fn upsert_with(d: Dialect, placeholder: impl Fn(usize) -> String) -> String {
    let params: Vec<String> = (1..=COLUMNS.len()).map(placeholder).collect();
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
    delete_with(d, &d.placeholder(1))
}

/// [`delete`] with the placeholder a driver wants.
#[must_use]
pub fn delete_with(d: Dialect, placeholder: &str) -> String {
    format!(
        "DELETE FROM {} WHERE version = {placeholder}",
        d.quote(TABLE)
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

/// A value bound to a statement of this module: the surfaces map it onto their driver's types.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Value {
    /// Text.
    Text(String),
    /// A 64-bit integer.
    Int(i64),
    /// SQL NULL (a text column).
    Null,
}

fn int(n: usize) -> Value {
    Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

fn opt(s: Option<&String>) -> Value {
    s.map_or(Value::Null, |s| Value::Text(s.clone()))
}

impl Revision {
    /// The values [`upsert`] binds, in [`COLUMNS`] order.
    #[must_use]
    pub fn values(&self) -> Vec<Value> {
        vec![
            Value::Text(self.version.clone()),
            Value::Text(self.description.clone()),
            Value::Int(self.kind.code()),
            int(self.applied),
            int(self.total),
            Value::Text(self.executed_at.clone()),
            Value::Int(self.execution_time_ms),
            opt(self.error.as_ref()),
            opt(self.error_stmt.as_ref()),
            Value::Text(self.hash.clone()),
            Value::Text(serde_json::to_string(&self.partial_hashes).unwrap_or_default()),
            Value::Text(self.operator_version.clone()),
            opt(self.sql.as_ref()),
            opt(self.schema_hash.as_ref()),
        ]
    }

    /// A row of [`select_all`], every value as text (SQL NULL as `None`).
    ///
    /// # Errors
    /// [`crate::Error::Input`] naming the version and column when the row is not one ebb wrote.
    pub fn from_row(row: &[Option<String>]) -> crate::Result<Revision> {
        let version = row.first().cloned().flatten().unwrap_or_default();
        let bad = |col: &str, why: &str| {
            crate::Error::Input(format!(
                "revision table row {version:?}: column {col} {why}"
            ))
        };
        if row.len() != COLUMNS.len() {
            return Err(bad(
                "count",
                &format!("is {}, expected {}", row.len(), COLUMNS.len()),
            ));
        }
        let text = |i: usize| row[i].clone();
        let req = |i: usize| text(i).ok_or_else(|| bad(COLUMNS[i], "is NULL"));
        let num = |i: usize| -> crate::Result<i64> {
            req(i)?
                .trim()
                .parse()
                .map_err(|_| bad(COLUMNS[i], "is not a number"))
        };
        let count = |i: usize| -> crate::Result<usize> {
            usize::try_from(num(i)?).map_err(|_| bad(COLUMNS[i], "is negative"))
        };
        let partial_hashes = match text(10).filter(|t| !t.is_empty()) {
            None => Vec::new(),
            Some(t) => serde_json::from_str(&t)
                .map_err(|_| bad("partial_hashes", "is not a JSON list of hashes"))?,
        };
        Ok(Revision {
            version: req(0)?,
            description: req(1)?,
            kind: RevisionKind::from_code(num(2)?),
            applied: count(3)?,
            total: count(4)?,
            executed_at: req(5)?,
            execution_time_ms: num(6)?,
            error: text(7),
            error_stmt: text(8),
            hash: req(9)?,
            partial_hashes,
            operator_version: req(11)?,
            sql: text(12),
            schema_hash: text(13),
        })
    }
}

/// Whether the revision table exists (binds nothing; returns one row whose first value is
/// non-zero when it does). Read-only commands use it so that they create nothing.
#[must_use]
pub fn exists(d: Dialect) -> String {
    match d {
        Dialect::Postgres => format!(
            "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = '{TABLE}'"
        ),
        Dialect::Mysql => format!(
            "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '{TABLE}'"
        ),
        Dialect::Sqlite => format!(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{TABLE}'"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_revision_survives_its_row_form() {
        let r = Revision {
            version: "20240101000000".into(),
            description: "init".into(),
            kind: RevisionKind::Baseline,
            applied: 2,
            total: 3,
            executed_at: "2026-11-22T10:00:00Z".into(),
            execution_time_ms: 12,
            error: Some("boom".into()),
            error_stmt: None,
            hash: "h1:abc=".into(),
            partial_hashes: vec!["a+/=".into(), "b".into()],
            operator_version: "0.1.0".into(),
            sql: Some("CREATE TABLE t (id int);".into()),
            schema_hash: None,
        };
        let row: Vec<Option<String>> = r
            .values()
            .into_iter()
            .map(|v| match v {
                Value::Text(s) => Some(s),
                Value::Int(n) => Some(n.to_string()),
                Value::Null => None,
            })
            .collect();
        assert_eq!(Revision::from_row(&row).unwrap(), r);
        let mut broken = row.clone();
        broken[3] = Some("two".into());
        assert_eq!(
            Revision::from_row(&broken).unwrap_err().to_string(),
            "invalid input: revision table row \"20240101000000\": column applied is not a number"
        );
    }
}
