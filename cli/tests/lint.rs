//! `ebb migrate lint` as a pull request's CI runs it: in a git repository, on the files added
//! since the base branch, in every output format, with codes silenced in `ebb.toml`.

mod common;

use common::{ebb, ok, write_dir, TempDir};
use std::path::Path;
use std::process::Command;

fn git(root: &Path, args: &[&str]) -> String {
    let o = Command::new("git")
        .args(["-c", "user.name=ci", "-c", "user.email=ci@example.com"])
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(root)
        .output()
        .expect("git runs");
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

const USERS: (&str, &str) = (
    "20240105090000_create_users.sql",
    "CREATE TABLE users (\n  id bigserial PRIMARY KEY,\n  email varchar(120) NOT NULL,\n  legacy_code text\n);\n",
);
const ORDERS: (&str, &str) = (
    "20240212143000_create_orders.sql",
    "CREATE TABLE orders (id bigserial PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id));\n",
);
const INDEX: (&str, &str) = (
    "20240301101500_index_orders.sql",
    "CREATE INDEX orders_user_id_idx ON orders (user_id);\n",
);
const DROP: (&str, &str) = (
    "20240302090000_drop_legacy.sql",
    "ALTER TABLE users DROP COLUMN legacy_code;\n",
);

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn a_pull_request_is_linted_against_its_base_branch() {
    let tmp = TempDir::new("lint_base");
    let root = &tmp.0;
    write_dir(root, "migrations", &[USERS, ORDERS]);
    git(root, &["init", "-q"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "base"]);
    let base = git(root, &["rev-parse", "HEAD"]);
    // The branch: one file committed, one still being written (untracked).
    write_dir(root, "migrations", &[USERS, ORDERS, INDEX]);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "index"]);
    write_dir(root, "migrations", &[USERS, ORDERS, INDEX, DROP]);
    let lint = |extra: &[&str]| {
        let mut a = vec![
            "migrate",
            "lint",
            "--dialect",
            "postgres",
            "--base",
            base.as_str(),
        ];
        a.extend(extra);
        ebb(root, &a)
    };
    let o = lint(&[]);
    let text = stdout(&o);
    assert_eq!(
        o.status.code(),
        Some(1),
        "a dropped column is an error:\n{text}"
    );
    assert!(text.contains("2 file(s), read as postgres"), "{text}");
    assert!(
        !text.contains("20240212143000_create_orders.sql ("),
        "a base file: {text}"
    );
    assert!(
        text.contains("warning EL401 20240301101500_index_orders.sql:1:1"),
        "{text}"
    );
    assert!(
        text.contains(
            "error EL102 20240302090000_drop_legacy.sql:1:1: column dropped: users.legacy_code"
        ),
        "{text}"
    );
    assert!(
        text.contains("ALTER TABLE \"users\" ADD COLUMN \"legacy_code\" text"),
        "the rollback: {text}"
    );
    assert!(
        stderr(&o).contains("the lint found 1 error(s) (EL102)"),
        "{}",
        stderr(&o)
    );

    // GitHub annotations point at the files' lines, relative to where CI runs.
    let o = lint(&["--format", "github"]);
    let lines: Vec<String> = stdout(&o).lines().map(String::from).collect();
    assert_eq!(
        lines,
        [
            "::warning file=migrations/20240301101500_index_orders.sql,line=1,col=1,title=ebb EL401::index orders_user_id_idx on orders is built while every write to orders waits",
            "::error file=migrations/20240302090000_drop_legacy.sql,line=1,col=1,title=ebb EL102::column dropped: users.legacy_code",
        ],
        "{lines:#?}"
    );

    // JSON for other tools.
    let o = lint(&["--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(doc["ok"], false);
    assert_eq!(doc["files"].as_array().unwrap().len(), 2);
    assert_eq!(doc["files"][1]["findings"][0]["code"], "EL102");
    assert_eq!(doc["files"][1]["findings"][0]["severity"], "error");
    assert_eq!(
        doc["files"][1]["revert"][0],
        "ALTER TABLE \"users\" ADD COLUMN \"legacy_code\" text"
    );

    // The team decided: legacy_code goes. ebb.toml silences it for the directory.
    std::fs::write(root.join("ebb.toml"), "[lint]\nignore = [\"EL102\"]\n").unwrap();
    let o = lint(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("(1 silenced)"), "{}", stdout(&o));

    // A revision git does not know is bad input, named.
    let o = ebb(
        root,
        &[
            "migrate",
            "lint",
            "--dialect",
            "postgres",
            "--base",
            "no-such-branch",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--base no-such-branch"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_newest_files_by_default_and_explanations() {
    let tmp = TempDir::new("lint_latest");
    let root = &tmp.0;
    write_dir(root, "migrations", &[USERS, ORDERS, INDEX]);
    let out = ok(root, &["migrate", "lint", "--dialect", "postgres"]);
    assert!(out.contains("1 file(s)"), "{out}");
    assert!(out.contains("EL401"), "{out}");
    let out = ok(
        root,
        &["migrate", "lint", "--dialect", "postgres", "--latest", "2"],
    );
    assert!(
        out.contains("20240212143000_create_orders.sql (20240212143000)"),
        "{out}"
    );
    assert!(
        out.contains("note EL201"),
        "the orders file's rollback drops orders: {out}"
    );
    // SQLite takes no write lock per index build: no EL401 there.
    let out = ok(root, &["migrate", "lint", "--dialect", "sqlite"]);
    assert!(!out.contains("EL401"), "{out}");

    let out = ok(root, &["migrate", "lint", "--explain", "el403"]);
    assert!(
        out.starts_with("EL403 (warning): SET NOT NULL scans the table\n\n"),
        "{out}"
    );
    let o = ebb(root, &["migrate", "lint", "--explain", "EL999"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown lint code EL999 (known: EL101"),
        "{}",
        stderr(&o)
    );
    // --help teaches the CI use.
    let help = ok(root, &["migrate", "lint", "--help"]);
    assert!(
        help.contains("--base origin/main --format github"),
        "{help}"
    );
}

#[test]
fn a_file_that_does_not_replay_is_reported_with_its_place() {
    let tmp = TempDir::new("lint_bad");
    let root = &tmp.0;
    let bad = (
        "20240301101500_bad.sql",
        "ALTER TABLE nope ADD COLUMN x int;\n",
    );
    write_dir(root, "migrations", &[USERS]);
    std::fs::write(root.join("migrations").join(bad.0), bad.1).unwrap();
    ok(root, &["migrate", "hash"]);
    let o = ebb(root, &["migrate", "lint", "--dialect", "postgres"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("20240301101500_bad.sql:1:1"),
        "{}",
        stderr(&o)
    );
}
