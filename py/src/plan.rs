//! Plans: between two schemas (`plan`, `diff_json`), and down plans of a directory with the
//! executor that runs them step by step (`DownPlan`, `DownRun`).

use crate::dir::PyDir;
use crate::errors::{to_py, InputError};
use crate::schema::PySchema;
use crate::{dialect, from_json, json};
use ebb_core::migrate::{self, Revision};
use pyo3::prelude::*;

/// The changes that take `a` to `b`, as JSON: `[{"description": …, "change": {…}}]`.
#[pyfunction]
pub(crate) fn diff_json(py: Python<'_>, a: &PySchema, b: &PySchema) -> String {
    let (a, b) = (a.inner.clone(), b.inner.clone());
    py.detach(move || {
        let b = b;
        let d = ebb_core::diff::compare(&a, &b);
        let out: Vec<serde_json::Value> = d
            .changes
            .iter()
            .map(|c| serde_json::json!({"description": c.to_string(), "change": c}))
            .collect();
        json(&out)
    })
}

/// A planned migration between two schemas.
#[pyclass(name = "Plan", module = "ebb", frozen)]
pub(crate) struct PyPlan {
    pub(crate) inner: ebb_core::plan::Plan,
}

#[pymethods]
impl PyPlan {
    /// Statements in order.
    #[getter]
    fn statements(&self) -> Vec<String> {
        self.inner.statements.clone()
    }
    /// The plan as JSON text (checks, pre, statements, verify, post, transactional).
    fn to_json(&self) -> String {
        json(&self.inner)
    }
    /// The plan as a SQL script, checks as comments.
    fn to_sql(&self) -> String {
        self.inner.to_sql()
    }
    fn __len__(&self) -> usize {
        self.inner.statements.len()
    }
}

/// The plan (checks and statements) that takes a database at `a` to `b`.
#[pyfunction]
pub(crate) fn plan(py: Python<'_>, a: &PySchema, b: &PySchema) -> PyResult<PyPlan> {
    if a.inner.dialect != b.inner.dialect {
        return Err(InputError::new_err(format!(
            "cannot plan from a {} schema to a {} schema",
            a.inner.dialect.name(),
            b.inner.dialect.name()
        )));
    }
    let (a, b) = (a.inner.clone(), b.inner.clone());
    let p = py.detach(move || ebb_core::plan::compare(&a, &b));
    Ok(PyPlan { inner: p })
}

/// A computed down migration.
#[pyclass(name = "DownPlan", module = "ebb", frozen)]
pub(crate) struct PyDownPlan {
    pub(crate) inner: migrate::DownPlan,
}

#[pymethods]
impl PyDownPlan {
    /// The version the database is at.
    #[getter]
    fn current(&self) -> String {
        self.inner.current.clone()
    }
    /// The version it goes to (`0`: before the first file).
    #[getter]
    fn target(&self) -> String {
        self.inner.target.clone()
    }
    /// Every statement, in order.
    #[getter]
    fn statements(&self) -> Vec<String> {
        self.inner
            .statements()
            .into_iter()
            .map(str::to_string)
            .collect()
    }
    /// The schema the database must have afterwards.
    #[getter]
    fn target_schema(&self) -> PySchema {
        PySchema {
            inner: self.inner.target_schema.clone(),
        }
    }
    /// Steps in execution order: `{"versions", "to_version", "plan": {"checks",
    /// "statements", …}}` (one step on PostgreSQL and SQLite, one per version on MySQL).
    #[getter]
    fn steps(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        from_json(py, &json(&self.inner.steps))
    }
    /// Every data check, in order: `{"code", "table", "column", "reason", "sql"}`.
    #[getter]
    fn checks(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let all: Vec<&ebb_core::checks::Check> = self
            .inner
            .steps
            .iter()
            .flat_map(|s| &s.plan.checks)
            .collect();
        from_json(py, &json(&all))
    }
    /// What the plan cannot restore (data) and drift found in the database.
    #[getter]
    fn warnings(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        from_json(py, &json(&self.inner.warnings))
    }
    /// The plan as JSON text: dialect, current, target, steps (versions, checks, statements),
    /// warnings.
    fn to_json(&self) -> String {
        let p = &self.inner;
        json(&serde_json::json!({
            "dialect": p.dialect.name(),
            "current": p.current,
            "target": p.target,
            "steps": p.steps,
            "warnings": p.warnings,
        }))
    }
    /// The plan as one SQL script, checks as comments.
    fn to_sql(&self) -> String {
        self.inner.to_sql()
    }
}

/// A down plan being run (`ebb.execute` drives it): the core hands out one operation at a
/// time, as a dict `{"op": "session"|"begin"|"commit"|"rollback"|"step"|"check"|"statement"|
/// "verify"|"save_revision"|"unapplied"|"inspect", …}`, and takes the reply to the last one.
/// The order of a run (and what a failure undoes) is the CLI's: both run the core's.
#[pyclass(name = "DownRun", module = "ebb")]
pub(crate) struct PyDownRun {
    pub(crate) inner: migrate::run::DownRun,
}

