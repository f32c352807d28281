//! Directories: other tools' layouts, `ebb.toml` environments, `migrate diff/new/validate/set`.

mod common;

use common::{databases, ebb, ok, server, write_files, Kind, TempDir};

/// The same two-version history in each layout; every down section would do something wrong
/// if it ran (ebb computes the down and must ignore them).
fn layouts() -> Vec<(&'static str, Vec<(&'static str, &'static str)>)> {
    vec![
        (
            "goose",
            vec![
                ("20240101000000_init.sql", "-- +goose Up\nCREATE TABLE users (id integer PRIMARY KEY, name varchar(50) NOT NULL);\n\n-- +goose Down\nDROP TABLE nothing_here;\n"),
                ("20240102000000_email.sql", "-- +goose Up\n-- +goose StatementBegin\nALTER TABLE users ADD COLUMN email varchar(100);\n-- +goose StatementEnd\n-- +goose Down\nDROP TABLE users;\n"),
            ],
        ),
        (
            "dbmate",
            vec![
                ("20240101000000_init.sql", "-- migrate:up\nCREATE TABLE users (id integer PRIMARY KEY, name varchar(50) NOT NULL);\n\n-- migrate:down\nDROP TABLE nothing_here;\n"),
                ("20240102000000_email.sql", "-- migrate:up\nALTER TABLE users ADD COLUMN email varchar(100);\n-- migrate:down\nDROP TABLE users;\n"),
            ],
        ),
        (
            "golang-migrate",
            vec![
                ("1_init.up.sql", "CREATE TABLE users (id integer PRIMARY KEY, name varchar(50) NOT NULL);\n"),
                ("1_init.down.sql", "DROP TABLE nothing_here;\n"),
                ("2_email.up.sql", "ALTER TABLE users ADD COLUMN email varchar(100);\n"),
                ("2_email.down.sql", "DROP TABLE users;\n"),
            ],
        ),
        (
            "flyway",
            vec![
                ("V1__init.sql", "CREATE TABLE users (id integer PRIMARY KEY, name varchar(50) NOT NULL);\n"),
                ("V2__email.sql", "ALTER TABLE users ADD COLUMN email varchar(100);\n"),
                ("U2__email.sql", "DROP TABLE users;\n"),
            ],
        ),
    ]
}

