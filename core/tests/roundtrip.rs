//! Property tests: for generated schemas A and B, replaying the SQL of `plan(A, B)` onto A
//! yields B (model equality), on all three dialects; and a schema rendered to SQL and replayed
//! has an empty diff with itself.

use ebb_core::diff::diff;
use ebb_core::plan::{create_table_sql, plan};
use ebb_core::replay::{replay_sql, Session};
use ebb_core::sql::split::SplitStatement;
use ebb_core::{Dialect, Schema};
use proptest::prelude::*;

#[derive(Debug, Clone)]
struct Col {
    name: usize,
    ty: usize,
    not_null: bool,
    default: bool,
}

#[derive(Debug, Clone)]
struct Tab {
    name: usize,
    cols: Vec<Col>,
    pk: bool,
    unique_on: Option<usize>,
    index_on: Option<usize>,
}

const TYPES: [&str; 4] = ["int", "varchar(20)", "text", "bigint"];

fn col() -> impl Strategy<Value = Col> {
    (0..6usize, 0..TYPES.len(), any::<bool>(), any::<bool>()).prop_map(
        |(name, ty, not_null, default)| Col {
            name,
            ty,
            not_null,
            default,
        },
    )
}

fn tab() -> impl Strategy<Value = Tab> {
    (
        0..4usize,
        prop::collection::vec(col(), 1..5),
        any::<bool>(),
        prop::option::of(0..5usize),
        prop::option::of(0..5usize),
    )
        .prop_map(|(name, cols, pk, unique_on, index_on)| Tab {
            name,
            cols,
            pk,
            unique_on,
            index_on,
        })
}

fn schema_sql(d: Dialect, tabs: &[Tab]) -> String {
    let mut out = String::new();
    let mut seen = std::collections::BTreeSet::new();
    for t in tabs {
        if !seen.insert(t.name) {
            continue;
        }
        let mut cols: Vec<String> =
            vec![format!("id int{}", if t.pk { " PRIMARY KEY" } else { "" })];
        let mut names = std::collections::BTreeSet::new();
        for c in &t.cols {
            if !names.insert(c.name) {
                continue;
            }
            let ty = if d == Dialect::Mysql && TYPES[c.ty] == "text" {
                "varchar(200)"
            } else {
                TYPES[c.ty]
            };
            let default = if c.default {
                if ty.starts_with("varchar") || ty == "text" {
                    " DEFAULT 'x'"
                } else {
                    " DEFAULT 0"
                }
            } else {
                ""
            };
            cols.push(format!(
                "c{} {ty}{}{default}",
                c.name,
                if c.not_null { " NOT NULL" } else { "" }
            ));
        }
        out.push_str(&format!(
            "CREATE TABLE t{} ({});\n",
            t.name,
            cols.join(", ")
        ));
        let pick = |i: usize| names.iter().nth(i % names.len()).copied();
        if let Some(c) = t.unique_on.and_then(pick) {
            out.push_str(&format!(
                "CREATE UNIQUE INDEX t{}_u ON t{} (c{c});\n",
                t.name, t.name
            ));
        }
        if let Some(c) = t.index_on.and_then(pick) {
            out.push_str(&format!(
                "CREATE INDEX t{}_i ON t{} (c{c}, id);\n",
                t.name, t.name
            ));
        }
    }
    out
}

fn apply(s: Schema, statements: &[String]) -> Schema {
    let mut s = Session::new(s);
    for st in statements {
        let ss = SplitStatement {
            text: st.clone(),
            offset: 0,
            line: 1,
            col: 1,
            skip: false,
        };
        s.statement("plan", &ss)
            .unwrap_or_else(|e| panic!("{e}\n{st}"));
    }
    s.into_schema()
}

fn check(d: Dialect, a: &[Tab], b: &[Tab]) {
    let sa = replay_sql(d, "a.sql", &schema_sql(d, a)).unwrap();
    // Independent histories: no shared lineage, so objects match by name.
    let sb = replay_sql(d, "b.sql", &schema_sql(d, b))
        .unwrap()
        .without_ids();
    let p = plan(&sa, &sb);
    let after = apply(sa.clone(), &p.statements);
    assert!(
        after.same_as(&sb),
        "plan:\n{}\nA:\n{}\nB:\n{}",
        p.to_sql(),
        schema_sql(d, a),
        schema_sql(d, b)
    );
    // Rendered back to SQL and replayed, a schema is unchanged.
    let mut sql = Vec::new();
    for t in &sb.tables {
        sql.extend(create_table_sql(d, &sb, t, None));
    }
    let again = apply(Schema::new(d), &sql);
    assert!(diff(&sb, &again).changes.is_empty(), "{}", sql.join(";\n"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, .. ProptestConfig::default() })]

    #[test]
    fn plan_reaches_target_postgres(a in prop::collection::vec(tab(), 0..4), b in prop::collection::vec(tab(), 0..4)) {
        check(Dialect::Postgres, &a, &b);
    }

    #[test]
    fn plan_reaches_target_mysql(a in prop::collection::vec(tab(), 0..4), b in prop::collection::vec(tab(), 0..4)) {
        check(Dialect::Mysql, &a, &b);
    }

    #[test]
    fn plan_reaches_target_sqlite(a in prop::collection::vec(tab(), 0..4), b in prop::collection::vec(tab(), 0..4)) {
        check(Dialect::Sqlite, &a, &b);
    }
}

/// A table and column named anything a project may quote (Prisma's `"User"`, a name with a
/// quote or backtick in it, spaces, accents) replay under that exact name, and the plans that
/// create and drop them print names each dialect reads back as the same name.
fn quoted_names_hold(d: Dialect, table: &str, column: &str) {
    let sql = format!(
        "CREATE TABLE {} ({} integer NOT NULL, note text);",
        d.quote(table),
        d.quote(column)
    );
    let s = replay_sql(d, "names.sql", &sql).unwrap_or_else(|e| panic!("{e}\n{sql}"));
    assert_eq!(s.tables.len(), 1, "{sql}");
    assert_eq!(s.tables[0].name, table, "{sql}");
    assert_eq!(s.tables[0].columns[0].name, column, "{sql}");
    let empty = Schema::new(d);
    let create = plan(&empty, &s);
    let created = apply(empty.clone(), &create.statements);
    assert!(created.same_as(&s), "{}", create.to_sql());
    let drop = plan(&created, &empty);
    assert!(
        apply(created, &drop.statements).tables.is_empty(),
        "{}",
        drop.to_sql()
    );
}

const NAME: &str = "[A-Za-z_\"`é$][A-Za-z0-9_\"` é$]{0,12}[A-Za-z0-9_\"`é]";

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn quoted_names_read_back_postgres(t in NAME, c in NAME) {
        quoted_names_hold(Dialect::Postgres, &t, &c);
    }

    #[test]
    fn quoted_names_read_back_mysql(t in NAME, c in NAME) {
        quoted_names_hold(Dialect::Mysql, &t, &c);
    }

    #[test]
    fn quoted_names_read_back_sqlite(t in NAME, c in NAME) {
        quoted_names_hold(Dialect::Sqlite, &t, &c);
    }
}
