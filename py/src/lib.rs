//! `ebb._ebb`: the core exposed to Python. Thin on purpose: values cross as core types wrapped
//! in classes, or as JSON text that the Python side turns into dicts; every core error becomes
//! an exception of the `ebb.EbbError` family carrying its position or version; the GIL is
//! released while the core replays, diffs and plans.
//!
//! `errors.rs` (exceptions), `schema.rs` (schemas and inspection), `dir.rs` (directories and
//! revision rows), `plan.rs` (plans between schemas, down plans and their executor).

mod dir;
mod errors;
mod plan;
mod schema;

use ebb_core::Dialect;
use errors::InputError;
use pyo3::prelude::*;

// The Rust side's allocator, as in the `ebb` binary (docs/benchmarks.md, "third round"): Python
// objects still come from Python's allocator; the core's schemas and plans from mimalloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub(crate) fn dialect(name: &str) -> PyResult<Dialect> {
    name.parse::<Dialect>().map_err(|_| {
        InputError::new_err(format!(
            "unknown dialect {name:?}: use postgres, mysql or sqlite"
        ))
    })
}

pub(crate) fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// JSON text as Python data.
pub(crate) fn from_json(py: Python<'_>, text: &str) -> PyResult<Py<PyAny>> {
    Ok(py.import("json")?.call_method1("loads", (text,))?.unbind())
}

#[pymodule]
fn _ebb(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<schema::PySchema>()?;
    m.add_class::<plan::PyPlan>()?;
    m.add_class::<dir::PyDir>()?;
    m.add_class::<plan::PyDownPlan>()?;
    m.add_function(wrap_pyfunction!(plan::diff_json, m)?)?;
    m.add_function(wrap_pyfunction!(plan::plan, m)?)?;
    m.add_function(wrap_pyfunction!(plan::plan_down_json, m)?)?;
    m.add_class::<plan::PyDownRun>()?;
    m.add_function(wrap_pyfunction!(dir::revisions_up_to_json, m)?)?;
    m.add_function(wrap_pyfunction!(dir::revision_statements, m)?)?;
    m.add_function(wrap_pyfunction!(dir::lint_json, m)?)?;
    m.add_function(wrap_pyfunction!(dir::lint_codes_json, m)?)?;
    m.add_function(wrap_pyfunction!(dir::recorded_revision_values_json, m)?)?;
    m.add_function(wrap_pyfunction!(schema::inspect_queries, m)?)?;
    m.add_function(wrap_pyfunction!(schema::inspect_settings, m)?)?;
    m.add_function(wrap_pyfunction!(schema::inspect_build, m)?)?;
    for (name, e) in [
        ("EbbError", py.get_type::<errors::EbbError>()),
        ("ParseError", py.get_type::<errors::ParseError>()),
        (
            "UnsupportedError",
            py.get_type::<errors::UnsupportedError>(),
        ),
        ("SemanticError", py.get_type::<errors::SemanticError>()),
        ("DirectoryError", py.get_type::<errors::DirectoryError>()),
        ("VersionError", py.get_type::<errors::VersionError>()),
        ("InspectError", py.get_type::<errors::InspectError>()),
        ("InputError", py.get_type::<errors::InputError>()),
        ("CheckFailed", py.get_type::<errors::CheckFailed>()),
    ] {
        m.add(name, e)?;
    }
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