#[test]
fn other_tools_directories_apply_and_revert_with_computed_downs() {
    let tmp = TempDir::new("layouts");
    let root = &tmp.0;
    for (format, files) in layouts() {
        let dir = write_files(root, format, &files);
        // Read as ebb's own layout, the directory is refused with the flag it needs.
        let o = ebb(root, &["migrate", "status", "--dir", &dir]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{format}: {err}");
        assert!(
            err.contains(&format!("looks like a {format} directory"))
                && err.contains(&format!("add --dir-format {format}")),
            "{format}: {err}"
        );
        // With it, no ebb.sum is needed (the tool's directory stays the tool's), and status
        // lists the files by their names on disk.
        let out = ok(
            root,
            &[
                "migrate",
                "status",
                "--url",
                "sqlite::memory:",
                "--dir",
                &dir,
                "--dir-format",
                format,
            ],
        );
        let up = files
            .iter()
            .find(|(n, _)| !n.contains("down") && !n.starts_with('U'))
            .unwrap()
            .0;
        assert!(out.contains(&format!("  {up}")), "{format}: {out}");
        assert!(!std::path::Path::new(dir.trim_start_matches("file://"))
            .join("ebb.sum")
            .exists());
        for db in databases("layouts") {
            let a = |rest: &[&str]| {
                let mut v: Vec<&str> = rest.to_vec();
                v.extend(["--url", &db.url, "--dir", &dir, "--dir-format", format]);
                ok(root, &v)
            };
            a(&["migrate", "apply"]);
            db.sql("INSERT INTO users (id, name) VALUES (1, 'ann')");
            let out = a(&["migrate", "down"]);
            assert!(
                out.contains("the database is at version"),
                "{format} {:?}: {out}",
                db.kind
            );
            assert_eq!(
                db.rows("SELECT name FROM users"),
                vec![vec![Some("ann".to_string())]]
            );
            // The first file's table holds a row: reverting it is refused.
            let mut v = vec![
                "migrate",
                "down",
                "--url",
                &db.url,
                "--dir",
                &dir,
                "--dir-format",
                format,
            ];
            v.push("--format");
            v.push("json");
            let o = ebb(root, &v);
            assert_eq!(o.status.code(), Some(1), "{format} {:?}", db.kind);
        }
    }
}

#[test]
fn environments_of_ebb_toml_supply_url_and_dir() {
    let tmp = TempDir::new("envs");
    let root = &tmp.0;
    let dir = write_files(
        root,
        "db/migrations",
        &[("1_init.sql", "CREATE TABLE t (id integer PRIMARY KEY);\n")],
    );
    ok(root, &["migrate", "hash", "--dir", &dir]);
    let db = server(Kind::Sqlite, "envs").unwrap();
    std::fs::write(
        root.join("ebb.toml"),
        "[env.local]\nurl = \"${EBB_TEST_ENV_URL}\"\ndir = \"file://db/migrations\"\n",
    )
    .unwrap();
    let run = |args: &[&str], var: Option<&str>| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_ebb"));
        c.args(args).current_dir(root).env_remove("DATABASE_URL");
        match var {
            Some(v) => c.env("EBB_TEST_ENV_URL", v),
            None => c.env_remove("EBB_TEST_ENV_URL"),
        };
        c.output().unwrap()
    };
    let o = run(&["migrate", "apply", "--env", "local"], Some(&db.url));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(db.revision_count(), 1);
    let o = run(&["migrate", "status", "--env", "local"], None);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err.contains("environment variable EBB_TEST_ENV_URL (used in ebb.toml) is not set"),
        "{err}"
    );
    let o = run(&["migrate", "status", "--env", "prod"], Some(&db.url));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err.contains("has no environment \"prod\" (it has: local)"),
        "{err}"
    );
}

#[test]
fn migrate_diff_writes_the_file_that_reaches_the_desired_schema() {
    let tmp = TempDir::new("mdiff");
    let root = &tmp.0;
    std::fs::write(
        root.join("schema.sql"),
        "CREATE TABLE users (id integer PRIMARY KEY, name varchar(50) NOT NULL, email varchar(100));\n\
         CREATE TABLE orders (id integer PRIMARY KEY, user_id integer NOT NULL REFERENCES users (id));\n\
         CREATE INDEX orders_user ON orders (user_id);\n",
    )
    .unwrap();
    let schema = format!("file://{}", root.join("schema.sql").display());
    for db in databases("mdiff") {
        let dialect = match db.kind {
            Kind::Postgres => "postgres",
            Kind::Mysql => "mysql",
            Kind::Sqlite => "sqlite",
        };
        let sub = format!("m_{dialect}");
        let d = write_files(
            root,
            &sub,
            &[(
                "1_init.sql",
                "CREATE TABLE users (id integer PRIMARY KEY, name varchar(50) NOT NULL);\n",
            )],
        );
        ok(root, &["migrate", "hash", "--dir", &d]);
        let out = ok(
            root,
            &[
                "migrate",
                "diff",
                "add_orders",
                "--to",
                &schema,
                "--dir",
                &d,
                "--dialect",
                dialect,
            ],
        );
        let written = std::fs::read_to_string(out.trim()).unwrap();
        assert!(written.to_lowercase().contains("create table"), "{written}");
        ok(
            root,
            &["migrate", "validate", "--dir", &d, "--dialect", dialect],
        );
        ok(root, &["migrate", "apply", "--url", &db.url, "--dir", &d]);
        let same = ok(
            root,
            &["schema", "diff", "--from", &db.url, "--to", &schema],
        );
        assert_eq!(
            same.trim(),
            "-- the schemas are equal",
            "{dialect}: {written}"
        );
        // Nothing left to write.
        let out = ok(
            root,
            &[
                "migrate",
                "diff",
                "again",
                "--to",
                &schema,
                "--dir",
                &d,
                "--dialect",
                dialect,
            ],
        );
        assert!(out.starts_with("no changes"), "{out}");
    }
}

