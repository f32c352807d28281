//! Every core error as an exception of the `ebb.EbbError` family, with its position, version
//! or place as attributes.

use ebb_core::Error;
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

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
pub(crate) fn to_py(e: Error) -> PyErr {
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

pub(crate) fn position(
    py: Python<'_>,
    file: &str,
    line: usize,
    col: usize,
) -> Vec<(&'static str, Py<PyAny>)> {
    vec![
        ("file", file.into_pyobject(py).unwrap().into_any().unbind()),
        ("line", line.into_pyobject(py).unwrap().into_any().unbind()),
        ("column", col.into_pyobject(py).unwrap().into_any().unbind()),
    ]
}
