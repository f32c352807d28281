//! Migration directories on disk: `file://DIR` arguments, reading the files, `ebb.sum`.

use crate::fail::Failure;
use ebb_core::migrate::{Layout, MigrationDir};
use std::path::{Path, PathBuf};

/// Name of the integrity file.
pub const SUM_FILE: &str = "ebb.sum";

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
        let name = e.file_name().to_string_lossy().into_owned();
        if !e.path().is_file() {
            continue;
        }
        let bytes = std::fs::read(e.path())
            .map_err(|x| Failure::input(format!("{}: {}", e.path().display(), io_reason(&x))))?;
        files.push((name, bytes));
    }
    if spec.layout == Layout::Ebb {
        // Another tool's directory read as ebb's would fail on names or sections: say which
        // tool it looks like, and the flag.
        let texts: Vec<(String, &str)> = files
            .iter()
            .map(|(n, b)| (n.clone(), std::str::from_utf8(b).unwrap_or("")))
            .collect();
        if let Some((layout, evidence)) = Layout::guess(&texts) {
            return Err(Failure::input(format!(
                "{} looks like a {} directory ({evidence}): add --dir-format {}",
                spec.arg,
                layout.name(),
                layout.name()
            )));
        }
    }
    Ok(MigrationDir::from_layout(spec.layout, files)?)
}

/// Read a directory and check it against its `ebb.sum`: what every command that runs files does.
pub fn load(spec: &DirSpec) -> Result<MigrationDir, Failure> {
    let path = spec.path();
    let arg = &spec.arg;
    let dir = read(spec)?;
    if spec.layout == Layout::Atlas {
        verify_atlas_sum(&path)?;
    }
    let sum_path = path.join(SUM_FILE);
    match std::fs::read_to_string(&sum_path) {
        Ok(sum) => dir.verify_sum(&sum)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // Another tool's directory is that tool's: ebb writes no ebb.sum into it (its
            // revision rows still hold each applied file's hash, so an edit is caught).
            if !dir.files.is_empty() && spec.layout == Layout::Ebb {
                let format = match spec.layout {
                    Layout::Ebb => String::new(),
                    other => format!(" --dir-format {}", other.name()),
                };
                return Err(Failure::input(format!(
                    "{} is missing: run `ebb migrate hash --dir {arg}{format}` to record the directory's files",
                    sum_path.display()
                )));
            }
        }
        Err(e) => {
            return Err(Failure::input(format!(
                "cannot read {}: {}",
                sum_path.display(),
                io_reason(&e)
            )))
        }
    }
    Ok(dir)
}

/// An Atlas directory with its `atlas.sum` is checked against it, as Atlas would (without
/// one, its revision rows still catch an applied file that was edited).
fn verify_atlas_sum(path: &Path) -> Result<(), Failure> {
    let sum = match std::fs::read_to_string(path.join("atlas.sum")) {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            return Err(Failure::input(format!(
                "cannot read atlas.sum: {}",
                io_reason(&e)
            )))
        }
    };
    let mut files = Vec::new();
    let entries = std::fs::read_dir(path)
        .map_err(|e| Failure::input(format!("{}: {}", path.display(), io_reason(&e))))?;
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        // (the core keeps the `.sql` ones, as Atlas does)
        if e.path().is_file() {
            let bytes = std::fs::read(e.path()).map_err(|x| {
                Failure::input(format!("{}: {}", e.path().display(), io_reason(&x)))
            })?;
            files.push((name, bytes));
        }
    }
    ebb_core::migrate::layout::verify_atlas_sum(&files, &sum)
        .map_err(|why| Failure::input(format!("{}: {why}", path.join("atlas.sum").display())))
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
