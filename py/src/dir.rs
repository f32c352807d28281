//! Migration directories (`MigrationDir`) and the revision rows ebb records for them.

use crate::errors::{to_py, DirectoryError};
use crate::schema::PySchema;
use crate::{dialect, json};
use ebb_core::migrate::{self, Layout, MigrationDir, SumCheck, SUM_FILE};
use ebb_core::Error;
use pyo3::prelude::*;
use std::path::PathBuf;

/// A migration directory: its up migrations in order.
#[pyclass(name = "MigrationDir", module = "ebb", frozen)]
pub(crate) struct PyDir {
    pub(crate) inner: MigrationDir,
}

#[pymethods]
impl PyDir {
    /// Read `path`. `format` reads another tool's layout (atlas, golang-migrate, goose, dbmate,
    /// flyway); read as ebb's, a directory whose files show another tool's layout is refused
    /// with the format to pass, and an Atlas directory is checked against its `atlas.sum`.
    /// `check_sum`: None checks `ebb.sum` when the directory has one, True requires it (of a
    /// directory in ebb's layout: another tool's has none), False skips it.
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
        let check = match check_sum {
            None => SumCheck::IfPresent,
            Some(true) => SumCheck::Required,
            Some(false) => SumCheck::Skip,
        };
        let dir = MigrationDir::open(layout, files, check).map_err(|e| match e {
            Error::OtherLayout { layout, evidence } => DirectoryError::new_err(format!(
                "{} looks like a {layout} directory ({evidence}): pass format=\"{layout}\"",
                path.display()
            )),
            Error::SumMissing => DirectoryError::new_err(format!(
                "{} is missing (ebb migrate hash writes it)",
                path.join(SUM_FILE).display()
            )),
            other => to_py(other),
        })?;
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
        let dir = self.inner.clone();
        py.detach(move || dir.schema_at(d, version.as_deref()))
            .map(|inner| PySchema { inner })
            .map_err(to_py)
    }

    fn __len__(&self) -> usize {
        self.inner.files.len()
    }
}

/// Revision rows (JSON list) for a database that applied every file up to `version`.
#[pyfunction]
pub(crate) fn revisions_up_to_json(dir: &PyDir, dialect: &str, version: &str) -> PyResult<String> {
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
pub(crate) fn revision_statements(
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
pub(crate) fn recorded_revision_values_json(
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

/// `ebb migrate lint` of the files `versions` of `dir` (JSON list of the core's `FileLint`),
/// with the codes of `ignore` silenced.
#[pyfunction]
#[pyo3(signature = (dir, dialect, versions, ignore = Vec::new()))]
#[allow(clippy::needless_pass_by_value)] // PyO3 extracts arguments as owned values
pub(crate) fn lint_json(
    py: Python<'_>,
    dir: &PyDir,
    dialect: &str,
    versions: Vec<String>,
    ignore: Vec<String>,
) -> PyResult<String> {
    let d = self::dialect(dialect)?;
    let md = dir.inner.clone();
    let opts = ebb_core::lint::LintOptions { ignore };
    py.detach(move || ebb_core::lint::lint(d, &md, &versions, &opts))
        .map(|files| json(&files))
        .map_err(to_py)
}

/// Every lint code: `[{"code", "severity", "title", "explanation"}]` (JSON).
#[pyfunction]
pub(crate) fn lint_codes_json() -> String {
    json(&ebb_core::lint::CODES)
}
