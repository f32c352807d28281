//! What the core's directory-driven tests share: walking a catalogue of migration
//! directories, replaying a plan's statements as a database would run them, and a directory
//! from SQL texts.
#![allow(dead_code)] // each test file uses some of these

use ebb_core::replay::Session;
use ebb_core::sql::split::SplitStatement;
use ebb_core::{Dialect, Schema};
use std::path::{Path, PathBuf};

/// The case directories of `core/tests/<catalogue>/<dialect>/`, sorted.
pub fn case_dirs(catalogue: &str, d: Dialect) -> (PathBuf, Vec<PathBuf>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(catalogue)
        .join(d.name());
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    (root, dirs)
}

/// Replay statements onto a schema, as a database would run them; the error names the
/// statement.
pub fn replay_all<S: AsRef<str>>(
    s: Schema,
    name: &str,
    statements: &[S],
) -> Result<Schema, String> {
    let mut s = Session::new(s);
    for (i, st) in statements.iter().enumerate() {
        let ss = SplitStatement {
            text: st.as_ref().to_string(),
            offset: 0,
            line: 1,
            col: 1,
            skip: false,
        };
        s.statement(&format!("{name} statement {}", i + 1), &ss)
            .map_err(|e| format!("{e}\n  in: {}", st.as_ref()))?;
    }
    Ok(s.into_schema())
}

/// A migration directory from `(name, SQL)` pairs, as a surface would read it.
pub fn dir(files: &[(&str, &str)]) -> ebb_core::migrate::MigrationDir {
    ebb_core::migrate::MigrationDir::from_files(
        files
            .iter()
            .map(|(n, s)| ((*n).to_string(), s.as_bytes().to_vec()))
            .collect(),
    )
    .unwrap()
}
