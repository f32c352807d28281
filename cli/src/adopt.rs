//! Adopting a database another tool manages: with `--dir-format`, a database whose ebb
//! revision table is empty is read for that tool's own record of what it applied
//! (golang-migrate's and dbmate's `schema_migrations`, goose's `goose_db_version`, Flyway's
//! `flyway_schema_history`, Atlas's `atlas_schema_revisions`), and the files up to its version
//! are marked as applied (a baseline), instead of asking for `--baseline` or `migrate set`.

use crate::db::Db;
use crate::fail::Failure;
use ebb_core::migrate::{cmp_versions, Layout, MigrationDir};
use std::cmp::Ordering;

/// The version another tool says the database is at, and where it says so. `None` when the
/// layout is ebb's, the tool's table is not there, or it records nothing applied.
pub async fn version_of_other_tool(
    db: &mut Db,
    layout: Layout,
    dir: &MigrationDir,
) -> Result<Option<(String, &'static str)>, Failure> {
    let (table, sql) = match layout {
        Layout::Ebb => return Ok(None),
        Layout::Atlas => return atlas_version(db, dir).await,
        Layout::GolangMigrate => (
            "golang-migrate's schema_migrations",
            "SELECT version, dirty FROM schema_migrations",
        ),
        Layout::Dbmate => (
            "dbmate's schema_migrations",
            "SELECT version, 'applied' FROM schema_migrations",
        ),
        Layout::Goose => (
            "goose's goose_db_version",
            "SELECT version_id, is_applied FROM goose_db_version ORDER BY id",
        ),
        Layout::Flyway => (
            "Flyway's flyway_schema_history",
            "SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank",
        ),
    };
    // The table is not there: nothing to adopt (a query error is how every dialect says so).
    let Ok(rows) = db.rows(sql).await else {
        return Ok(None);
    };
    newest_applied(layout, table, &rows, dir)
}

/// Atlas keeps its revisions in a schema of their own, `atlas_schema_revisions`, unless its
/// URL names a schema (PostgreSQL: `search_path`), where the table is then created; on MySQL
/// and SQLite in the database of the URL. Its `.atlas_cloud_identifier` row is no version.
async fn atlas_version(
    db: &mut Db,
    dir: &MigrationDir,
) -> Result<Option<(String, &'static str)>, Failure> {
    let applied =
        "SELECT version, CASE WHEN applied = total THEN 'applied' ELSE 'partial' END FROM";
    let mut places = vec![(
        "Atlas's atlas_schema_revisions",
        format!("{applied} atlas_schema_revisions WHERE version NOT LIKE '.%'"),
    )];
    if db.dialect == ebb_core::Dialect::Postgres {
        places.insert(
            0,
            (
                "Atlas's atlas_schema_revisions.atlas_schema_revisions",
                format!("{applied} atlas_schema_revisions.atlas_schema_revisions WHERE version NOT LIKE '.%'"),
            ),
        );
    }
    for (table, sql) in places {
        if let Ok(rows) = db.rows(&sql).await {
            return newest_applied(Layout::Atlas, table, &rows, dir);
        }
    }
    Ok(None)
}

/// The newest version the tool's rows say is applied, which must be a file of the directory;
/// an error where the tool records a failure it must resolve itself.
fn newest_applied(
    layout: Layout,
    table: &'static str,
    rows: &[Vec<Option<String>>],
    dir: &MigrationDir,
) -> Result<Option<(String, &'static str)>, Failure> {
    let truth = |v: &Option<String>| {
        matches!(
            v.as_deref().map(str::to_ascii_lowercase).as_deref(),
            Some("1" | "t" | "true" | "applied")
        )
    };
    let mut applied: Vec<(String, bool)> = Vec::new();
    for r in rows {
        let Some(version) = r.first().cloned().flatten() else {
            continue;
        };
        let flag = r.get(1).cloned().flatten();
        match layout {
            // One row: the version, and whether a failed migration left it dirty.
            Layout::GolangMigrate if truth(&flag) => {
                return Err(Failure::input(format!(
                    "{table} marks version {version} dirty (a migration failed half-way): fix it with golang-migrate first (`migrate force`)"
                )));
            }
            // Every row an event: the last one of a version says whether it is applied.
            Layout::Goose => {
                applied.retain(|(v, _)| *v != version);
                applied.push((version, truth(&flag)));
            }
            Layout::Flyway if !truth(&flag) => {
                return Err(Failure::input(format!(
                    "{table} records version {version} as failed: repair it with Flyway first (`flyway repair`)"
                )));
            }
            Layout::Atlas if !truth(&flag) => {
                return Err(Failure::input(format!(
                    "{table} records version {version} as partly applied: finish or revert it with Atlas first"
                )));
            }
            _ => applied.push((version, true)),
        }
    }
    let last = applied
        .into_iter()
        .filter(|(v, on)| *on && !v.trim_start_matches('0').is_empty())
        .map(|(v, _)| v)
        .max_by(|a, b| cmp_versions(a, b));
    let Some(version) = last else {
        return Ok(None);
    };
    if dir.file(&version).is_none() {
        let newest = dir.files.last().map(|f| f.version.as_str());
        let why = if newest.is_some_and(|n| cmp_versions(&version, n) == Ordering::Greater) {
            "newer than every file of the directory (is --dir the release the database runs?)"
        } else {
            "not a file of the directory"
        };
        return Err(Failure::input(format!(
            "{table} says the database is at version {version}, {why}"
        )));
    }
    Ok(Some((version, table)))
}
