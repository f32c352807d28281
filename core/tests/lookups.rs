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
