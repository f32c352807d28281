//! Replay and plan keep lookups (which sequences a table's columns own, which tables
//! reference a table) and reorder changes without copying them; these histories, in the shape
//! PostgreSQL projects write them, prove the results match what the server does. Debug builds
//! also check after every replayed statement that the lookups hold everything.

use ebb_core::plan::plan;
use ebb_core::replay::Session;
use ebb_core::{Dialect, Schema};

fn replay(files: &[(&str, &str)]) -> Schema {
    let mut s = Session::new(Schema::new(Dialect::Postgres));
    for (name, sql) in files {
        s.file(name, sql).unwrap_or_else(|e| panic!("{e}"));
    }
    s.into_schema()
}

#[test]
fn serial_sequences_follow_renames_and_go_with_their_column_or_table() {
    let s = replay(&[
        (
            "001_init.sql",
            "CREATE TABLE orders (id bigserial PRIMARY KEY, n serial);\n\
             CREATE TABLE notes (id serial PRIMARY KEY);\n\
             CREATE SEQUENCE loose;",
        ),
        (
            "002_rename.sql",
            "ALTER TABLE orders RENAME TO purchases;\n\
             ALTER TABLE purchases RENAME COLUMN n TO line;\n\
             ALTER SEQUENCE loose OWNED BY notes.id;",
        ),
        (
            "003_drop.sql",
            "ALTER TABLE purchases DROP COLUMN line;\nDROP TABLE notes;",
        ),
    ]);
    // PostgreSQL keeps a renamed table's sequence name, drops a serial column's sequence with
    // the column, and drops every sequence a table's columns own with the table (`loose` too).
    let owners: Vec<(&str, Option<(&str, &str)>)> = s
        .sequences
        .iter()
        .map(|q| {
            let owner = q.owned_by.as_ref().map(|(t, c)| (t.as_str(), c.as_str()));
            (q.name.as_str(), owner)
        })
        .collect();
    assert_eq!(owners, [("orders_id_seq", Some(("purchases", "id")))]);
}

#[test]
fn a_renamed_serial_column_keeps_its_sequence_through_a_later_table_rename() {
    let s = replay(&[
        ("001_init.sql", "CREATE TABLE a (id serial PRIMARY KEY);"),
        ("002_col.sql", "ALTER TABLE a RENAME COLUMN id TO a_id;"),
        ("003_table.sql", "ALTER TABLE a RENAME TO b;"),
        ("004_col.sql", "ALTER TABLE b RENAME COLUMN a_id TO b_id;"),
    ]);
    let q = &s.sequences[0];
    assert_eq!(q.name, "a_id_seq");
    assert_eq!(q.owned_by, Some(("b".into(), "b_id".into())));
}

/// The tables a plan's statements starting with `verb` name, in order.
fn tables_in(stmts: &[String], verb: &str) -> Vec<String> {
    stmts
        .iter()
        .filter_map(|x| x.strip_prefix(verb))
        .map(|rest| {
            rest.split([' ', '('])
                .next()
                .unwrap_or("")
                .trim_matches('"')
                .to_string()
        })
        .collect()
}

fn position(names: &[String], t: &str) -> usize {
    names
        .iter()
        .position(|x| x == t)
        .unwrap_or_else(|| panic!("{t} not in {names:?}"))
}

#[test]
fn a_revert_drops_children_before_parents() {
    // Table order (d, a, b, c) is not the order the drops need (c, b, a).
    let s = replay(&[
        ("001_d.sql", "CREATE TABLE d (id int PRIMARY KEY);"),
        ("002_a.sql", "CREATE TABLE a (id int PRIMARY KEY);"),
        (
            "003_bc.sql",
            "CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));\n\
             CREATE TABLE c (id int PRIMARY KEY, b_id int REFERENCES b (id));",
        ),
    ]);
    let down = plan(&s, &Schema::new(Dialect::Postgres)).statements;
    let drops = tables_in(&down, "DROP TABLE ");
    assert_eq!(drops.len(), 4, "{down:#?}");
    let at = |t| position(&drops, t);
    assert!(at("c") < at("b") && at("b") < at("a"), "{down:#?}");
}