#[test]
fn validate_points_at_the_statement_and_set_marks_without_running() {
    let tmp = TempDir::new("validate");
    let root = &tmp.0;
    let dir = write_files(
        root,
        "migrations",
        &[
            ("1_init.sql", "CREATE TABLE t (id integer PRIMARY KEY);\n"),
            ("2_more.sql", "CREATE TABLE u (id integer PRIMARY KEY);\n\nALTER TABLE nope ADD COLUMN x integer;\n"),
        ],
    );
    ok(root, &["migrate", "hash", "--dir", &dir]);
    let o = ebb(
        root,
        &[
            "migrate",
            "validate",
            "--dir",
            &dir,
            "--dialect",
            "postgres",
        ],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("2_more.sql:3:1: table nope does not exist"),
        "{err}"
    );

    let db = server(Kind::Sqlite, "set").unwrap();
    let ok_dir = write_files(
        root,
        "good",
        &[("1_init.sql", "CREATE TABLE t (id integer PRIMARY KEY);\n")],
    );
    ok(root, &["migrate", "hash", "--dir", &ok_dir]);
    ok(
        root,
        &["migrate", "set", "1", "--url", &db.url, "--dir", &ok_dir],
    );
    let out = ok(
        root,
        &["migrate", "status", "--url", &db.url, "--dir", &ok_dir],
    );
    assert!(out.contains("Current version: 1"), "{out}");
    // Marked, not run: the table does not exist.
    assert!(db
        .rows("SELECT name FROM sqlite_master WHERE name = 't'")
        .is_empty());
}

