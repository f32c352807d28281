//! The JSON functions behind the wasm exports give, for every scenario of the core's
//! catalogue and every target, exactly the plan text the core's snapshots hold. (The node
//! test, wasm/tests/corpus.mjs, checks the same against the built WebAssembly.)

use ebb_wasm::plan_down_json;
use serde_json::json;
use std::path::Path;

#[test]
fn plan_down_matches_the_core_snapshots() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests");
    let mut checked = 0;
    for d in ["postgres", "mysql", "sqlite"] {
        let mut names: Vec<_> = std::fs::read_dir(root.join("scenarios").join(d))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        names.sort();
        for dir in names {
            let mut files: Vec<_> = std::fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "sql"))
                .collect();
            files.sort();
            let files: Vec<(String, String)> = files
                .iter()
                .map(|p| {
                    (
                        p.file_name().unwrap().to_string_lossy().into_owned(),
                        std::fs::read_to_string(p).unwrap(),
                    )
                })
                .collect();
            let applied = files.last().and_then(|(_, sql)| {
                sql.lines()
                    .find_map(|l| l.strip_prefix("-- ebb-test:applied "))
                    .map(|n| n.trim().parse::<usize>().unwrap())
            });
            let mut targets = vec!["0".to_string()];
            targets.extend(
                files[..files.len() - 1]
                    .iter()
                    .map(|(n, _)| n.split('_').next().unwrap().to_string()),
            );
            let mut text = String::new();
            for t in &targets {
                let opts = json!({
                    "dialect": d,
                    "files": files.iter().map(|(n, s)| json!({"name": n, "sql": s})).collect::<Vec<_>>(),
                    "target": t,
                    "appliedStatements": applied,
                });
                let out = plan_down_json(&opts.to_string()).unwrap_or_else(|e| {
                    panic!("{}: {}", dir.display(), e.message);
                });
                let v: serde_json::Value = serde_json::from_str(&out).unwrap();
                text.push_str(&format!("==== down to {t} ====\n"));
                text.push_str(v["sql"].as_str().unwrap());
                checked += 1;
            }
            let name = dir.file_name().unwrap().to_string_lossy().into_owned();
            let snap = std::fs::read_to_string(
                root.join("snapshots").join(d).join(format!("{name}.snap")),
            )
            .unwrap();
            let body = snap.splitn(3, "---\n").nth(2).unwrap();
            assert_eq!(text.trim_end(), body.trim_end(), "{d}/{name}");
        }
    }
    assert!(checked > 200, "only {checked} plans checked");
}

/// The playground's lint panel reads what `ebb migrate lint` prints: the same findings and
/// rollback as the core's, for the newest file or the newest N.
#[test]
fn lint_is_the_cores() {
    let files = [
        (
            "001_users.sql",
            "CREATE TABLE users (id bigserial PRIMARY KEY, name text NOT NULL, legacy text);\n",
        ),
        (
            "002_tidy.sql",
            "ALTER TABLE users DROP COLUMN legacy;\nCREATE INDEX users_name ON users (name);\n",
        ),
    ];
    let dir = ebb_core::migrate::MigrationDir::from_files(
        files
            .iter()
            .map(|(n, s)| ((*n).to_string(), s.as_bytes().to_vec()))
            .collect(),
    )
    .unwrap();
    for latest in [1, 2] {
        let opts = json!({
            "dialect": "postgres",
            "files": files.iter().map(|(n, s)| json!({"name": n, "sql": s})).collect::<Vec<_>>(),
            "latest": latest,
        });
        let out: serde_json::Value =
            serde_json::from_str(&ebb_wasm::lint_json(&opts.to_string()).unwrap()).unwrap();
        let versions: Vec<String> = dir.files[2 - latest..]
            .iter()
            .map(|f| f.version.clone())
            .collect();
        let core = ebb_core::lint::lint(
            ebb_core::Dialect::Postgres,
            &dir,
            &versions,
            &ebb_core::lint::LintOptions::default(),
        )
        .unwrap();
        assert_eq!(out["text"], ebb_core::lint::to_text(&core));
        assert_eq!(out["errors"], true, "dropping a column is an error");
        assert_eq!(out["files"].as_array().unwrap().len(), latest);
    }
}