#[test]
fn a_plan_from_nothing_creates_parents_before_children() {
    // Keys added after the tables: table order (d, c, b, a) is the reverse of what creating
    // them with their keys needs.
    let s = replay(&[
        (
            "001_tables.sql",
            "CREATE TABLE d (id int PRIMARY KEY);\n\
             CREATE TABLE c (id int PRIMARY KEY, b_id int);\n\
             CREATE TABLE b (id int PRIMARY KEY, a_id int);\n\
             CREATE TABLE a (id int PRIMARY KEY);",
        ),
        (
            "002_keys.sql",
            "ALTER TABLE c ADD FOREIGN KEY (b_id) REFERENCES b (id);\n\
             ALTER TABLE b ADD FOREIGN KEY (a_id) REFERENCES a (id);",
        ),
    ]);
    let up = plan(&Schema::new(Dialect::Postgres), &s).statements;
    let creates = tables_in(&up, "CREATE TABLE ");
    assert_eq!(creates.len(), 4, "{up:#?}");
    let at = |t| position(&creates, t);
    assert!(at("a") < at("b") && at("b") < at("c"), "{up:#?}");
}

#[test]
fn a_clean_up_that_drops_many_tables_keeps_every_lookup_in_step() {
    // Twelve tables in a chain (each references the one before), then a clean-up migration
    // that drops every other one with CASCADE, then work on the survivors that needs the
    // lookups: positions shift with every drop.
    let mut init = String::new();
    for n in 0..12 {
        let parent = if n == 0 {
            String::new()
        } else {
            format!(", parent_id bigint REFERENCES t{} (id)", n - 1)
        };
        init.push_str(&format!(
            "CREATE TABLE t{n} (id bigserial PRIMARY KEY, name text{parent});\n"
        ));
    }
    let mut clean_up = String::new();
    for n in (0..12).step_by(2) {
        clean_up.push_str(&format!("DROP TABLE t{n} CASCADE;\n"));
    }
    let later = "ALTER TABLE t5 RENAME TO five;\n\
                 ALTER TABLE five RENAME COLUMN id TO five_id;\n\
                 CREATE TABLE child (id int PRIMARY KEY, t11_id bigint REFERENCES t11 (id));\n\
                 ALTER TABLE t9 DROP COLUMN id;\n";
    let before = replay(&[("001_init.sql", &init)]);
    let after = replay(&[
        ("001_init.sql", &init),
        ("002_clean_up.sql", &clean_up),
        ("003_later.sql", later),
    ]);
    let names: Vec<&str> = after.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["t1", "t3", "five", "t7", "t9", "t11", "child"]);
    // Every sequence of a dropped table went with it; the survivors' follow their renames,
    // and t9's went with its column.
    let owners: Vec<(&str, &str, &str)> = after
        .sequences
        .iter()
        .filter_map(|q| {
            let (t, c) = q.owned_by.as_ref()?;
            Some((q.name.as_str(), t.as_str(), c.as_str()))
        })
        .collect();
    assert_eq!(
        owners,
        [
            ("t1_id_seq", "t1", "id"),
            ("t3_id_seq", "t3", "id"),
            ("t5_id_seq", "five", "five_id"),
            ("t7_id_seq", "t7", "id"),
            ("t11_id_seq", "t11", "id"),
        ]
    );
    assert_eq!(after.sequences.len(), owners.len());
    // CASCADE took the survivors' keys to the dropped tables; the new key to t11 is there.
    let keys: Vec<(&str, &str)> = after
        .tables
        .iter()
        .flat_map(|t| {
            t.foreign_keys
                .iter()
                .map(|f| (t.name.as_str(), f.ref_table.as_str()))
        })
        .collect();
    assert_eq!(keys, [("child", "t11")]);
    // Dropping t11 now is refused, naming the table whose key points at it.
    let mut s = Session::new(after.clone());
    let err = s
        .file("004_drop.sql", "DROP TABLE t11;")
        .expect_err("a referenced table cannot be dropped without CASCADE");
    assert!(
        err.to_string()
            .contains("a foreign key of child references it"),
        "{err}"
    );
    // Reverting the clean-up re-creates each dropped table with its serial key (no separate
    // sequence statement) and the keys the survivors had into them.
    let undo_clean_up = replay(&[("001_init.sql", &init), ("002_clean_up.sql", &clean_up)]);
    let down = plan(&undo_clean_up, &before).statements;
    let creates = tables_in(&down, "CREATE TABLE ");
    assert_eq!(creates, ["t0", "t2", "t4", "t6", "t8", "t10"], "{down:#?}");
    for t in &creates {
        let sql = down
            .iter()
            .find(|x| x.starts_with(&format!("CREATE TABLE \"{t}\" ")))
            .expect("created");
        assert!(sql.contains("\"id\" bigserial"), "{sql}");
    }
    assert!(
        !down.iter().any(|x| x.starts_with("CREATE SEQUENCE")),
        "{down:#?}"
    );
    let keys_back = down
        .iter()
        .filter(|x| x.contains("FOREIGN KEY (\"parent_id\")"))
        .count();
    assert_eq!(keys_back, 11, "{down:#?}");
}

