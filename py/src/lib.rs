//! `ebb._ebb`: the core exposed to Python. Thin on purpose: values cross as core types wrapped
//! in classes, or as JSON text that the Python side turns into dicts; every core error becomes
//! an exception of the `ebb.EbbError` family carrying its position or version; the GIL is
//! released while the core replays, diffs and plans.

use ebb_core::migrate::{self, Layout, MigrationDir, Revision};
use ebb_core::{Dialect, Error, Schema};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use std::path::PathBuf;

create_exception!(
    _ebb,
    EbbError,
    PyException,
    "Base class of every error ebb raises."
);
create_exception!(
    _ebb,
    ParseError,
    EbbError,
    "SQL that does not parse (.file, .line, .column)."
);
create_exception!(
    _ebb,
    UnsupportedError,
    EbbError,
    "A statement ebb cannot model (.file, .line, .column); mark it `-- ebb:skip`."
);
create_exception!(
    _ebb,
    SemanticError,
    EbbError,
    "Valid SQL that does not fit the schema at that point (.file, .line, .column)."
);
create_exception!(
    _ebb,
    DirectoryError,
    EbbError,
    "A migration directory that cannot be used: file names, ebb.sum, edited or missing files."
);
create_exception!(
    _ebb,
    VersionError,
    EbbError,
    "An unknown target version, or one not below the current version (.version)."
);
create_exception!(
    _ebb,
    InspectError,
    EbbError,
    "Catalog rows not in the expected shape."
);
create_exception!(
    _ebb,
    InputError,
    EbbError,
    "Invalid input: a dialect, a format, JSON."
);
create_exception!(
    _ebb,
    CheckFailed,
    EbbError,
    "A data check refused a step that would lose data (.table, .column, .code)."
);

/// A core error as the matching Python exception, its details as attributes.
#[allow(clippy::needless_pass_by_value)] // the shape `map_err` wants
fn to_py(e: Error) -> PyErr {
    let msg = e.to_string();
    Python::attach(|py| {
        let (err, attrs): (PyErr, Vec<(&str, Py<PyAny>)>) = match &e {
            Error::Parse {
                file, line, col, ..
            } => (ParseError::new_err(msg), position(py, file, *line, *col)),
            Error::Unsupported {
                file, line, col, ..
            } => (
                UnsupportedError::new_err(msg),
                position(py, file, *line, *col),
            ),
            Error::Semantic {
                file, line, col, ..
            } => (SemanticError::new_err(msg), position(py, file, *line, *col)),
            Error::UnknownVersion { version } => (
                VersionError::new_err(msg),
                vec![(
                    "version",
                    version
                        .clone()
                        .into_pyobject(py)
                        .unwrap()
                        .into_any()
                        .unbind(),
                )],
            ),
            Error::TargetNotBelow { target, .. } => (
                VersionError::new_err(msg),
                vec![(
                    "version",
                    target
                        .clone()
                        .into_pyobject(py)
                        .unwrap()
                        .into_any()
                        .unbind(),
                )],
            ),
            Error::BadFileName { .. }
            | Error::DuplicateVersion { .. }
            | Error::NotUtf8 { .. }
            | Error::SumMismatch { .. }
            | Error::SumSyntax { .. }
            | Error::HistoryChanged { .. }
            | Error::MissingSql { .. } => (DirectoryError::new_err(msg), vec![]),
            Error::Inspect(_) => (InspectError::new_err(msg), vec![]),
            Error::CannotPlan { .. } | Error::Input(_) => (InputError::new_err(msg), vec![]),
        };
        for (k, v) in attrs {
            let _ = err.value(py).setattr(k, v);
        }
        err
    })
}

fn position(py: Python<'_>, file: &str, line: usize, col: usize) -> Vec<(&'static str, Py<PyAny>)> {
    vec![
        ("file", file.into_pyobject(py).unwrap().into_any().unbind()),
        ("line", line.into_pyobject(py).unwrap().into_any().unbind()),
        ("column", col.into_pyobject(py).unwrap().into_any().unbind()),
    ]
}

