//! Sans-I/O inspection. For each dialect the core owns the catalog queries (as data) and the
//! function that turns their rows into a [`Schema`]; surfaces only run the queries. Every query
//! returns text (or NULL) in every column, so any driver — sqlx, a Python DB-API cursor — can
//! hand the rows back without knowing their types.
//!
//! ```text
//! for q in inspect::queries(d) { rows = run(q.sql) as text; results.push(ResultSet { id: q.id, rows }) }
//! let actual = inspect::build(d, &results)?;
//! ```
//!
//! A catalog spells some things differently from the migration that created them
//! (`'x'::text`, `CHECK ((a > (0)::numeric))`, a rewritten view body). [`crate::diff::reconcile`] takes the
//! replayed spelling wherever the two are equivalent, so that only real differences reach the
//! diff.

mod mysql;
mod postgres;
mod sqlite;

use crate::{Dialect, Error, Result, Schema};
use serde::{Deserialize, Serialize};

/// One catalog query of a dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Query {
    /// Stable identifier; results are handed back under it.
    pub id: &'static str,
    /// The SQL to run. It takes no parameters and returns text columns.
    pub sql: &'static str,
    /// Number of columns every row has; 0 when it depends on the server (the builder reads
    /// the row's length).
    pub columns: usize,
}

/// The rows a surface got for one query: every value as text, SQL NULL as `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultSet {
    /// The query's [`Query::id`].
    pub id: String,
    /// Rows in the order the database returned them.
    pub rows: Vec<Vec<Option<String>>>,
}

/// The catalog queries of a dialect, in the order they should run.
#[must_use]
pub fn queries(d: Dialect) -> &'static [Query] {
    match d {
        Dialect::Postgres => postgres::QUERIES,
        Dialect::Mysql => mysql::QUERIES,
        Dialect::Sqlite => sqlite::QUERIES,
    }
}

/// Session settings the inspecting connection takes while the catalog queries run, as
/// `(name, value)` pairs; a surface sets each for the session (PostgreSQL: `set_config(name,
/// value, false)`) after reading its current value, and puts that value back afterwards.
///
/// PostgreSQL compiles a query with its JIT once the planner's cost estimate passes
/// `jit_above_cost`, which the catalog queries do on a few thousand tables: compiling the
/// indexes query then takes far longer than running it (0.32 s against 0.04 s at 1,000
/// tables), so JIT is off for them.
#[must_use]
pub fn session_settings(d: Dialect) -> &'static [(&'static str, &'static str)] {
    match d {
        Dialect::Postgres => &[("jit", "off")],
        Dialect::Mysql | Dialect::Sqlite => &[],
    }
}

/// Build the schema the catalog rows describe. The revision table is left out.
///
/// # Errors
/// [`Error::Inspect`] when a query's result is missing or a row is not in the expected shape;
/// for SQLite, replay errors of a stored `CREATE` statement.
pub fn build(d: Dialect, results: &[ResultSet]) -> Result<Schema> {
    let rows = Rows::new(d, results)?;
    let mut s = match d {
        Dialect::Postgres => postgres::build(&rows)?,
        Dialect::Mysql => mysql::build(&rows)?,
        Dialect::Sqlite => sqlite::build(&rows)?,
    };
    let revisions = d.key(crate::migrate::revisions::TABLE);
    s.tables.retain(|t| d.key(&t.name) != revisions);
    s.sequences.retain(|q| {
        q.owned_by
            .as_ref()
            .is_none_or(|(t, _)| d.key(t) != revisions)
    });
    s.sort();
    if s.next_id == 0 {
        s.next_id = 1;
    }
    Ok(s)
}

/// Results by query id, checked against the dialect's query list.
pub(crate) struct Rows<'a> {
    by_id: Vec<(&'static Query, &'a ResultSet)>,
}

impl<'a> Rows<'a> {
    fn new(d: Dialect, results: &'a [ResultSet]) -> Result<Self> {
        let mut by_id = Vec::new();
        for q in queries(d) {
            let Some(rs) = results.iter().find(|r| r.id == q.id) else {
                return Err(Error::Inspect(format!(
                    "no result for catalog query `{}`; run every query of inspect::queries",
                    q.id
                )));
            };
            for (n, row) in rs.rows.iter().enumerate() {
                if q.columns != 0 && row.len() != q.columns {
                    return Err(Error::Inspect(format!(
                        "query `{}` row {} has {} values, expected {}",
                        q.id,
                        n + 1,
                        row.len(),
                        q.columns
                    )));
                }
            }
            by_id.push((q, rs));
        }
        Ok(Rows { by_id })
    }

    /// The rows of a query.
    pub(crate) fn of<'s>(&'s self, id: &'s str) -> impl Iterator<Item = Row<'a>> + 's {
        self.by_id
            .iter()
            .filter(move |(q, _)| q.id == id)
            .flat_map(|(q, rs)| {
                rs.rows.iter().enumerate().map(move |(n, vals)| Row {
                    query: q.id,
                    n: n + 1,
                    vals,
                })
            })
    }
}

/// One catalog row with typed accessors whose errors name the query, row and column.
#[derive(Clone, Copy)]
pub(crate) struct Row<'a> {
    query: &'static str,
    n: usize,
    vals: &'a [Option<String>],
}

impl<'a> Row<'a> {
    /// Number of values.
    pub(crate) fn len(&self) -> usize {
        self.vals.len()
    }
    /// The value of column `i`, `None` for NULL.
    pub(crate) fn opt(&self, i: usize) -> Option<&'a str> {
        self.vals.get(i).and_then(|v| v.as_deref())
    }
    /// A value that is never NULL.
    pub(crate) fn req(&self, i: usize) -> Result<&'a str> {
        self.opt(i).ok_or_else(|| self.bad(i, "is NULL"))
    }
    /// A boolean in any spelling a driver gives it (`true`/`t`/`1`).
    pub(crate) fn flag(&self, i: usize) -> Result<bool> {
        match self.req(i)?.to_ascii_lowercase().as_str() {
            "true" | "t" | "1" | "yes" => Ok(true),
            "false" | "f" | "0" | "no" => Ok(false),
            _ => Err(self.bad(i, "is not a boolean")),
        }
    }
    /// An integer.
    pub(crate) fn int(&self, i: usize) -> Result<i64> {
        self.req(i)?
            .trim()
            .parse()
            .map_err(|_| self.bad(i, "is not an integer"))
    }
    /// A JSON value (used for arrays built with `json_agg`).
    pub(crate) fn json<T: serde::de::DeserializeOwned>(&self, i: usize) -> Result<T> {
        serde_json::from_str(self.req(i)?).map_err(|e| self.bad(i, &format!("is not JSON: {e}")))
    }
    /// An error naming where this row's value is wrong.
    pub(crate) fn bad(&self, i: usize, what: &str) -> Error {
        Error::Inspect(format!(
            "query `{}` row {} column {} {what} (value: {:?})",
            self.query,
            self.n,
            i + 1,
            self.opt(i)
        ))
    }
}

/// `ns.name`, or just `name` in the dialect's default namespace.
pub(crate) fn qualify(d: Dialect, ns: &str, name: &str) -> String {
    if d.default_namespace() == Some(ns) || ns.is_empty() {
        name.to_string()
    } else {
        format!("{ns}.{name}")
    }
}

/// Empty comment text means no comment.
pub(crate) fn comment(v: Option<&str>) -> Option<String> {
    v.filter(|c| !c.is_empty()).map(str::to_string)
}
