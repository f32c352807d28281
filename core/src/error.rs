//! Typed errors of the core. Every error a user can trigger carries what they need to act on it:
//! the file, line and column for SQL, the table and column for checks, the version for revisions.

use serde::Serialize;

/// A position in a migration file (1-based line and column, columns counted in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
}

/// Everything that can go wrong in the core.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Error {
    /// The SQL of a file does not parse.
    #[error("{file}:{line}:{col}: syntax error: {message}")]
    Parse {
        /// File name as given to the core.
        file: String,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        col: usize,
        /// What the parser expected or found.
        message: String,
    },
    /// A statement parses but ebb cannot model what it does to the schema.
    #[error("{file}:{line}:{col}: unsupported statement `{statement}`: {reason}. If it does not change the schema ebb tracks, put `-- ebb:skip` on the line before it")]
    Unsupported {
        /// File name.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        col: usize,
        /// The statement, shortened to its first line.
        statement: String,
        /// Why ebb cannot model it.
        reason: String,
    },
    /// A statement is valid SQL but wrong for the schema at that point (unknown table, duplicate column).
    #[error("{file}:{line}:{col}: {message}")]
    Semantic {
        /// File name.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        col: usize,
        /// What is wrong, naming the objects.
        message: String,
    },
    /// A file name that does not follow `<version>_<description>.sql`.
    #[error("{file}: file name must look like <version>_<description>.sql with a numeric version")]
    BadFileName {
        /// The offending file name.
        file: String,
    },
    /// Two files share a version.
    #[error("version {version} is used by two files: {first} and {second}")]
    DuplicateVersion {
        /// The shared version.
        version: String,
        /// First file.
        first: String,
        /// Second file.
        second: String,
    },
    /// A file is not valid UTF-8.
    #[error("{file}: not valid UTF-8 (byte offset {offset})")]
    NotUtf8 {
        /// The file.
        file: String,
        /// Offset of the first invalid byte.
        offset: usize,
    },
    /// The directory does not match its `ebb.sum`.
    #[error("ebb.sum does not match the migration directory: {file} was {what}; if that was intended, run `ebb migrate hash`")]
    SumMismatch {
        /// The first file that differs.
        file: String,
        /// `edited`, `added`, `removed`.
        what: String,
    },
    /// `ebb.sum` cannot be read.
    #[error("ebb.sum line {line}: {message}")]
    SumSyntax {
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A directory opened as ebb's whose files show another tool's layout.
    #[error("the directory looks like a {layout} directory ({evidence}): read it as {layout}")]
    OtherLayout {
        /// The layout it looks like (`Layout::name`).
        layout: String,
        /// The file that shows it.
        evidence: String,
    },
    /// A directory with migration files and no `ebb.sum`, opened where one is required.
    #[error("ebb.sum is missing: `ebb migrate hash` records the directory's files")]
    SumMissing,
    /// An Atlas directory that does not match its `atlas.sum`.
    #[error("{0}")]
    AtlasSum(String),
    /// A target version that is not in the directory nor in the revision table.
    #[error("unknown version {version}: it is neither in the migration directory nor in the revision table")]
    UnknownVersion {
        /// The version asked for.
        version: String,
    },
    /// A down target at or above the current version.
    #[error(
        "target version {target} is not below the current version {current}: nothing to revert"
    )]
    TargetNotBelow {
        /// The target.
        target: String,
        /// The current version.
        current: String,
    },
    /// A file on disk differs from the one recorded as applied.
    #[error("{file} was edited after it was applied (its hash differs from the revision table's): restore the text that ran; or, to revert it, move it out of the directory and run `ebb migrate hash` — `ebb migrate down` then uses the SQL recorded when it ran")]
    HistoryChanged {
        /// The file.
        file: String,
    },
    /// A revision refers to a file whose SQL is neither on disk nor stored.
    #[error(
        "version {version} is applied but its SQL is neither on disk nor in the revision table"
    )]
    MissingSql {
        /// The version.
        version: String,
    },
    /// The requested change cannot be expressed for a dialect.
    #[error("cannot plan {what} on {dialect}: {reason}")]
    CannotPlan {
        /// What was asked.
        what: String,
        /// The dialect.
        dialect: String,
        /// Why not.
        reason: String,
    },
    /// An inspected catalog row is not in the shape the inspector expects.
    #[error("inspection: {0}")]
    Inspect(String),
    /// A serialized schema or plan could not be read.
    #[error("invalid input: {0}")]
    Input(String),
    /// A run was asked to put every file in one transaction, and a file cannot run inside one.
    #[error("{file} is marked `-- ebb:txmode none` and cannot run inside one transaction with the other files")]
    NotInOneTransaction {
        /// The file.
        file: String,
    },
}

/// What kind of thing went wrong, the one classification every surface maps to its own
/// (Python's exception classes, the CLI's messages, the playground's error kinds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    /// SQL that does not parse.
    Parse,
    /// A statement ebb cannot model.
    Unsupported,
    /// Valid SQL that does not fit the schema at that point.
    Semantic,
    /// File names, `ebb.sum`, edited or missing files.
    Directory,
    /// An unknown target version, or one not below the current version.
    Version,
    /// Catalog rows not in the expected shape.
    Inspect,
    /// Anything else the caller handed in.
    Input,
}

impl Error {
    /// The error's class.
    #[must_use]
    pub fn class(&self) -> ErrorClass {
        match self {
            Error::Parse { .. } => ErrorClass::Parse,
            Error::Unsupported { .. } => ErrorClass::Unsupported,
            Error::Semantic { .. } => ErrorClass::Semantic,
            Error::BadFileName { .. }
            | Error::DuplicateVersion { .. }
            | Error::NotUtf8 { .. }
            | Error::SumMismatch { .. }
            | Error::SumSyntax { .. }
            | Error::OtherLayout { .. }
            | Error::SumMissing
            | Error::AtlasSum(_)
            | Error::HistoryChanged { .. }
            | Error::MissingSql { .. } => ErrorClass::Directory,
            Error::UnknownVersion { .. } | Error::TargetNotBelow { .. } => ErrorClass::Version,
            Error::Inspect(_) => ErrorClass::Inspect,
            Error::CannotPlan { .. } | Error::Input(_) | Error::NotInOneTransaction { .. } => {
                ErrorClass::Input
            }
        }
    }

    /// Where in which file, for errors in SQL: `(file, line, column)`.
    #[must_use]
    pub fn position(&self) -> Option<(&str, usize, usize)> {
        match self {
            Error::Parse {
                file, line, col, ..
            }
            | Error::Unsupported {
                file, line, col, ..
            }
            | Error::Semantic {
                file, line, col, ..
            } => Some((file, *line, *col)),
            _ => None,
        }
    }

    /// The version an error about versions names.
    #[must_use]
    pub fn version(&self) -> Option<&str> {
        match self {
            Error::UnknownVersion { version } => Some(version),
            Error::TargetNotBelow { target, .. } => Some(target),
            _ => None,
        }
    }
}

/// Result alias of the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;