fn dialect(name: &str) -> PyResult<Dialect> {
    name.parse::<Dialect>().map_err(|_| {
        InputError::new_err(format!(
            "unknown dialect {name:?}: use postgres, mysql or sqlite"
        ))
    })
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// JSON text as Python data.
fn from_json(py: Python<'_>, text: &str) -> PyResult<Py<PyAny>> {
    Ok(py.import("json")?.call_method1("loads", (text,))?.unbind())
}

/// A database schema as ebb models it.
#[pyclass(name = "Schema", module = "ebb", frozen)]
struct PySchema {
    inner: Schema,
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

/// The changes that take `a` to `b`, as JSON: `[{"description": …, "change": {…}}]`.
#[pyfunction]
fn diff_json(py: Python<'_>, a: &PySchema, b: &PySchema) -> String {
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
struct PyPlan {
    inner: ebb_core::plan::Plan,
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
fn plan(py: Python<'_>, a: &PySchema, b: &PySchema) -> PyResult<PyPlan> {
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

/// A migration directory: its up migrations in order.
#[pyclass(name = "MigrationDir", module = "ebb", frozen)]
struct PyDir {
    inner: MigrationDir,
}

#[pymethods]
impl PyDir {
    /// Read `path`. `format` reads another tool's layout (atlas, golang-migrate, goose, dbmate,
    /// flyway). `check_sum`: None checks `ebb.sum` when the directory has one, True requires
    /// it, False skips it.
    #[new]
    #[pyo3(signature = (path, format = "ebb", check_sum = None))]
    #[allow(clippy::needless_pass_by_value)] // PyO3 extracts arguments as owned values
    fn new(path: PathBuf, format: &str, check_sum: Option<bool>) -> PyResult<Self> {
        let layout: Layout = format.parse().map_err(to_py)?;
        let entries = std::fs::read_dir(&path).map_err(|e| {
            DirectoryError::new_err(format!(
                "cannot read migration directory {}: {e}",
                path.display()
            ))
        })?;
        let mut files = Vec::new();
        for e in entries {
            let e = e.map_err(|e| DirectoryError::new_err(e.to_string()))?;
            if e.path().is_file() {
                let bytes = std::fs::read(e.path())
                    .map_err(|x| DirectoryError::new_err(format!("{}: {x}", e.path().display())))?;
                files.push((e.file_name().to_string_lossy().into_owned(), bytes));
            }
        }
        let dir = MigrationDir::from_layout(layout, files).map_err(to_py)?;
        let sum = path.join("ebb.sum");
        match (std::fs::read_to_string(&sum), check_sum) {
            (Ok(text), None | Some(true)) => dir.verify_sum(&text).map_err(to_py)?,
            (Err(_), Some(true)) => {
                return Err(DirectoryError::new_err(format!(
                    "{} is missing (ebb migrate hash writes it)",
                    sum.display()
                )))
            }
            _ => {}
        }
        Ok(PyDir { inner: dir })
    }

    /// A directory from `{file name: SQL}` (files generated in memory, e.g. from Alembic).
    #[staticmethod]
    #[pyo3(signature = (files, format = "ebb"))]
    fn from_files(files: Vec<(String, String)>, format: &str) -> PyResult<Self> {
        let layout: Layout = format.parse().map_err(to_py)?;
        let files = files
            .into_iter()
            .map(|(n, s)| (n, s.into_bytes()))
            .collect();
        MigrationDir::from_layout(layout, files)
            .map(|inner| PyDir { inner })
            .map_err(to_py)
    }

    /// Versions in order.
    #[getter]
    fn versions(&self) -> Vec<String> {
        self.inner.files.iter().map(|f| f.version.clone()).collect()
    }

    /// `(version, file name, SQL)` per file, in order.
    #[getter]
    fn files(&self) -> Vec<(String, String, String)> {
        self.inner
            .files
            .iter()
            .map(|f| (f.version.clone(), f.name.clone(), f.sql.clone()))
            .collect()
    }

    /// The content `ebb.sum` should have.
    fn sum(&self) -> String {
        self.inner.sum()
    }

    /// The schema after replaying every file up to `version` (all files when None).
    #[pyo3(signature = (dialect, version = None))]
    fn schema(&self, py: Python<'_>, dialect: &str, version: Option<String>) -> PyResult<PySchema> {
        let d = self::dialect(dialect)?;
        let files: Vec<(String, String, String)> = self.files();
        py.detach(move || {
            let mut s = ebb_core::replay::Session::new(Schema::new(d));
            for (v, name, sql) in &files {
                if version
                    .as_deref()
                    .is_some_and(|t| migrate::cmp_versions(v, t) == std::cmp::Ordering::Greater)
                {
                    break;
                }
                s.file(name, sql)?;
            }
            Ok(s.into_schema())
        })
        .map(|inner| PySchema { inner })
        .map_err(to_py)
    }

    fn __len__(&self) -> usize {
        self.inner.files.len()
    }
}

/// Revision rows (JSON list) for a database that applied every file up to `version`.
#[pyfunction]
fn revisions_up_to_json(dir: &PyDir, dialect: &str, version: &str) -> PyResult<String> {
    let d = self::dialect(dialect)?;
    Ok(json(&migrate::revisions_up_to(
        d, &dir.inner, version, None,
    )))
}

/// The revision table's statements with the placeholder a DB-API driver wants (`%s` for
/// psycopg, PyMySQL and Django's cursors; `?` for sqlite3):
/// `{"create", "exists", "select_all", "upsert", "delete"}`; `upsert` binds the values of
/// [`recorded_revision_values_json`], `delete` the version.
#[pyfunction]
#[pyo3(signature = (dialect, placeholder = "%s"))]
fn revision_statements(
    dialect: &str,
    placeholder: &str,
) -> PyResult<std::collections::BTreeMap<&'static str, String>> {
    use ebb_core::migrate::revisions as r;
    let d = self::dialect(dialect)?;
    Ok([
        ("create", r::create_table(d)),
        ("exists", r::exists(d)),
        ("select_all", r::select_all(d)),
        ("upsert", r::upsert_with(d, |_| placeholder.to_string())),
        ("delete", r::delete_with(d, placeholder)),
    ]
    .into_iter()
    .collect())
}

/// The values (JSON list, in the revision table's column order) of the row recording `sql`
/// as run for `description` at `version`.
#[pyfunction]
fn recorded_revision_values_json(
    dialect: &str,
    version: &str,
    description: &str,
    sql: &str,
    executed_at: &str,
    execution_time_ms: i64,
) -> PyResult<String> {
    let d = self::dialect(dialect)?;
    let r = migrate::recorded_revision(
        d,
        version,
        description,
        sql,
        executed_at,
        execution_time_ms,
        env!("CARGO_PKG_VERSION"),
    )
    .map_err(to_py)?;
    Ok(json(&r.values()))
}

/// A computed down migration.
#[pyclass(name = "DownPlan", module = "ebb", frozen)]
struct PyDownPlan {
    inner: migrate::DownPlan,
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
struct PyDownRun {
    inner: migrate::run::DownRun,
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
fn plan_down_json(
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

/// The catalog queries of a dialect: `[(id, sql)]`, to run in order.
#[pyfunction]
fn inspect_queries(dialect: &str) -> PyResult<Vec<(String, String)>> {
    let d = self::dialect(dialect)?;
    Ok(ebb_core::inspect::queries(d)
        .iter()
        .map(|q| (q.id.to_string(), q.sql.to_string()))
        .collect())
}

/// The schema the catalog rows describe: `results` is `[(id, rows)]`, each row a list of text
/// values or None.
#[pyfunction]
#[allow(clippy::type_complexity)]
fn inspect_build(
    py: Python<'_>,
    dialect: &str,
    results: Vec<(String, Vec<Vec<Option<String>>>)>,
) -> PyResult<PySchema> {
    let d = self::dialect(dialect)?;
    let sets: Vec<ebb_core::inspect::ResultSet> = results
        .into_iter()
        .map(|(id, rows)| ebb_core::inspect::ResultSet { id, rows })
        .collect();
    py.detach(move || ebb_core::inspect::build(d, &sets))
        .map(|inner| PySchema { inner })
        .map_err(to_py)
}

#[pymodule]
fn _ebb(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<PySchema>()?;
    m.add_class::<PyPlan>()?;
    m.add_class::<PyDir>()?;
    m.add_class::<PyDownPlan>()?;
    m.add_function(wrap_pyfunction!(diff_json, m)?)?;
    m.add_function(wrap_pyfunction!(plan, m)?)?;
    m.add_function(wrap_pyfunction!(plan_down_json, m)?)?;
    m.add_class::<PyDownRun>()?;
    m.add_function(wrap_pyfunction!(revisions_up_to_json, m)?)?;
    m.add_function(wrap_pyfunction!(revision_statements, m)?)?;
    m.add_function(wrap_pyfunction!(recorded_revision_values_json, m)?)?;
    m.add_function(wrap_pyfunction!(inspect_queries, m)?)?;
    m.add_function(wrap_pyfunction!(inspect_build, m)?)?;
    for (name, e) in [
        ("EbbError", py.get_type::<EbbError>()),
        ("ParseError", py.get_type::<ParseError>()),
        ("UnsupportedError", py.get_type::<UnsupportedError>()),
        ("SemanticError", py.get_type::<SemanticError>()),
        ("DirectoryError", py.get_type::<DirectoryError>()),
        ("VersionError", py.get_type::<VersionError>()),
        ("InspectError", py.get_type::<InspectError>()),
        ("InputError", py.get_type::<InputError>()),
        ("CheckFailed", py.get_type::<CheckFailed>()),
    ] {
        m.add(name, e)?;
    }
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
