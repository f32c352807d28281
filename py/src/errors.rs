//! Every core error as an exception of the `ebb.EbbError` family, with its position, version
//! or place as attributes.

use ebb_core::error::ErrorClass;
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
    let err = match e.class() {
        ErrorClass::Parse => ParseError::new_err(msg),
        ErrorClass::Unsupported => UnsupportedError::new_err(msg),
        ErrorClass::Semantic => SemanticError::new_err(msg),
        ErrorClass::Directory => DirectoryError::new_err(msg),
        ErrorClass::Version => VersionError::new_err(msg),
        ErrorClass::Inspect => InspectError::new_err(msg),
        ErrorClass::Input => InputError::new_err(msg),
    };
    Python::attach(|py| {
        let value = err.value(py);
        if let Some((file, line, col)) = e.position() {
            let _ = value.setattr("file", file);
            let _ = value.setattr("line", line);
            let _ = value.setattr("column", col);
        }
        if let Some(v) = e.version() {
            let _ = value.setattr("version", v);
        }
    });
    err
}