/// A Django history on SQLite: a model rebuilt (`new__…` created, copied, the old table
/// dropped, the new one renamed), models and a referenced key column renamed, a key to a table
/// that only a later rename creates, and an index re-created under another case. Renames read
/// only the texts of the tables the lookups list as referring to the renamed table; every kept
/// text must still be what SQLite itself stores (read from `sqlite_master` after running these
/// statements on SQLite 3).
#[test]
fn sqlite_renames_rewrite_the_kept_texts_of_referring_tables_as_sqlite_does() {
    let files = [
        (
            "0001_initial.sql",
            r#"CREATE TABLE "shop_author" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(50) NOT NULL);
CREATE TABLE "shop_book" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "title" varchar(100) NOT NULL, "author_id" bigint NOT NULL REFERENCES "shop_author" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE INDEX "shop_book_author_id_idx" ON "shop_book" ("author_id");
CREATE TABLE "shop_review" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "stars" smallint NOT NULL, "book_id" bigint NOT NULL REFERENCES "shop_book" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE INDEX "shop_review_book_id_idx" ON "shop_review" ("book_id");"#,
        ),
        (
            "0002_alter_author_name.sql",
            r#"CREATE TABLE "new__shop_author" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(80) NOT NULL);
INSERT INTO "new__shop_author" ("id", "name") SELECT "id", "name" FROM "shop_author";
DROP TABLE "shop_author";
ALTER TABLE "new__shop_author" RENAME TO "shop_author";"#,
        ),
        (
            "0003_renames.sql",
            r#"ALTER TABLE "shop_author" RENAME TO "shop_writer";
ALTER TABLE "shop_book" RENAME COLUMN "id" TO "book_id";
ALTER TABLE "shop_review" RENAME TO "shop_rating";"#,
        ),
        (
            "0004_tags.sql",
            r#"CREATE TABLE "shop_tag" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "editor_id" bigint NULL REFERENCES "Shop_Editor" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE "tmp_editor" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT);
ALTER TABLE "tmp_editor" RENAME TO "shop_editor";
ALTER TABLE "SHOP_EDITOR" RENAME TO "shop_staff";
CREATE INDEX "shop_tag_editor_id_idx" ON "shop_tag" ("editor_id");
CREATE INDEX IF NOT EXISTS "SHOP_TAG_EDITOR_ID_IDX" ON "shop_rating" ("stars");"#,
        ),
    ];
    let mut session = Session::new(Schema::new(Dialect::Sqlite));
    for (name, sql) in files {
        session.file(name, sql).unwrap_or_else(|e| panic!("{e}"));
    }
    let s = session.into_schema();
    let mut stored: Vec<(String, String)> = Vec::new();
    for t in &s.tables {
        stored.push((t.name.clone(), t.written.0.clone().unwrap_or_default()));
        for i in &t.indexes {
            let name = i.name.clone().unwrap_or_default();
            stored.push((name, i.written.0.clone().unwrap_or_default()));
        }
    }
    stored.sort();
    let expected = [
        (
            "shop_book",
            r#"CREATE TABLE "shop_book" ("book_id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "title" varchar(100) NOT NULL, "author_id" bigint NOT NULL REFERENCES "shop_writer" ("id") DEFERRABLE INITIALLY DEFERRED)"#,
        ),
        (
            "shop_book_author_id_idx",
            r#"CREATE INDEX "shop_book_author_id_idx" ON "shop_book" ("author_id")"#,
        ),
        (
            "shop_rating",
            r#"CREATE TABLE "shop_rating" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "stars" smallint NOT NULL, "book_id" bigint NOT NULL REFERENCES "shop_book" ("book_id") DEFERRABLE INITIALLY DEFERRED)"#,
        ),
        (
            "shop_review_book_id_idx",
            r#"CREATE INDEX "shop_review_book_id_idx" ON "shop_rating" ("book_id")"#,
        ),
        (
            "shop_staff",
            r#"CREATE TABLE "shop_staff" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT)"#,
        ),
        (
            "shop_tag",
            r#"CREATE TABLE "shop_tag" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "editor_id" bigint NULL REFERENCES "shop_staff" ("id") DEFERRABLE INITIALLY DEFERRED)"#,
        ),
        (
            "shop_tag_editor_id_idx",
            r#"CREATE INDEX "shop_tag_editor_id_idx" ON "shop_tag" ("editor_id")"#,
        ),
        (
            "shop_writer",
            r#"CREATE TABLE "shop_writer" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(80) NOT NULL)"#,
        ),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(n, t)| ((*n).to_string(), (*t).to_string()))
        .collect();
    assert_eq!(stored, expected);
}