#[pymethods]
impl PyDownRun {
    /// `rows`: the revision table's rows (`select_all` of [`revision_statements`]) of the
    /// reverted versions, where the plan's versions are the table's: a MySQL revert writes its
    /// progress into them. `in_caller_transaction`: the caller's transaction holds the run.
    /// `dry_run`: only the checks, in a read-only transaction.
    #[new]
    #[pyo3(signature = (plan, rows = Vec::new(), in_caller_transaction = false, again = String::new(), dry_run = false))]
    fn new(
        plan: &PyDownPlan,
        rows: Vec<Vec<Option<String>>>,
        in_caller_transaction: bool,
        again: String,
        dry_run: bool,
    ) -> PyResult<Self> {
        let rows = rows
            .into_iter()
            .map(|r| Revision::from_row(&r))
            .collect::<Result<Vec<_>, _>>()
            .map_err(to_py)?;
        Ok(PyDownRun {
            inner: migrate::run::DownRun::new(
                plan.inner.clone(),
                migrate::run::RunOptions {
                    in_caller_transaction,
                    rows,
                    again,
                    dry_run,
                    allow_data_loss: Vec::new(),
                },
            ),
        })
    }

    /// The next operation (None: the run is over, see `outcome`), given the reply to the last:
    /// `kind` is "ok", "value" (`value`: the check's first value as text or None), "rows"
    /// (`value`: list of rows of text or None), "schema" (`value`: a Schema) or "failed"
    /// (`value`: the driver's message). A `save_revision` op carries `values`, bound in
    /// the order of the `upsert` statement.
    #[pyo3(signature = (kind = "ok", value = None))]
    fn next(
        &mut self,
        py: Python<'_>,
        kind: &str,
        value: Option<Bound<'_, PyAny>>,
    ) -> PyResult<Option<Py<PyAny>>> {
        use migrate::run::{Op, Reply};
        let reply = match (kind, value) {
            ("ok", _) => Reply::Ok,
            ("value", v) => Reply::Value(match v {
                Some(v) if !v.is_none() => Some(v.extract::<String>()?),
                _ => None,
            }),
            ("rows", Some(v)) => Reply::Rows(v.extract()?),
            ("schema", Some(v)) => {
                Reply::Schema(Box::new(v.cast::<PySchema>()?.get().inner.clone()))
            }
            ("failed", v) => Reply::Failed(v.map(|v| v.to_string()).unwrap_or_default()),
            (k, _) => {
                return Err(InputError::new_err(format!("unknown reply {k:?}")));
            }
        };
        let Some(op) = self.inner.next(reply) else {
            return Ok(None);
        };
        let mut doc = serde_json::to_value(&op).unwrap_or_default();
        if let Op::SaveRevision { revision } = &op {
            doc["values"] = serde_json::to_value(revision.values()).unwrap_or_default();
        }
        from_json(py, &doc.to_string()).map(Some)
    }

    /// How the run ended: `{"ok": True, "statements": n}` or `{"ok": False, "message",
    /// "refused": [checks], "changed"}`; None while it runs.
    fn outcome(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        let doc = match self.inner.outcome() {
            None => return Ok(None),
            Some(Ok(n)) => serde_json::json!({"ok": true, "statements": n}),
            Some(Err(e)) => serde_json::json!({"ok": false, "message": e.message,
                                               "refused": e.refused, "changed": e.changed}),
        };
        from_json(py, &doc.to_string()).map(Some)
    }
}

/// Plan the revert of `dir` from the database's revisions (JSON list of revision rows) to
/// `target`, against the inspected schema `actual` (None: assume the history); `exact` reverts
/// drift too instead of undoing only what the reverted files did; `fills_json` is a JSON list
/// of `{"table", "column", "value"}`: SQL values for rows where the plan re-adds a NOT NULL
/// column or makes one NOT NULL again (the framework's default).
#[pyfunction]
#[pyo3(signature = (dir, revisions_json, target, dialect, actual = None, exact = false, fills_json = None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn plan_down_json(
    py: Python<'_>,
    dir: &PyDir,
    revisions_json: &str,
    target: &str,
    dialect: &str,
    actual: Option<&PySchema>,
    exact: bool,
    fills_json: Option<&str>,
) -> PyResult<PyDownPlan> {
    let fills: Vec<migrate::ColumnFill> = match fills_json {
        Some(j) => {
            serde_json::from_str(j).map_err(|e| InputError::new_err(format!("fills: {e}")))?
        }
        None => Vec::new(),
    };
    let mode = if exact {
        migrate::DownMode::Exact
    } else {
        migrate::DownMode::UndoFiles
    };
    let d = self::dialect(dialect)?;
    let revs: Vec<Revision> = serde_json::from_str(revisions_json)
        .map_err(|e| InputError::new_err(format!("revisions: {e}")))?;
    let (md, target, actual) = (
        dir.inner.clone(),
        target.to_string(),
        actual.map(|a| a.inner.clone()),
    );
    py.detach(move || {
        migrate::plan_down_with_fills(d, &md, &revs, actual.as_ref(), &target, mode, &fills)
    })
    .map(|inner| PyDownPlan { inner })
    .map_err(to_py)
}
