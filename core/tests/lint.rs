//! `ebb migrate lint` in the core: a history in the shape an application's migrations take (a
//! users table, orders referencing it, a later release's risky file), linted per dialect.
//! The snapshots hold what a reviewer reads: each finding with its place, then the rollback.

use ebb_core::lint::{has_errors, lint, to_text, LintOptions, Severity};
mod common;
use common::dir;
use ebb_core::Dialect;

fn lint_last(d: Dialect, files: &[(&str, &str)], ignore: &[&str]) -> Vec<ebb_core::lint::FileLint> {
    let dir = dir(files);
    let last = dir.files.last().unwrap().version.clone();
    let opts = LintOptions {
        ignore: ignore.iter().map(ToString::to_string).collect(),
    };
    lint(d, &dir, &[last], &opts).unwrap_or_else(|e| panic!("{e}"))
}

const PG_BASE: &[(&str, &str)] = &[
    (
        "20240105090000_create_users.sql",
        "CREATE TABLE users (\n  id bigserial PRIMARY KEY,\n  email varchar(120) NOT NULL,\n  name varchar(80),\n  legacy_code text,\n  created_at timestamptz NOT NULL DEFAULT now()\n);\nCREATE UNIQUE INDEX users_email_key ON users (email);\n",
    ),
    (
        "20240212143000_create_orders.sql",
        "CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped');\nCREATE TABLE orders (\n  id bigserial PRIMARY KEY,\n  user_id bigint NOT NULL REFERENCES users (id),\n  status order_status NOT NULL DEFAULT 'new',\n  total numeric(10,2) NOT NULL,\n  note text\n);\nCREATE TABLE audit_log (id bigserial PRIMARY KEY, payload text);\n",
    ),
];