/// Django on SQLite rebuilds a model with a named `UniqueConstraint` (as django-oauth-toolkit's
/// device grant): while the copy exists, the old table and `new__…` both carry a `UNIQUE`
/// constraint of that name (SQLite names their indexes `sqlite_autoindex_…`, so the names do
/// not collide there; Alembic's batch mode on SQLite does the same with `_alembic_tmp_…`).
/// Replay keeps the constraint through the rebuild (debug builds check the index lookups after
/// every statement).
#[test]
fn a_sqlite_rebuild_keeps_a_named_unique_constraint_on_both_copies() {
    let table = |name: &str, scope: &str| {
        format!(
            r#"CREATE TABLE "{name}" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "device_code" varchar(100) NOT NULL, "scope" {scope} NOT NULL, CONSTRAINT "app_devicegrant_unique_device_code" UNIQUE ("device_code"));"#
        )
    };
    let rebuild = format!(
        "{}\n{}\n{}\n{}",
        table("new__app_devicegrant", "text"),
        r#"INSERT INTO "new__app_devicegrant" ("id", "device_code", "scope") SELECT "id", "device_code", "scope" FROM "app_devicegrant";"#,
        r#"DROP TABLE "app_devicegrant";"#,
        r#"ALTER TABLE "new__app_devicegrant" RENAME TO "app_devicegrant";"#,
    );
    let mut session = Session::new(Schema::new(Dialect::Sqlite));
    session
        .file("0001_initial.sql", &table("app_devicegrant", "varchar(64)"))
        .unwrap_or_else(|e| panic!("{e}"));
    session
        .file("0002_alter_devicegrant_scope.sql", &rebuild)
        .unwrap_or_else(|e| panic!("{e}"));
    let s = session.into_schema();
    let names: Vec<&str> = s.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["app_devicegrant"]);
    let t = &s.tables[0];
    let scope = t.columns.iter().find(|c| c.name == "scope").unwrap();
    assert_eq!(scope.ty, "text");
    assert!(
        t.written
            .0
            .as_deref()
            .unwrap()
            .contains(r#"CONSTRAINT "app_devicegrant_unique_device_code" UNIQUE ("device_code")"#),
        "{:?}",
        t.written
    );
}
