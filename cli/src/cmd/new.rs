//! `ebb migrate new` (an empty file) and `ebb migrate diff` (a file with the statements from the
//! directory's last version to a desired schema).

use super::dialect_for;
use crate::dir;
use crate::fail::Failure;
use crate::{config, DirArgs};
use ebb_core::Dialect;
use std::time::SystemTime;

/// `ebb migrate new NAME`.
pub fn new(args: &DirArgs, name: &str) -> Result<(), Failure> {
    let (spec, _) = config::resolve(args, None)?;
    let file = write_new(&spec, name, "")?;
    crate::sayln!("{}", file.display());
    Ok(())
}

/// Write `<UTC timestamp>_<name>.sql` into the directory (created if missing) and update its
/// ebb.sum; the directory must match its sum first.
pub(crate) fn write_new(
    spec: &dir::DirSpec,
    name: &str,
    body: &str,
) -> Result<std::path::PathBuf, Failure> {
    if spec.layout != ebb_core::migrate::Layout::Ebb {
        return Err(Failure::input(
            "new files are written in ebb's own layout only; drop --dir-format to create one",
        ));
    }
    let path = spec.path();
    let clean: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if clean.trim_matches('_').is_empty() {
        return Err(Failure::input(
            "NAME must contain letters or digits, e.g. add_users",
        ));
    }
    std::fs::create_dir_all(&path).map_err(|e| {
        Failure::input(format!(
            "cannot create {}: {}",
            path.display(),
            dir::io_reason(&e)
        ))
    })?;
    let existing = dir::load(spec)?;
    // Two files in the same second get consecutive versions.
    let mut version: u64 = utc_stamp();
    if let Some(last) = existing
        .files
        .last()
        .and_then(|f| f.version.parse::<u64>().ok())
    {
        version = version.max(last + 1);
    }
    let file = path.join(format!("{version}_{clean}.sql"));
    let content = if body.is_empty() {
        format!("-- {clean}\n")
    } else {
        body.to_string()
    };
    std::fs::write(&file, content).map_err(|e| {
        Failure::input(format!(
            "cannot write {}: {}",
            file.display(),
            dir::io_reason(&e)
        ))
    })?;
    let d = dir::read(spec)?;
    dir::write_sum(&path, &d)?;
    Ok(file)
}

/// The current UTC time as `YYYYMMDDhhmmss`.
pub(crate) fn utc_stamp() -> u64 {
    let s = humantime::format_rfc3339_seconds(SystemTime::now()).to_string();
    s.chars()
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap_or(0)
}

/// `ebb migrate diff NAME --to X`.
pub async fn diff(
    args: &DirArgs,
    name: &str,
    to: &str,
    flag: Option<Dialect>,
) -> Result<(), Failure> {
    let (spec, _) = config::resolve(args, None)?;
    let src = super::schema::source(to)?;
    let d = match (&src, flag) {
        (super::schema::Source::Url(u), _) => u.dialect,
        (_, f) => dialect_for(args, f)?,
    };
    let dir = dir::load(&spec)?;
    let current = dir.schema_at(d, None)?;
    let desired = super::schema::load(&src, Some(d)).await?;
    // The desired schema takes the replay's identities and spellings (not the other way round:
    // the plan starts from the directory's last version).
    let desired = ebb_core::diff::reconcile(&desired, &current);
    let p = ebb_core::plan::plan(&current, &desired);
    if p.is_empty() {
        crate::sayln!("no changes: the directory's last version already has the desired schema");
        return Ok(());
    }
    let mut body = String::new();
    for c in &p.checks {
        body.push_str(&format!("-- ebb: {} ({}): {}\n", c.reason, c.code, c.sql));
    }
    for st in p.pre.iter().chain(&p.statements).chain(&p.post) {
        if d.lexical().delimiter_command && st.contains(';') {
            body.push_str(&format!(
                "-- ebb:delimiter //\n{st}\n//\n-- ebb:delimiter default\n"
            ));
        } else {
            body.push_str(st);
            body.push_str(";\n");
        }
    }
    let file = write_new(&spec, name, &body)?;
    crate::sayln!("{}", file.display());
    Ok(())
}
