//! Schemas: `Schema` (replayed, inspected or read from JSON) and the sans-I/O inspection
//! (`inspect_queries`, `inspect_build`: Python runs the queries, the core builds the schema).

use crate::errors::{to_py, InputError};
use crate::{dialect, from_json, json};
use ebb_core::Schema;
use pyo3::prelude::*;

/// A database schema as ebb models it.
#[pyclass(name = "Schema", module = "ebb", frozen)]
pub(crate) struct PySchema {
    pub(crate) inner: Schema,
}

#[pymethods]
impl PySchema {
    /// The schema that SQL (CREATE statements, or a whole migration) produces.
    #[staticmethod]
    #[pyo3(signature = (sql, dialect, name = "schema.sql"))]
    fn from_sql(py: Python<'_>, sql: &str, dialect: &str, name: &str) -> PyResult<Self> {
        let d = self::dialect(dialect)?;
        let (sql, name) = (sql.to_string(), name.to_string());
        let s = py
            .detach(move || ebb_core::replay::replay_sql(d, &name, &sql))
            .map_err(to_py)?;
        Ok(PySchema { inner: s })
    }

    /// A schema from its JSON form (`to_json`).
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        serde_json::from_str(text)
            .map(|inner| PySchema { inner })
            .map_err(|e| InputError::new_err(format!("not a schema in JSON: {e}")))
    }

    /// The CREATE statements that build this schema, one per line group, `;`-terminated.
    fn to_sql(&self, py: Python<'_>) -> String {
        let s = self.inner.clone();
        py.detach(move || {
            let p = ebb_core::plan::plan(&Schema::new(s.dialect), &s);
            let mut out = String::new();
            for st in &p.statements {
                out.push_str(st);
                out.push_str(";\n");
            }
            out
        })
    }

    /// The schema model as JSON text (`to_dict` parses it).
    fn to_json(&self) -> String {
        json(&self.inner)
    }

    /// The schema model as Python data (the JSON form parsed).
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        from_json(py, &json(&self.inner))
    }

    /// `postgres`, `mysql` or `sqlite`.
    #[getter]
    fn dialect(&self) -> &'static str {
        self.inner.dialect.name()
    }

    /// Table names, sorted.
    #[getter]
    fn tables(&self) -> Vec<String> {
        let mut t: Vec<String> = self.inner.tables.iter().map(|t| t.name.clone()).collect();
        t.sort();
        t
    }

    /// A copy without the named tables (a migration tool's own version table, say).
    #[allow(clippy::needless_pass_by_value)] // PyO3 extracts arguments as owned values
    fn without_tables(&self, names: Vec<String>) -> Self {
        let d = self.inner.dialect;
        let mut s = self.inner.clone();
        s.tables
            .retain(|t| !names.iter().any(|n| d.same_name(n, &t.name)));
        PySchema { inner: s }
    }

    /// Model equality: the same objects with the same definitions.
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PySchema>()
            .is_ok_and(|o| self.inner.same_as(&o.get().inner))
    }

    fn __repr__(&self) -> String {
        format!(
            "<ebb.Schema {} with {} table(s)>",
            self.inner.dialect.name(),
            self.inner.tables.len()
        )
    }
}

/// `(name, value)` of each session setting the inspecting connection takes while the queries
/// run (PostgreSQL: JIT off); the caller puts the previous values back.
#[pyfunction]
pub(crate) fn inspect_settings(dialect: &str) -> PyResult<Vec<(String, String)>> {
    let d = self::dialect(dialect)?;
    Ok(ebb_core::inspect::session_settings(d)
        .iter()
        .map(|(n, v)| ((*n).to_string(), (*v).to_string()))
        .collect())
}

/// The catalog queries of a dialect: `[(id, sql)]`, to run in order.
#[pyfunction]
pub(crate) fn inspect_queries(dialect: &str) -> PyResult<Vec<(String, String)>> {
    let d = self::dialect(dialect)?;
    Ok(ebb_core::inspect::queries(d)
        .iter()
        .map(|q| (q.id.to_string(), q.sql.to_string()))
        .collect())
}

/// One catalog value as the core reads it: text, or None for NULL. Drivers hand back their own
/// types (psycopg's bool and int, PyMySQL's bytes for some catalog columns): a bool is
/// `true`/`false`, bytes are UTF-8, anything else is its `str()`.
fn catalog_text(v: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    use pyo3::types::{PyBool, PyByteArray, PyBytes, PyString};
    if v.is_none() {
        return Ok(None);
    }
    if let Ok(s) = v.cast::<PyString>() {
        return Ok(Some(s.to_cow()?.into_owned()));
    }
    if let Ok(b) = v.cast::<PyBool>() {
        return Ok(Some(if b.is_true() { "true" } else { "false" }.into()));
    }
    if let Ok(b) = v.cast::<PyBytes>() {
        return Ok(Some(String::from_utf8_lossy(b.as_bytes()).into_owned()));
    }
    if let Ok(b) = v.cast::<PyByteArray>() {
        return Ok(Some(String::from_utf8_lossy(&b.to_vec()).into_owned()));
    }
    if v.hasattr("tobytes")? {
        // memoryview
        let b: Vec<u8> = v.call_method0("tobytes")?.extract()?;
        return Ok(Some(String::from_utf8_lossy(&b).into_owned()));
    }
    Ok(Some(v.str()?.to_cow()?.into_owned()))
}

/// The schema the catalog rows describe: `results` is `[(id, rows)]`, each row a sequence of
/// the values a DB-API cursor returned (see [`catalog_text`]).
#[pyfunction]
pub(crate) fn inspect_build(
    py: Python<'_>,
    dialect: &str,
    results: Vec<(String, Bound<'_, PyAny>)>,
) -> PyResult<PySchema> {
    let d = self::dialect(dialect)?;
    let mut sets = Vec::with_capacity(results.len());
    for (id, rows) in results {
        let mut out = Vec::new();
        for row in rows.try_iter()? {
            let row = row?;
            let mut values = Vec::new();
            for v in row.try_iter()? {
                values.push(catalog_text(&v?)?);
            }
            out.push(values);
        }
        sets.push(ebb_core::inspect::ResultSet { id, rows: out });
    }
    py.detach(move || ebb_core::inspect::build(d, &sets))
        .map(|inner| PySchema { inner })
        .map_err(to_py)
}