#[test]
fn postgres_a_risky_release_is_found_statement_by_statement() {
    let risky = (
        "20240301101500_release_2.sql",
        "-- release 2: tidy users, index orders\n\
         ALTER TABLE users DROP COLUMN legacy_code;\n\
         ALTER TABLE users ALTER COLUMN name SET NOT NULL;\n\
         ALTER TABLE users ALTER COLUMN email TYPE varchar(200);\n\
         ALTER TABLE orders ALTER COLUMN total TYPE numeric(8,2);\n\
         CREATE INDEX orders_user_id_idx ON orders (user_id);\n\
         ALTER TABLE orders ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();\n\
         ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total > 0);\n\
         DROP TABLE audit_log;\n\
         UPDATE orders SET note = '' WHERE note IS NULL;\n\
         CREATE TABLE coupons (id bigserial PRIMARY KEY, code text NOT NULL);\n\
         CREATE INDEX coupons_code_idx ON coupons (code);\n",
    );
    let files = [PG_BASE[0], PG_BASE[1], risky];
    let got = lint_last(Dialect::Postgres, &files, &[]);
    assert!(has_errors(&got), "dropping a column and a table are errors");
    let text = to_text(&got);
    // The table created in the same file is empty: no lock finding for its index.
    assert!(!text.contains("coupons_code_idx on coupons"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn postgres_the_safe_spellings_pass_and_a_rollback_is_still_described() {
    let safe = (
        "20240301101500_release_2.sql",
        "-- ebb:txmode none\nCREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id);\n",
    );
    let widen = (
        "20240302090000_widen_email.sql",
        "ALTER TABLE users ALTER COLUMN email TYPE varchar(255);\nALTER TABLE users ADD COLUMN nickname text;\n",
    );
    let files = [PG_BASE[0], PG_BASE[1], safe, widen];
    let dir = dir(&files);
    let versions: Vec<String> = dir.files[2..].iter().map(|f| f.version.clone()).collect();
    let got = lint(Dialect::Postgres, &dir, &versions, &LintOptions::default()).unwrap();
    assert!(!has_errors(&got));
    let text = to_text(&got);
    // Widening a varchar is free, the concurrent index takes no write lock; rolling the
    // widening back narrows the column again (a warning), dropping the nickname is a note.
    for absent in ["EL401", "EL402", "EL101", "EL102"] {
        assert!(!text.contains(absent), "{absent} in\n{text}");
    }
    insta::assert_snapshot!(text);
}

#[test]
fn silencing_a_code_per_file_and_for_the_directory() {
    let file = (
        "20240301101500_drop_audit.sql",
        "-- ebb:lint ignore EL101\nDROP TABLE audit_log;\nCREATE INDEX orders_user_id_idx ON orders (user_id);\n",
    );
    let files = [PG_BASE[0], PG_BASE[1], file];
    let got = lint_last(Dialect::Postgres, &files, &[]);
    assert!(!has_errors(&got), "{}", to_text(&got));
    assert_eq!(got[0].ignored, 1);
    let codes: Vec<&str> = got[0].findings.iter().map(|f| f.code).collect();
    assert!(codes.contains(&"EL401"), "{codes:?}");
    let got = lint_last(Dialect::Postgres, &files, &["el401"]);
    assert_eq!(got[0].ignored, 2);
    assert!(got[0].findings.iter().all(|f| f.code != "EL401"));
    // An unknown code is an input error, not a silent no-op.
    let d = dir(&files);
    let opts = LintOptions {
        ignore: vec!["EL999".into()],
    };
    let e = lint(Dialect::Postgres, &d, &[d.files[2].version.clone()], &opts).unwrap_err();
    assert!(e.to_string().contains("unknown lint code EL999"), "{e}");
    let bad = (
        "20240301101500_x.sql",
        "-- ebb:lint ignore EL77\nSELECT 1;\n",
    );
    let d = dir(&[PG_BASE[0], bad]);
    let e = lint(
        Dialect::Postgres,
        &d,
        &[d.files[1].version.clone()],
        &LintOptions::default(),
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .contains("unknown lint code EL77 in 20240301101500_x.sql"),
        "{e}"
    );
}

#[test]
fn a_file_outside_a_transaction_with_several_changes_is_flagged() {
    let file = (
        "20240301101500_index.sql",
        "-- ebb:txmode none\nCREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id);\nALTER TABLE orders ADD COLUMN shipped_at timestamptz;\n",
    );
    let got = lint_last(Dialect::Postgres, &[PG_BASE[0], PG_BASE[1], file], &[]);
    let f = got[0]
        .findings
        .iter()
        .find(|f| f.code == "EL601")
        .expect("EL601");
    assert_eq!((f.line, f.severity), (2, Severity::Warning));
}

#[test]
fn mysql_a_release_that_copies_tables() {
    let files = [
        (
            "20240105090000_create_users.sql",
            "CREATE TABLE users (\n  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,\n  email varchar(60) NOT NULL,\n  bio varchar(40),\n  UNIQUE KEY users_email (email)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n",
        ),
        (
            "20240212143000_create_orders.sql",
            "CREATE TABLE orders (\n  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,\n  user_id int NOT NULL,\n  status enum('new','paid','shipped') NOT NULL DEFAULT 'new',\n  CONSTRAINT orders_user FOREIGN KEY (user_id) REFERENCES users (id)\n) ENGINE=InnoDB;\n",
        ),
        (
            "20240301101500_release_2.sql",
            "ALTER TABLE users MODIFY email varchar(50) NOT NULL;\n\
             ALTER TABLE users MODIFY bio varchar(60);\n\
             ALTER TABLE orders MODIFY id bigint NOT NULL AUTO_INCREMENT;\n\
             ALTER TABLE orders MODIFY status enum('new','paid') NOT NULL DEFAULT 'new';\n\
             ALTER TABLE users ADD COLUMN age int NOT NULL;\n\
             CREATE INDEX orders_status ON orders (status);\n",
        ),
    ];
    let text = to_text(&lint_last(Dialect::Mysql, &files, &[]));
    // A varchar growing within its length prefix changes in place; the rest copy the table.
    assert!(!text.contains("users.bio from"), "{text}");
    // No PostgreSQL lock findings on MySQL.
    assert!(!text.contains("EL401"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn sqlite_a_release_that_drops_and_tightens() {
    let files = [
        (
            "20240105090000_create_users.sql",
            "CREATE TABLE users (\n  id INTEGER PRIMARY KEY AUTOINCREMENT,\n  email TEXT NOT NULL UNIQUE,\n  name TEXT\n);\n",
        ),
        (
            "20240301101500_release_2.sql",
            "ALTER TABLE users DROP COLUMN name;\nALTER TABLE users ADD COLUMN handle TEXT NOT NULL DEFAULT '';\nINSERT INTO users (email, handle) VALUES ('admin@example.com', 'admin');\n",
        ),
    ];
    let got = lint_last(Dialect::Sqlite, &files, &[]);
    assert!(has_errors(&got));
    insta::assert_snapshot!(to_text(&got));
}

#[test]
fn every_explanation_is_in_the_docs_word_for_word() {
    let docs =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/lint.md")).unwrap();
    for c in ebb_core::lint::CODES {
        let heading = format!("## {} ({}): {}", c.code, c.severity.name(), c.title);
        assert!(docs.contains(&heading), "docs/lint.md lacks `{heading}`");
        assert!(
            docs.contains(c.explanation),
            "docs/lint.md's paragraph for {} differs from `ebb migrate lint --explain {}`",
            c.code,
            c.code
        );
    }
}

/// Every code on every dialect where it can occur: one small file each after the same
/// application history, the finding lines snapshotted per dialect. Each case must report its
/// code (so a snapshot cannot quietly lose one).
fn codes_of(d: Dialect, base: &[(&str, &str)], cases: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (code, sql) in cases {
        let mut files = base.to_vec();
        files.push(("20240301101500_change.sql", sql));
        let got = lint_last(d, &files, &[]);
        let lines: Vec<String> = got[0]
            .findings
            .iter()
            .map(|f| {
                format!(
                    "  {} {} {}:{}: {}",
                    f.severity.name(),
                    f.code,
                    f.line,
                    f.col,
                    f.message
                )
            })
            .collect();
        assert!(
            got[0].findings.iter().any(|f| f.code == *code),
            "{d}: {code} not reported for\n{sql}\n{}",
            lines.join("\n")
        );
        out.push_str(&format!(
            "{code}: {}\n{}\n",
            sql.trim().replace('\n', " "),
            lines.join("\n")
        ));
    }
    out
}

#[test]
fn every_code_postgres() {
    let base = [
        ("20240105090000_create_users.sql", "CREATE TABLE users (\n  id bigserial PRIMARY KEY,\n  email varchar(120) NOT NULL,\n  name varchar(80),\n  legacy text\n);\nCREATE UNIQUE INDEX users_email_key ON users (email);\n"),
        ("20240212143000_create_orders.sql", "CREATE TYPE order_status AS ENUM ('new', 'paid');\nCREATE TABLE orders (\n  id bigserial PRIMARY KEY,\n  user_id bigint NOT NULL CONSTRAINT orders_user_fk REFERENCES users (id),\n  status order_status NOT NULL DEFAULT 'new',\n  kind text,\n  total numeric(10,2) NOT NULL CONSTRAINT orders_total_check CHECK (total >= 0)\n);\nCREATE TABLE audit_log (id bigserial PRIMARY KEY, user_id bigint, payload text);\n"),
    ];
    let cases = [
        ("EL101", "DROP TABLE audit_log;"),
        ("EL102", "ALTER TABLE users DROP COLUMN legacy;"),
        ("EL103", "ALTER TABLE users ALTER COLUMN name SET NOT NULL;"),
        ("EL104", "-- ebb:txmode none\nCREATE UNIQUE INDEX CONCURRENTLY users_name_key ON users (name);"),
        ("EL105", "ALTER TABLE users ALTER COLUMN email TYPE varchar(60);"),
        ("EL107", "ALTER TABLE users ADD CONSTRAINT users_name_check CHECK (name <> '');"),
        ("EL108", "ALTER TABLE audit_log ADD CONSTRAINT audit_user_fk FOREIGN KEY (user_id) REFERENCES users (id);"),
        ("EL109", "ALTER TABLE users ADD COLUMN age integer NOT NULL;"),
        ("EL110", "ALTER TABLE orders ALTER COLUMN kind TYPE order_status USING kind::order_status;"),
        ("EL201", "CREATE TABLE coupons (id bigserial PRIMARY KEY, code text NOT NULL);"),
        ("EL202", "ALTER TABLE users ADD COLUMN nickname text;"),
        ("EL203", "ALTER TABLE orders ALTER COLUMN total DROP NOT NULL;"),
        ("EL204", "DROP INDEX users_email_key;"),
        ("EL205", "ALTER TABLE users ALTER COLUMN email TYPE varchar(255);"),
        ("EL206", "ALTER TYPE order_status ADD VALUE 'refunded';"),
        ("EL207", "ALTER TABLE orders DROP CONSTRAINT orders_total_check;"),
        ("EL208", "ALTER TABLE orders DROP CONSTRAINT orders_user_fk;"),
        ("EL209", "ALTER TABLE users DROP COLUMN email;"),
        ("EL210", "ALTER TABLE orders ALTER COLUMN status DROP DEFAULT;\nALTER TABLE orders ALTER COLUMN status TYPE text;"),
        ("EW001", "UPDATE users SET name = email WHERE name IS NULL;"),
        ("EW002", "-- ebb:skip\nCREATE EXTENSION IF NOT EXISTS pg_trgm;"),
        ("EW003", "DO $$ BEGIN PERFORM 1; END $$;"),
        ("EW004", "GRANT SELECT ON users TO reporting;"),
        ("EL401", "CREATE INDEX orders_status_idx ON orders (status);"),
        ("EL402", "ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,4);"),
        ("EL403", "ALTER TABLE orders ALTER COLUMN kind SET NOT NULL;"),
        ("EL404", "ALTER TABLE orders ADD COLUMN seq bigserial;"),
        ("EL405", "ALTER TABLE audit_log ADD CONSTRAINT audit_payload_check CHECK (payload <> '');"),
        ("EL601", "-- ebb:txmode none\nCREATE INDEX CONCURRENTLY orders_kind_idx ON orders (kind);\nALTER TABLE orders ADD COLUMN note text;"),
    ];
    insta::assert_snapshot!(codes_of(Dialect::Postgres, &base, &cases));
}

#[test]
fn every_code_mysql() {
    let base = [
        ("20240105090000_create_users.sql", "CREATE TABLE users (\n  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,\n  email varchar(120) NOT NULL,\n  name varchar(80),\n  legacy text,\n  UNIQUE KEY users_email_key (email)\n) ENGINE=InnoDB;\n"),
        ("20240212143000_create_orders.sql", "CREATE TABLE orders (\n  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,\n  user_id int NOT NULL,\n  status enum('new','paid') NOT NULL DEFAULT 'new',\n  kind varchar(20),\n  total decimal(10,2) NOT NULL,\n  CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id),\n  CONSTRAINT orders_total_check CHECK (total >= 0)\n) ENGINE=InnoDB;\nCREATE TABLE audit_log (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, user_id int, payload text) ENGINE=InnoDB;\n"),
    ];
    let cases = [
        ("EL101", "DROP TABLE audit_log;"),
        ("EL102", "ALTER TABLE users DROP COLUMN legacy;"),
        ("EL103", "ALTER TABLE users MODIFY name varchar(80) NOT NULL;"),
        ("EL104", "CREATE UNIQUE INDEX users_name_key ON users (name);"),
        ("EL105", "ALTER TABLE users MODIFY email varchar(60) NOT NULL;"),
        ("EL106", "ALTER TABLE orders MODIFY status enum('new') NOT NULL DEFAULT 'new';"),
        ("EL107", "ALTER TABLE users ADD CONSTRAINT users_name_check CHECK (name <> '');"),
        ("EL108", "ALTER TABLE audit_log ADD CONSTRAINT audit_user_fk FOREIGN KEY (user_id) REFERENCES users (id);"),
        ("EL109", "ALTER TABLE users ADD COLUMN age int NOT NULL;"),
        ("EL110", "ALTER TABLE orders MODIFY kind enum('a','b');"),
        ("EL201", "CREATE TABLE coupons (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, code text NOT NULL);"),
        ("EL202", "ALTER TABLE users ADD COLUMN nickname text;"),
        ("EL203", "ALTER TABLE orders MODIFY total decimal(10,2);"),
        ("EL204", "ALTER TABLE users DROP INDEX users_email_key;"),
        ("EL205", "ALTER TABLE users MODIFY email varchar(255) NOT NULL;"),
        ("EL206", "ALTER TABLE orders MODIFY status enum('new','paid','refunded') NOT NULL DEFAULT 'new';"),
        ("EL207", "ALTER TABLE orders DROP CHECK orders_total_check;"),
        ("EL208", "ALTER TABLE orders DROP FOREIGN KEY orders_user_fk;"),
        ("EL209", "ALTER TABLE users DROP INDEX users_email_key;\nALTER TABLE users DROP COLUMN email;"),
        ("EL210", "ALTER TABLE orders MODIFY status varchar(20) NOT NULL DEFAULT 'new';"),
        ("EW001", "UPDATE users SET name = email WHERE name IS NULL;"),
        ("EW004", "GRANT SELECT ON users TO 'reporting'@'%';"),
        ("EL501", "ALTER TABLE orders MODIFY total decimal(12,4) NOT NULL;"),
    ];
    insta::assert_snapshot!(codes_of(Dialect::Mysql, &base, &cases));
}

#[test]
fn every_code_sqlite() {
    let base = [
        ("20240105090000_create_users.sql", "CREATE TABLE users (\n  id INTEGER PRIMARY KEY AUTOINCREMENT,\n  email TEXT NOT NULL,\n  name TEXT,\n  legacy TEXT\n);\nCREATE UNIQUE INDEX users_email_key ON users (email);\n"),
        ("20240212143000_create_orders.sql", "CREATE TABLE orders (\n  id INTEGER PRIMARY KEY AUTOINCREMENT,\n  user_id INTEGER NOT NULL REFERENCES users (id),\n  total NUMERIC NOT NULL\n);\nCREATE TABLE audit_log (id INTEGER PRIMARY KEY, payload TEXT);\n"),
    ];
    let cases = [
        ("EL101", "DROP TABLE audit_log;"),
        ("EL102", "ALTER TABLE users DROP COLUMN legacy;"),
        (
            "EL104",
            "CREATE UNIQUE INDEX users_name_key ON users (name);",
        ),
        (
            "EL201",
            "CREATE TABLE coupons (id INTEGER PRIMARY KEY, code TEXT NOT NULL);",
        ),
        ("EL202", "ALTER TABLE users ADD COLUMN nickname TEXT;"),
        ("EL204", "DROP INDEX users_email_key;"),
        ("EW001", "INSERT INTO audit_log (payload) VALUES ('hello');"),
        (
            "EW002",
            "-- ebb:skip\nCREATE VIRTUAL TABLE docs USING fts5(body);",
        ),
    ];
    insta::assert_snapshot!(codes_of(Dialect::Sqlite, &base, &cases));
}

/// SQLite's documented way to change a table (and some MySQL/PostgreSQL histories' too):
/// create the new shape, copy, drop the old table, rename the new one into its name. The drop
/// loses nothing the rename does not bring back: only what the rebuilt table lacks is reported,
/// at the drop.
#[test]
fn a_rebuilt_table_is_not_a_dropped_one() {
    let files = [
        (
            "20240105090000_notes.sql",
            "CREATE TABLE notes (id integer PRIMARY KEY, body text, legacy text);\nCREATE TABLE tags (id integer PRIMARY KEY);\n",
        ),
        (
            "20240301101500_rebuild.sql",
            "CREATE TABLE notes_new (id integer PRIMARY KEY, body text NOT NULL DEFAULT '');\n\
             INSERT INTO notes_new (id, body) SELECT id, coalesce(body, '') FROM notes;\n\
             DROP TABLE notes;\n\
             ALTER TABLE notes_new RENAME TO notes;\n\
             DROP TABLE tags;\n",
        ),
    ];
    let got = lint_last(Dialect::Sqlite, &files, &[]);
    let found: Vec<(&str, usize, &str)> = got[0]
        .findings
        .iter()
        .map(|f| (f.code, f.line, f.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "EW001",
                2,
                "INSERT: data changes are not reverted by a down plan"
            ),
            (
                "EL103",
                3,
                "NOT NULL on a column that may hold NULLs: notes.body"
            ),
            ("EL102", 3, "column dropped: notes.legacy"),
            ("EL101", 5, "table dropped: tags"),
        ],
        "{}",
        to_text(&got)
    );
}
