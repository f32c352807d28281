//! `ebb migrate status | set | hash | validate | rm`: the revision table and the directory.

use super::{dialect_for, locked, now, setup, Files};
use crate::adopt;
use crate::db::Db;
use crate::dir;
use crate::fail::Failure;
use crate::out::Out;
use crate::{config, DirArgs, Target};
use ebb_core::migrate::run::REVERT_IN_PROGRESS;
use ebb_core::migrate::{self, cmp_versions, RevisionKind};
use ebb_core::{Dialect, Schema};
use serde_json::json;
use std::cmp::Ordering;

/// `ebb migrate status`.
pub async fn status(t: &Target) -> Result<(), Failure> {
    let mut out = Out::new(t.format, "migrate status");
    let res = async {
        let (dir, url) = setup(t, Files::Optional)?;
        let mut db = Db::connect_existing(&url).await?;
        out.set("url", json!(db.url.shown));
        let revs = db.revisions().await?;
        let current = revs
            .iter()
            .rev()
            .find(|r| !r.is_partial())
            .map_or("0", |r| r.version.as_str());
        let last = revs.last().map(|r| r.version.as_str());
        let pending: Vec<&str> = dir
            .files
            .iter()
            .filter(|f| last.is_none_or(|l| cmp_versions(&f.version, l) == Ordering::Greater))
            .map(|f| f.disk_name.as_str())
            .collect();
        out.line(format!("Database: {}", db.url.shown));
        out.line(format!("Current version: {current} ({} applied)", revs.len()));
        if revs.is_empty() {
            let layout = config::resolve(&t.dirs, None)?.0.layout;
            if let Some((v, table)) = adopt::version_of_other_tool(&mut db, layout, &dir).await? {
                out.line(format!(
                    "Managed by another tool until now: {table} says version {v}; `ebb migrate apply` or `ebb migrate down` adopts it"
                ));
                out.set("adoptable", json!({"from": table, "version": v}));
            }
        }
        out.set("current", json!(current));
        out.set("applied", json!(revs.len()));
        if let Some(p) = revs.iter().find(|r| {
            r.error.is_none()
                && r.error_stmt
                    .as_deref()
                    .is_some_and(|s| s.starts_with(REVERT_IN_PROGRESS))
        }) {
            // A MySQL revert that stopped between two statements (killed): a re-run of
            // `migrate down` continues from the database as it is.
            out.line(format!(
                "Revert interrupted in version {}: {}; run `ebb migrate down` again to finish it",
                p.version,
                p.error_stmt.as_deref().unwrap_or_default()
            ));
            out.set(
                "interrupted_revert",
                json!({"version": p.version, "progress": p.error_stmt}),
            );
        }
        if let Some(p) = revs.iter().find(|r| r.is_partial() || r.error.is_some()) {
            out.line(format!(
                "Partially applied: {} ({} of {} statements){}",
                p.version,
                p.applied,
                p.total,
                p.error.as_deref().map(|e| format!(": {e}")).unwrap_or_default()
            ));
            out.set(
                "partial",
                json!({"version": p.version, "applied": p.applied, "total": p.total, "error": p.error, "statement": p.error_stmt}),
            );
        }
        let missing: Vec<&str> = revs
            .iter()
            .filter(|r| dir.file(&r.version).is_none())
            .map(|r| r.version.as_str())
            .collect();
        if !missing.is_empty() {
            out.line(format!(
                "Applied but not in the directory (reverts use the stored SQL): {}",
                missing.join(", ")
            ));
        }
        out.set("not_on_disk", json!(missing));
        if pending.is_empty() {
            out.line("Pending: none");
        } else {
            out.line(format!("Pending: {} file(s)", pending.len()));
            for p in &pending {
                out.line(format!("  {p}"));
            }
        }
        out.set("pending", json!(pending));
        Ok(())
    }
    .await;
    out.finish(res)
}

/// `ebb migrate set V`.
pub async fn set(t: &Target, version: &str) -> Result<(), Failure> {
    locked(t, "migrate set", Files::Required, false, async |db, out, dir| {
        let is_zero = version.trim_start_matches('0').is_empty();
        if !is_zero && dir.file(version).is_none() {
            return Err(Failure::input(format!(
                "unknown version {version}: it is not a file of the migration directory"
            )));
        }
        db.ensure_revisions().await?;
        let revs = db.revisions().await?;
        for r in &revs {
            if is_zero || cmp_versions(&r.version, version) == Ordering::Greater {
                db.delete_revision(&r.version).await?;
            }
        }
        let mut marked = 0;
        if !is_zero {
            for mut r in migrate::revisions_up_to(db.dialect, dir, version, None) {
                if revs.iter().any(|x| x.version == r.version && !x.is_partial()) {
                    continue;
                }
                r.kind = RevisionKind::Manual;
                r.executed_at = now();
                db.save_revision(&r).await?;
                marked += 1;
            }
        }
        out.line(format!(
            "Revision table set to version {version} ({marked} file(s) marked as applied, nothing executed)"
        ));
        out.set("version", json!(version));
        Ok(())
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// directory commands

/// `ebb migrate hash`.
pub fn hash(args: &DirArgs) -> Result<(), Failure> {
    let (spec, _) = config::resolve(args, None)?;
    let d = dir::read(&spec)?;
    let path = spec.path();
    dir::write_sum(&path, &d)?;
    crate::sayln!(
        "{} written for {} file(s)",
        path.join(dir::SUM_FILE).display(),
        d.files.len()
    );
    Ok(())
}

/// `ebb migrate validate`.
pub fn validate(args: &DirArgs, flag: Option<Dialect>) -> Result<(), Failure> {
    let d = dialect_for(args, flag)?;
    let (spec, _) = config::resolve(args, None)?;
    let dir = dir::load(&spec)?;
    let mut s = ebb_core::replay::Session::new(Schema::new(d));
    let mut out = Out::new(crate::Format::Text, "migrate validate");
    let mut warnings = 0;
    for f in &dir.files {
        let r = s.file(&f.name, &f.sql)?;
        out.warnings(&r.warnings);
        warnings += r.warnings.len();
    }
    crate::sayln!(
        "{} file(s) valid for {d}: ebb.sum matches and every statement replays ({} table(s) at the last version, {warnings} warning(s))",
        dir.files.len(),
        s.schema().tables.len()
    );
    Ok(())
}

/// `ebb migrate rm VERSION`.
pub fn rm(args: &DirArgs, version: &str) -> Result<(), Failure> {
    let (spec, _) = config::resolve(args, None)?;
    if spec.layout != ebb_core::migrate::Layout::Ebb {
        return Err(Failure::input(
            "migrate rm works on ebb's own layout; remove the files of another tool's layout with that tool",
        ));
    }
    // The directory must match its sum first: rm records one removal, not other edits.
    let d = dir::load(&spec)?;
    let Some(f) = d.file(version.trim()) else {
        return Err(Failure::input(format!(
            "version {version} is not a file of {}",
            spec.arg
        )));
    };
    let path = spec.path();
    let file = path.join(&f.name);
    std::fs::remove_file(&file).map_err(|e| {
        Failure::input(format!(
            "cannot remove {}: {}",
            file.display(),
            dir::io_reason(&e)
        ))
    })?;
    let d = dir::read(&spec)?;
    dir::write_sum(&path, &d)?;
    crate::sayln!("{} removed; ebb.sum updated", file.display());
    Ok(())
}
