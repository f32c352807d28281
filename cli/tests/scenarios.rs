//! The core's scenario catalogue through the CLI on real databases: every directory applied
//! with `ebb migrate apply` must inspect equal to its in-memory replay, and `ebb migrate down`
//! to every earlier version must succeed, which includes ebb's own check that the database then
//! equals that version's schema. A down that a data check refuses must leave the database as
//! it was.

mod common;

use common::{ebb, ok, server, Kind, TempDir};
use std::path::{Path, PathBuf};

fn scenarios(dialect: &str) -> Vec<(String, Vec<PathBuf>)> {
    let base = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../core/tests/scenarios")
        .join(dialect);
    let mut out = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(&base)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for dir in names {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "sql"))
            .collect();
        files.sort();
        // A partially applied last file is a state only a failed run produces; the live
        // suites cover those.
        if files.iter().any(|f| {
            std::fs::read_to_string(f)
                .unwrap()
                .contains("-- ebb-test:applied")
        }) {
            continue;
        }
        out.push((
            dir.file_name().unwrap().to_string_lossy().into_owned(),
            files,
        ));
    }
    out
}

fn version(p: &Path) -> String {
    let n = p.file_name().unwrap().to_string_lossy();
    n.split('_').next().unwrap().to_string()
}

fn run(kind: Kind, dialect: &str) {
    let mut failures = Vec::new();
    let mut refused = 0;
    let mut downs = 0;
    let cases = scenarios(dialect);
    for (name, files) in &cases {
        let tmp = TempDir::new("scn");
        let root = &tmp.0;
        let dir = root.join("migrations");
        std::fs::create_dir_all(&dir).unwrap();
        for f in files {
            std::fs::copy(f, dir.join(f.file_name().unwrap())).unwrap();
        }
        let dir = format!("file://{}", dir.display());
        ok(root, &["migrate", "hash", "--dir", &dir]);
        let text = |o: &std::process::Output| {
            format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            )
        };
        let same_as_replay = |url: &str| {
            let o = ebb(
                root,
                &[
                    "schema",
                    "diff",
                    "--from",
                    url,
                    "--to",
                    &dir,
                    "--dialect",
                    dialect,
                ],
            );
            String::from_utf8_lossy(&o.stdout).trim() == "-- the schemas are equal"
        };
        let mut targets: Vec<String> = files[..files.len() - 1]
            .iter()
            .map(|f| version(f))
            .collect();
        targets.reverse();
        targets.push("0".into());
        // One database per target: data that up files insert stays after a down (it is not
        // reverted, by design), so a database is not re-applied.
        for (i, k) in targets.iter().enumerate() {
            let Some(db) = server(kind, "scn") else {
                return;
            };
            let with = |rest: &[&str]| {
                let mut v: Vec<String> = rest.iter().map(ToString::to_string).collect();
                v.extend(["--url".into(), db.url.clone(), "--dir".into(), dir.clone()]);
                ebb(root, &v.iter().map(String::as_str).collect::<Vec<_>>())
            };
            let o = with(&["migrate", "apply"]);
            if !o.status.success() {
                failures.push(format!("{name}: apply failed:\n{}", text(&o)));
                break;
            }
            if i == 0 && !same_as_replay(&db.url) {
                failures.push(format!("{name}: the live schema differs from the replay"));
                break;
            }
            let o = with(&["migrate", "down", "--to-version", k]);
            downs += 1;
            let t = text(&o);
            if o.status.code() == Some(1) && t.contains("nothing was changed") {
                // A check refused to lose rows the scenario inserted: the database must still
                // be at the last version.
                refused += 1;
                if !same_as_replay(&db.url) {
                    failures.push(format!("{name}: a refused down to {k} changed the schema"));
                }
                continue;
            }
            if !o.status.success() {
                failures.push(format!("{name}: down to {k} failed:\n{t}"));
            }
        }
    }
    eprintln!(
        "{dialect}: {} scenarios, {downs} downs ({refused} refused by a data check), {} failures",
        cases.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn postgres_scenarios_round_trip() {
    run(Kind::Postgres, "postgres");
}

#[test]
fn mysql_scenarios_round_trip() {
    run(Kind::Mysql, "mysql");
}

#[test]
fn sqlite_scenarios_round_trip() {
    run(Kind::Sqlite, "sqlite");
}
