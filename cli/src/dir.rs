//! Migration directories on disk: `file://DIR` arguments, reading the files, `ebb.sum`.

use crate::fail::Failure;
use ebb_core::migrate::{Layout, MigrationDir, SumCheck};
use ebb_core::Error;
use std::path::{Path, PathBuf};

pub use ebb_core::migrate::SUM_FILE;

/// A migration directory argument and the layout its files are in.
#[derive(Debug, Clone)]
pub struct DirSpec {
    /// `file://DIR` or a path.
    pub arg: String,
    /// Layout (`--dir-format`).
    pub layout: Layout,
}

impl DirSpec {
    /// The directory's path.
    pub fn path(&self) -> PathBuf {
        path_of(&self.arg)
    }
}

/// The path a `--dir` argument names (`file://DIR` or a plain path).
pub fn path_of(arg: &str) -> PathBuf {
    let p = arg.strip_prefix("file://").unwrap_or(arg);
    let p = p.split('?').next().unwrap_or(p);
    PathBuf::from(if p.is_empty() { "." } else { p })
}

/// Read a directory's `.sql` files (without checking `ebb.sum`).
pub fn read(spec: &DirSpec) -> Result<MigrationDir, Failure> {
    open(spec, SumCheck::Skip)
}

/// Read a directory and check it against its `ebb.sum`: what every command that runs files does.
pub fn load(spec: &DirSpec) -> Result<MigrationDir, Failure> {
    open(spec, SumCheck::Required)
}

/// Every file of the directory handed to the core, which decides what they are; its errors
/// in the CLI's words (paths, flags).
pub(crate) fn open(spec: &DirSpec, check: SumCheck) -> Result<MigrationDir, Failure> {
    let path = &spec.path();
    let entries = std::fs::read_dir(path).map_err(|e| {
        Failure::input(format!(
            "cannot read migration directory {}: {}",
            path.display(),
            io_reason(&e)
        ))
    })?;
    let mut files = Vec::new();
    for e in entries {
        let e = e.map_err(|e| Failure::input(format!("{}: {}", path.display(), io_reason(&e))))?;
        if !e.path().is_file() {
            continue;
        }
        let bytes = std::fs::read(e.path())
            .map_err(|x| Failure::input(format!("{}: {}", e.path().display(), io_reason(&x))))?;
        files.push((e.file_name().to_string_lossy().into_owned(), bytes));
    }
    MigrationDir::open(spec.layout, files, check).map_err(|e| match e {
        Error::OtherLayout { layout, evidence } => Failure::input(format!(
            "{} looks like a {layout} directory ({evidence}): add --dir-format {layout}",
            spec.arg
        )),
        Error::SumMissing => Failure::input(format!(
            "{} is missing: run `ebb migrate hash --dir {}` to record the directory's files",
            path.join(SUM_FILE).display(),
            spec.arg
        )),
        Error::AtlasSum(why) => {
            Failure::input(format!("{}: {why}", path.join("atlas.sum").display()))
        }
        other => other.into(),
    })
}

/// Write `ebb.sum` for the directory's current files.
pub fn write_sum(path: &Path, dir: &MigrationDir) -> Result<(), Failure> {
    let p = path.join(SUM_FILE);
    std::fs::write(&p, dir.sum())
        .map_err(|e| Failure::input(format!("cannot write {}: {}", p.display(), io_reason(&e))))
}

/// An I/O error without the "(os error 2)" noise.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}
