//! The commands, one file each: `apply.rs` (`migrate apply`), `down.rs` (`migrate down`),
//! `status.rs` (`migrate status|set|hash|validate|rm`), `new.rs` (`migrate new|diff`, which
//! write a new migration file), `lint.rs` (`migrate lint`), `schema.rs` (`schema inspect|diff`). What they share —
//! opening and locking the database, reading a reviewed plan file, timing — is here; the
//! rules they follow are the core's (`ebb_core::migrate`).

pub mod apply;
pub mod down;
pub mod lint;
pub mod new;
pub mod schema;
pub mod status;

use crate::db::Db;
use crate::dir;
use crate::fail::Failure;
use crate::out::Out;
use crate::url::DbUrl;
use crate::{config, DirArgs, Target};
use ebb_core::migrate::run::Reply;
use ebb_core::migrate::{reviewed, MigrationDir};
use ebb_core::Dialect;
use serde_json::json;
use std::time::{Instant, SystemTime};

pub(crate) const OPERATOR: &str = env!("CARGO_PKG_VERSION");

/// Test hook of the fault suite (`cli/tests/faults.rs`): `EBB_TEST_PAUSE=N:executed` stops
/// the run for good right after its N-th statement, before its progress is recorded;
/// `N:recorded` right after. The run says so on stderr and waits to be killed (SIGKILL).
/// Without the variable this is one lookup per statement.
pub(crate) fn test_pause(count: usize, recorded: bool) {
    static POINT: std::sync::OnceLock<Option<(usize, bool)>> = std::sync::OnceLock::new();
    let point = POINT.get_or_init(|| {
        let v = std::env::var("EBB_TEST_PAUSE").ok()?;
        let (n, when) = v.split_once(':')?;
        Some((n.parse().ok()?, when == "recorded"))
    });
    if *point == Some((count, recorded)) {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "ebb-test: paused after statement {count}"
        );
        let _ = std::io::stderr().flush();
        loop {
            std::thread::sleep(std::time::Duration::from_secs(3600));
        }
    }
}

pub(crate) fn now() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}

/// What a command needs of the migration directory.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Files {
    /// Files to run: an empty directory is refused (almost always a wrong `--dir`, and
    /// "nothing to do" would hide that).
    Required,
    /// Read if there are any (status).
    Optional,
    /// A revert: every applied file's SQL is in the revision table, so the directory of a
    /// release older than the first migration (empty, or not there at all) will do.
    Recorded,
}

/// The directory (checked against its ebb.sum) and the database URL of a command.
pub(crate) fn setup(t: &Target, files: Files) -> Result<(MigrationDir, DbUrl), Failure> {
    let (spec, url) = config::resolve(&t.dirs, t.url.as_deref())?;
    let dir = if files == Files::Recorded && !spec.path().exists() {
        MigrationDir::from_files(Vec::new())?
    } else {
        dir::load(&spec)?
    };
    if files == Files::Required && dir.files.is_empty() {
        return Err(Failure::input(format!(
            "{} holds no migration files: ebb reads files named like 001_create_users.sql (is --dir right?)",
            spec.arg
        )));
    }
    Ok((dir, DbUrl::resolve(url.as_deref())?))
}

/// Run `work` with the directory (checked against its ebb.sum), a connection holding the
/// migration lock, and the command's output; the lock is released whatever happens, and in JSON
/// mode the document is printed, failure included.
pub(crate) async fn locked(
    t: &Target,
    command: &str,
    files: Files,
    dry_run: bool,
    work: impl AsyncFnOnce(&mut Db, &mut Out, &MigrationDir) -> Result<(), Failure>,
) -> Result<(), Failure> {
    let mut out = Out::new(t.format, command);
    let res = async {
        let (dir, mut url) = setup(t, files)?;
        // Connecting creates a SQLite file that is not there yet: a directory that does not
        // replay fails first, so that bad input leaves nothing behind, not even an empty file;
        // a dry run previews on an empty database in memory instead.
        if files == Files::Required && url.creates_file() {
            ebb_core::migrate::plan_apply(url.dialect, &dir, &[], None)?;
            if dry_run {
                url = url.in_memory();
            }
        }
        let mut db = open(t, &url, files == Files::Recorded).await?;
        let r = work(&mut db, &mut out, &dir).await;
        db.unlock().await;
        r
    }
    .await;
    out.finish(res)
}

/// Connect (to a database that must exist: a revert), take the lock; the caller releases it
/// with [`Db::unlock`].
pub(crate) async fn open(t: &Target, url: &DbUrl, existing: bool) -> Result<Db, Failure> {
    let mut db = if existing {
        Db::connect_existing(url).await?
    } else {
        Db::connect(url).await?
    };
    db.lock(t.lock_timeout).await?;
    Ok(db)
}

// ---------------------------------------------------------------------------------------------
// apply

/// Read a reviewed plan file of `command`.
pub(crate) fn read_plan_file(
    path: &std::path::Path,
    command: &str,
) -> Result<reviewed::PlanFile, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Failure::input(format!(
            "cannot read {}: {}",
            path.display(),
            dir::io_reason(&e)
        ))
    })?;
    Ok(reviewed::PlanFile::parse(&text, command)?)
}

pub(crate) fn millis(t0: Instant) -> i64 {
    i64::try_from(t0.elapsed().as_millis()).unwrap_or(i64::MAX)
}

pub(crate) fn shown_version(v: &str) -> &str {
    if v.is_empty() {
        "0 (empty)"
    } else {
        v
    }
}

// ---------------------------------------------------------------------------------------------
// down

pub(crate) fn result(r: Result<(), String>) -> Reply {
    match r {
        Ok(()) => Reply::Ok,
        Err(e) => Reply::Failed(e),
    }
}

/// A statement of a printed plan: every line indented like the plan's others.
pub(crate) fn indented(sql: &str) -> String {
    sql.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Write a plan file for review, and say how to run it.
pub(crate) fn write_plan_file(
    out: &mut Out,
    path: &std::path::Path,
    f: &reviewed::PlanFile,
) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(f).map_err(|e| Failure::run(e.to_string()))?;
    std::fs::write(path, text + "\n").map_err(|e| {
        Failure::input(format!(
            "cannot write {}: {}",
            path.display(),
            dir::io_reason(&e)
        ))
    })?;
    out.line(format!(
        "\nPlan written to {}: review it, then `ebb {} --plan {}` runs exactly it",
        path.display(),
        f.command,
        path.display()
    ));
    out.set("plan_file", json!(path));
    Ok(())
}

/// A reviewed plan runs only on the basis it was computed from, with the same statements.
pub(crate) fn run_reviewed(
    out: &mut Out,
    f: &reviewed::PlanFile,
    now: &reviewed::Basis,
    statements: &[String],
    path: Option<&std::path::Path>,
) -> Result<(), Failure> {
    if let Some(why) = f.refusal(now, statements) {
        return Err(Failure::run(why));
    }
    out.line(format!(
        "Running the reviewed plan {} (the database is as it was computed from)",
        path.unwrap_or(std::path::Path::new("")).display()
    ));
    Ok(())
}

/// The dialect a directory is written for: the flag, else that of the database the command
/// would use (--env, DATABASE_URL, the SQLite default).
pub(crate) fn dialect_for(args: &DirArgs, flag: Option<Dialect>) -> Result<Dialect, Failure> {
    if let Some(d) = flag {
        return Ok(d);
    }
    let (_, url) = config::resolve(args, None)?;
    Ok(DbUrl::resolve(url.as_deref())?.dialect)
}