#[test]
fn database_url_is_the_fallback_and_schema_diff_reads_a_version_of_a_directory() {
    let tmp = TempDir::new("dburl");
    let root = &tmp.0;
    let dir = write_files(
        root,
        "migrations",
        &[
            ("1_init.sql", "CREATE TABLE t (id integer PRIMARY KEY);\n"),
            ("2_more.sql", "ALTER TABLE t ADD COLUMN note varchar(20);\n"),
        ],
    );
    ok(root, &["migrate", "hash", "--dir", &dir]);
    let db = server(Kind::Sqlite, "dburl").unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_ebb"))
        .args(["migrate", "apply", "1", "--dir", &dir])
        .current_dir(root)
        .env("DATABASE_URL", &db.url)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(db.revision_count(), 1);
    assert!(!root.join("ebb.db").exists(), "DATABASE_URL was not used");
    let at1 = format!("{dir}?version=1");
    let same = ok(root, &["schema", "diff", "--from", &db.url, "--to", &at1]);
    assert_eq!(same.trim(), "-- the schemas are equal");
    let ahead = ok(root, &["schema", "diff", "--from", &db.url, "--to", &dir]);
    // Written as the file wrote it (SQLite keeps that text in sqlite_master).
    assert!(ahead.contains("ADD COLUMN note varchar(20)"), "{ahead}");
    let o = ebb(
        root,
        &[
            "schema",
            "diff",
            "--from",
            &db.url,
            "--to",
            &format!("{dir}?version=7"),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown version 7"));
}

/// Each layout's own way of saying "not in a transaction" is honoured: a file that creates an
/// index CONCURRENTLY (PostgreSQL refuses it inside a transaction block) applies and reverts.
/// goose writes `-- +goose NO TRANSACTION` above its Up section, dbmate `transaction:false` on
/// its up marker, Flyway `executeInTransaction=false` in the script's `.sql.conf`, Atlas
/// `-- atlas:txmode none`.
#[test]
fn no_transaction_directives_of_every_layout_are_honoured() {
    let Some(_) = server(Kind::Postgres, "notx_probe") else {
        eprintln!("EBB_TEST_POSTGRES_URL is not set: not run (CONCURRENTLY is PostgreSQL's)");
        return;
    };
    let tmp = TempDir::new("notx");
    let root = &tmp.0;
    let table = "CREATE TABLE users (id integer PRIMARY KEY, email varchar(100));\n";
    let index = "CREATE INDEX CONCURRENTLY users_email ON users (email);\n";
    let cases: Vec<(&str, Vec<(String, String)>)> = vec![
        (
            "goose",
            vec![
                ("1_init.sql".into(), format!("-- +goose Up\n{table}-- +goose Down\nDROP TABLE users;\n")),
                ("2_index.sql".into(), format!("-- +goose NO TRANSACTION\n-- +goose Up\n{index}\n-- +goose Down\nDROP INDEX users_email;\n")),
            ],
        ),
        (
            "dbmate",
            vec![
                ("1_init.sql".into(), format!("-- migrate:up\n{table}-- migrate:down\nDROP TABLE users;\n")),
                ("2_index.sql".into(), format!("-- migrate:up transaction:false\n{index}\n-- migrate:down\nDROP INDEX users_email;\n")),
            ],
        ),
        (
            "flyway",
            vec![
                ("V1__init.sql".into(), table.into()),
                ("V2__index.sql".into(), index.into()),
                ("V2__index.sql.conf".into(), "# script configuration\nexecuteInTransaction=false\n".into()),
            ],
        ),
        (
            "atlas",
            vec![
                ("1_init.sql".into(), table.into()),
                ("2_index.sql".into(), format!("-- atlas:txmode none\n{index}")),
            ],
        ),
    ];
    for (format, files) in cases {
        let files: Vec<(&str, &str)> = files
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let dir = write_files(root, format, &files);
        ok(
            root,
            &["migrate", "hash", "--dir", &dir, "--dir-format", format],
        );
        let db = server(Kind::Postgres, "notx").unwrap();
        let a = |rest: &[&str]| {
            let mut v: Vec<&str> = rest.to_vec();
            v.extend(["--url", &db.url, "--dir", &dir, "--dir-format", format]);
            ebb(root, &v)
        };
        let o = a(&["migrate", "apply"]);
        assert!(
            o.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert_eq!(
            db.rows("SELECT indexname FROM pg_indexes WHERE indexname = 'users_email'")
                .len(),
            1,
            "{format}"
        );
        let o = a(&["migrate", "down"]);
        assert!(
            o.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(
            db.rows("SELECT indexname FROM pg_indexes WHERE indexname = 'users_email'")
                .is_empty(),
            "{format}"
        );
        assert_eq!(db.revision_count(), 1, "{format}");
    }
}

/// A database another tool manages is adopted: its own version table says how far it got,
/// ebb marks those files as applied and runs only the rest (then reverts like any other).
#[test]
fn a_database_another_tool_manages_is_adopted_from_its_version_table() {
    let tmp = TempDir::new("adopt");
    let root = &tmp.0;
    let mut dbs = databases("adopt");
    dbs.push(server(Kind::Sqlite, "adopt").unwrap());
    for db in &dbs {
        for (format, files) in layouts() {
            let versions: Vec<&str> = files
                .iter()
                .map(|f| f.0)
                .filter(|n| !n.contains(".down.") && !n.starts_with('U'))
                .map(|n| n.split('_').next().unwrap().trim_start_matches('V'))
                .collect();
            let (v1, v2) = (versions[0], versions[1]);
            let tool_table: Vec<String> = match format {
                "golang-migrate" => vec![
                    "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL)".into(),
                    format!("INSERT INTO schema_migrations VALUES ({v1}, FALSE)"),
                ],
                "dbmate" => vec![
                    "CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY)".into(),
                    format!("INSERT INTO schema_migrations VALUES ('{v1}')"),
                ],
                // goose logs events: version 2 was applied, then rolled back.
                "goose" => vec![
                    "CREATE TABLE goose_db_version (id integer PRIMARY KEY, version_id bigint NOT NULL, is_applied boolean NOT NULL)".into(),
                    format!("INSERT INTO goose_db_version VALUES (1, 0, TRUE), (2, {v1}, TRUE), (3, {v2}, TRUE), (4, {v2}, FALSE)"),
                ],
                _ => vec![
                    "CREATE TABLE flyway_schema_history (installed_rank integer PRIMARY KEY, version varchar(50), success boolean NOT NULL)".into(),
                    format!("INSERT INTO flyway_schema_history VALUES (1, '{v1}', TRUE)"),
                ],
            };
            let dir = write_files(root, &format!("adopt_{format}_{:?}", db.kind), &files);
            // The database as the tool left it: its first file applied, its table saying so.
            db.sql("CREATE TABLE users (id integer PRIMARY KEY, name varchar(50) NOT NULL)");
            for st in &tool_table {
                db.sql(st);
            }
            let a = |rest: &[&str]| {
                let mut v: Vec<&str> = rest.to_vec();
                v.extend(["--url", &db.url, "--dir", &dir, "--dir-format", format]);
                v.iter().map(|s| (*s).to_string()).collect::<Vec<String>>()
            };
            let run = |rest: &[&str]| {
                let v = a(rest);
                ok(root, &v.iter().map(String::as_str).collect::<Vec<_>>())
            };
            let out = run(&["migrate", "status"]);
            assert!(
                out.contains(&format!("says version {v1}")),
                "{format} {:?}: {out}",
                db.kind
            );
            let out = run(&["migrate", "apply"]);
            assert!(
                out.contains("Adopted:") && out.contains(&format!("migrating version {v2}")),
                "{format} {:?}: {out}",
                db.kind
            );
            assert!(!out.contains(&format!("migrating version {v1}")), "{out}");
            assert_eq!(db.revision_count(), 2, "{format} {:?}", db.kind);
            run(&["migrate", "down"]);
            assert_eq!(db.revision_count(), 1, "{format} {:?}", db.kind);
            // Below the version the other tool recorded, its table is stale: said, not written.
            let v = a(&["migrate", "down"]);
            let o = ebb(root, &v.iter().map(String::as_str).collect::<Vec<_>>());
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(o.status.success(), "{format} {:?}: {err}", db.kind);
            assert!(
                err.contains("warning[EW012]")
                    && err.contains(&format!(
                        "still says version {v1}, the database is now at 0"
                    )),
                "{format} {:?}: {err}",
                db.kind
            );
            // Clean for the next layout.
            let tool = tool_table[0].split_whitespace().nth(2).unwrap().to_string();
            for t in ["ebb_schema_revisions", tool.as_str()] {
                db.sql(&format!("DROP TABLE {t}"));
            }
        }
    }
}

/// Atlas records its revisions in a schema of its own on PostgreSQL
/// (`atlas_schema_revisions.atlas_schema_revisions`, its default with a database URL), in the
/// URL's database on MySQL and SQLite, with a `.atlas_cloud_identifier` row that is no
/// version; a partly applied revision is Atlas's to finish.
#[test]
fn a_database_atlas_manages_is_adopted_from_its_revision_schema() {
    let tmp = TempDir::new("adopt_atlas");
    let root = &tmp.0;
    let mut dbs = databases("adopt_atlas");
    dbs.push(server(Kind::Sqlite, "adopt_atlas").unwrap());
    let files = [
        (
            "20240101000000_init.sql",
            "CREATE TABLE users (id integer PRIMARY KEY, name varchar(50) NOT NULL);\n",
        ),
        (
            "20240102000000_email.sql",
            "ALTER TABLE users ADD COLUMN email varchar(100);\n",
        ),
    ];
    for db in &dbs {
        let dir = write_files(root, &format!("atlas_{:?}", db.kind), &files);
        ok(
            root,
            &["migrate", "hash", "--dir", &dir, "--dir-format", "atlas"],
        );
        let table = if db.kind == Kind::Postgres {
            db.sql("CREATE SCHEMA atlas_schema_revisions");
            "atlas_schema_revisions.atlas_schema_revisions"
        } else {
            "atlas_schema_revisions"
        };
        db.sql("CREATE TABLE users (id integer PRIMARY KEY, name varchar(50) NOT NULL)");
        db.sql(&format!(
            "CREATE TABLE {table} (version varchar(255) PRIMARY KEY, description varchar(255) NOT NULL, \
             type bigint NOT NULL DEFAULT 2, applied bigint NOT NULL DEFAULT 0, total bigint NOT NULL DEFAULT 0, \
             error text, hash varchar(255) NOT NULL)"
        ));
        db.sql(&format!(
            "INSERT INTO {table} (version, description, applied, total, hash) VALUES \
             ('.atlas_cloud_identifier', 'x', 0, 0, ''), ('20240101000000', 'init', 1, 1, 'h')"
        ));
        let args = |rest: &[&str]| -> Vec<String> {
            let mut v: Vec<&str> = rest.to_vec();
            v.extend(["--url", &db.url, "--dir", &dir, "--dir-format", "atlas"]);
            v.iter().map(|s| (*s).to_string()).collect()
        };
        let run = |rest: &[&str]| {
            let v = args(rest);
            ok(root, &v.iter().map(String::as_str).collect::<Vec<_>>())
        };
        // Atlas's own sum file, when there is one, is checked as Atlas checks it.
        let sum = std::path::Path::new(dir.trim_start_matches("file://")).join("atlas.sum");
        std::fs::write(&sum, "h1:AAAA\n20240101000000_init.sql h1:BBBB\n").unwrap();
        let v = args(&["migrate", "apply"]);
        let o = ebb(root, &v.iter().map(String::as_str).collect::<Vec<_>>());
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{:?}: {err}", db.kind);
        assert!(
            err.contains("atlas.sum") && err.contains("edited by hand"),
            "{err}"
        );
        std::fs::remove_file(&sum).unwrap();
        let out = run(&["migrate", "status"]);
        assert!(
            out.contains("says version 20240101000000"),
            "{:?}: {out}",
            db.kind
        );
        assert!(
            out.contains(table),
            "{:?} names where it read: {out}",
            db.kind
        );
        let out = run(&["migrate", "apply"]);
        assert!(
            out.contains("Adopted:") && out.contains("migrating version 20240102000000"),
            "{:?}: {out}",
            db.kind
        );
        assert_eq!(db.revision_count(), 2, "{:?}", db.kind);
        run(&["migrate", "down"]);
        assert_eq!(db.revision_count(), 1, "{:?}", db.kind);

        // A revision Atlas applied in part: refused, nothing adopted.
        for t in ["users", "ebb_schema_revisions"] {
            db.sql(&format!("DROP TABLE {t}"));
        }
        db.sql("CREATE TABLE users (id integer PRIMARY KEY, name varchar(50) NOT NULL)");
        db.sql(&format!(
            "INSERT INTO {table} (version, description, applied, total, hash) VALUES ('20240102000000', 'email', 0, 1, 'h')"
        ));
        let v = args(&["migrate", "apply"]);
        let o = ebb(root, &v.iter().map(String::as_str).collect::<Vec<_>>());
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success(), "{:?}", db.kind);
        assert!(
            err.contains("20240102000000 as partly applied"),
            "{:?}: {err}",
            db.kind
        );
        for t in ["users", table] {
            db.sql(&format!("DROP TABLE {t}"));
        }
    }
}
