//! MySQL and MariaDB inspection from `information_schema` for the connection's current database.

use super::{comment, Query, Row, Rows};
use crate::normalize::{column_type, expr};
use crate::schema::{
    CheckConstraint, Column, ForeignKey, Generated, Index, IndexPart, Opaque, OpaqueKind,
    PrimaryKey, RefAction, ServerDefaults, Table, View,
};
use crate::{Dialect, Result, Schema};
use std::collections::HashMap;

const D: Dialect = Dialect::Mysql;

pub(super) const QUERIES: &[Query] = &[
    Query {
        id: "server",
        sql: "SELECT VERSION(), LOWER(@@default_storage_engine), @@character_set_database, @@collation_database, DATABASE()",
        columns: 5,
    },
    Query {
        id: "charsets",
        sql: "SELECT CHARACTER_SET_NAME, DEFAULT_COLLATE_NAME FROM information_schema.CHARACTER_SETS ORDER BY 1",
        columns: 2,
    },
    // No query joins two information_schema tables: MariaDB evaluates such a join by
    // re-reading the inner table per outer row (1,000 tables: 7 s instead of 0.1 s), and
    // auto-named CHECK constraints (`CONSTRAINT_1`) repeat across tables, so a join by
    // name multiplies rows. The builder joins by table and name.
    Query {
        id: "tables",
        sql: "SELECT TABLE_NAME, LOWER(ENGINE), TABLE_COLLATION, TABLE_COMMENT \
              FROM information_schema.TABLES \
              WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1",
        columns: 4,
    },
    Query {
        // Views' columns come too; the builder keeps those of base tables.
        id: "columns",
        sql: "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, \
              CHARACTER_SET_NAME, COLLATION_NAME, COLUMN_COMMENT, GENERATION_EXPRESSION \
              FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() \
              ORDER BY TABLE_NAME, ORDINAL_POSITION",
        columns: 10,
    },
    Query {
        id: "indexes",
        sql: "SELECT TABLE_NAME, INDEX_NAME, CAST(NON_UNIQUE AS CHAR), COLUMN_NAME, \
              CAST(SUB_PART AS CHAR), COLLATION, INDEX_TYPE \
              FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() \
              ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
        columns: 7,
    },
    Query {
        id: "foreign_keys",
        sql: "SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME \
              FROM information_schema.KEY_COLUMN_USAGE \
              WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL \
              ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION",
        columns: 5,
    },
    Query {
        id: "fk_rules",
        sql: "SELECT TABLE_NAME, CONSTRAINT_NAME, DELETE_RULE, UPDATE_RULE \
              FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() ORDER BY 1, 2",
        columns: 4,
    },
    Query {
        id: "check_tables",
        sql: "SELECT TABLE_NAME, CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS \
              WHERE TABLE_SCHEMA = DATABASE() AND CONSTRAINT_TYPE = 'CHECK' ORDER BY 1, 2",
        columns: 2,
    },
    Query {
        // MariaDB has (catalog, schema, table, name, level, clause); MySQL 8 has (catalog,
        // schema, name, clause), its check names being unique per schema.
        id: "check_clauses",
        sql: "SELECT * FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()",
        columns: 0,
    },
    Query {
        id: "views",
        sql: "SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1",
        columns: 2,
    },
    Query {
        id: "triggers",
        sql: "SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_STATEMENT \
              FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() ORDER BY 1",
        columns: 5,
    },
    Query {
        id: "routines",
        sql: "SELECT ROUTINE_NAME, ROUTINE_TYPE, ROUTINE_DEFINITION FROM information_schema.ROUTINES \
              WHERE ROUTINE_SCHEMA = DATABASE() ORDER BY 1, 2",
        columns: 3,
    },
];

fn action(r: &Row<'_>, i: usize) -> Result<RefAction> {
    Ok(match r.req(i)?.to_ascii_uppercase().as_str() {
        "NO ACTION" => RefAction::NoAction,
        "RESTRICT" => RefAction::Restrict,
        "CASCADE" => RefAction::Cascade,
        "SET NULL" => RefAction::SetNull,
        "SET DEFAULT" => RefAction::SetDefault,
        _ => return Err(r.bad(i, "is not a referential action")),
    })
}

/// Types whose default MySQL 8 reports without quotes although it is a literal number.
fn numeric_type(ty: &str) -> bool {
    let base = ty.split(['(', ' ']).next().unwrap_or("");
    matches!(
        base,
        "tinyint"
            | "smallint"
            | "mediumint"
            | "int"
            | "bigint"
            | "decimal"
            | "float"
            | "double"
            | "bit"
            | "year"
    )
}

/// The default as an SQL expression. MariaDB (10.2.7+) reports it as SQL already (`'a'`,
/// `NULL`, `current_timestamp()`); MySQL reports literals bare and flags expressions.
fn default_expr(mariadb: bool, raw: Option<&str>, extra: &str, ty: &str) -> Option<String> {
    let raw = raw?;
    let sql = if mariadb || extra.contains("default_generated") || numeric_type(ty) {
        raw.to_string()
    } else if raw.eq_ignore_ascii_case("current_timestamp") {
        "current_timestamp()".to_string()
    } else {
        D.string_literal(raw)
    };
    let e = expr(D, &sql);
    (e != "null").then_some(e)
}

pub(super) fn build(rows: &Rows<'_>) -> Result<Schema> {
    let mut s = Schema::new(D);
    let (mariadb, database, server) = server(rows)?;
    let (table_text, pos) = tables(rows, &server, &mut s)?;
    columns(rows, &mut s, &pos, &table_text, &server, mariadb)?;
    indexes(rows, &mut s, &pos)?;
    foreign_keys(rows, &mut s, &pos)?;
    checks(rows, &mut s, &pos, mariadb)?;
    views_and_routines(rows, &mut s, &database)?;
    s.server = Some(server);
    Ok(s)
}

/// Where each table is in `s.tables`, by name key.
type Positions = HashMap<String, usize>;

/// The effective character set and collation of each table (for its columns), by name key.
type TableText = HashMap<String, (Option<String>, Option<String>)>;

fn table_at(pos: &Positions, r: &Row<'_>) -> Result<usize> {
    pos.get(&D.key(r.req(0)?))
        .copied()
        .ok_or_else(|| r.bad(0, "names a table the `tables` query did not return"))
}

/// The server: MariaDB or MySQL, the database's name, and its defaults.
fn server(rows: &Rows<'_>) -> Result<(bool, String, ServerDefaults)> {
    let mut mariadb = false;
    let mut database = String::new();
    let mut server = ServerDefaults::default();
    for r in rows.of("server") {
        mariadb = r.req(0)?.to_ascii_lowercase().contains("mariadb");
        server.engine = r.req(1)?.to_ascii_lowercase();
        server.charset = r.req(2)?.to_string();
        server.collation = r.req(3)?.to_string();
        database = r.req(4)?.to_string();
    }
    for r in rows.of("charsets") {
        server
            .charset_collations
            .insert(r.req(0)?.to_string(), r.req(1)?.to_string());
    }
    Ok((mariadb, database, server))
}

fn tables(
    rows: &Rows<'_>,
    server: &ServerDefaults,
    s: &mut Schema,
) -> Result<(TableText, Positions)> {
    // The effective character set and collation of each table (for its columns), and where
    // each table is, by key.
    let mut table_text = TableText::new();
    let mut pos = Positions::new();
    for r in rows.of("tables") {
        let name = r.req(0)?.to_string();
        let engine = r.opt(1).map(str::to_ascii_lowercase);
        let collation = r.opt(2);
        // Collations are named `<charset>_…` (or `binary`).
        let charset = collation.map(|c| c.split('_').next().unwrap_or(c));
        // Keep only what differs from what the server would choose unprompted.
        let charset_opt = charset.filter(|c| *c != server.charset);
        let (_, default_coll) = server.table_text(charset, None);
        let collation_opt = collation.filter(|c| *c != default_coll);
        table_text.insert(
            D.key(&name),
            (charset.map(str::to_string), collation.map(str::to_string)),
        );
        pos.insert(D.key(&name), s.tables.len());
        let mut t = Table {
            name,
            comment: comment(r.opt(3)),
            ..Table::default()
        };
        t.options.engine = engine.filter(|e| *e != server.engine);
        t.options.charset = charset_opt.map(str::to_string);
        t.options.collation = collation_opt.map(str::to_string);
        s.tables.push(t.into());
    }
    Ok((table_text, pos))
}

fn columns(
    rows: &Rows<'_>,
    s: &mut Schema,
    pos: &Positions,
    table_text: &TableText,
    server: &ServerDefaults,
    mariadb: bool,
) -> Result<()> {
    for r in rows.of("columns") {
        let Some(&at) = pos.get(&D.key(r.req(0)?)) else {
            continue; // a view's column
        };
        let ty = column_type(D, r.req(2)?);
        let extra = r.opt(5).unwrap_or("").to_ascii_lowercase();
        let generated = r
            .opt(9)
            .filter(|g| !g.is_empty() && extra.contains("generated"))
            .map(|g| Generated {
                expr: expr(D, g),
                stored: extra.contains("stored") || extra.contains("persistent"),
            });
        let on_update = extra
            .find("on update ")
            .map(|p| expr(D, &extra[p + "on update ".len()..]));
        let (table_cs, table_coll) = table_text
            .get(&D.key(r.req(0)?))
            .cloned()
            .unwrap_or_default();
        let charset = r.opt(6).filter(|c| Some(*c) != table_cs.as_deref());
        let collation = r.opt(7).filter(|c| {
            if Some(*c) == table_coll.as_deref() {
                return false;
            }
            // A column with its own character set and that set's default collation.
            charset
                .is_none_or(|cs| server.charset_collations.get(cs).map(String::as_str) != Some(*c))
        });
        let col = Column {
            name: r.req(1)?.to_string(),
            nullable: r.req(3)?.eq_ignore_ascii_case("yes"),
            default: if generated.is_some() {
                None
            } else {
                default_expr(mariadb, r.opt(4), &extra, &ty)
            },
            generated,
            auto_increment: extra.contains("auto_increment"),
            charset: charset.map(str::to_string),
            collation: collation.map(str::to_string),
            comment: comment(r.opt(8)),
            on_update,
            ty,
            ..Column::default()
        };
        s.table_at_mut(at).columns.push(col);
    }
    Ok(())
}

/// Indexes and the primary key, one row per key part.
fn indexes(rows: &Rows<'_>, s: &mut Schema, pos: &Positions) -> Result<()> {
    for r in rows.of("indexes") {
        let name = r.req(1)?.to_string();
        let Some(column) = r.opt(3) else {
            return Err(r.bad(
                3,
                "is NULL: a functional index part, which ebb does not read on MySQL yet",
            ));
        };
        let part = IndexPart {
            column: column.to_string(),
            expr: false,
            desc: r.opt(5) == Some("D"),
            length: match r.opt(4) {
                Some(_) => Some(u64::try_from(r.int(4)?).map_err(|_| r.bad(4, "is negative"))?),
                None => None,
            },
            opclass: None,
        };
        let unique = r.int(2)? == 0;
        let method = match r.req(6)?.to_ascii_lowercase().as_str() {
            "btree" | "hash" => None,
            other => Some(other.to_string()),
        };
        let t = s.table_at_mut(table_at(pos, &r)?);
        if name == "PRIMARY" {
            t.primary_key
                .get_or_insert_with(|| PrimaryKey {
                    name: Some(name.clone()),
                    columns: Vec::new(),
                    on_conflict: None,
                })
                .columns
                .push(part.column);
            continue;
        }
        match t
            .indexes
            .iter_mut()
            .find(|i| i.name.as_deref() == Some(&name))
        {
            Some(ix) => ix.parts.push(part),
            None => t.indexes.push(Index {
                unique,
                method,
                ..Index::plain(0, Some(name), vec![part])
            }),
        }
    }
    Ok(())
}

/// Foreign keys, one row per column, with their rules from `fk_rules`.
fn foreign_keys(rows: &Rows<'_>, s: &mut Schema, pos: &Positions) -> Result<()> {
    let mut rules = HashMap::new();
    for r in rows.of("fk_rules") {
        rules.insert(
            (D.key(r.req(0)?), r.req(1)?.to_string()),
            (action(&r, 2)?, action(&r, 3)?),
        );
    }
    for r in rows.of("foreign_keys") {
        let name = r.req(1)?.to_string();
        let (col, ref_col) = (r.req(2)?.to_string(), r.req(4)?.to_string());
        let (on_delete, on_update) = rules
            .get(&(D.key(r.req(0)?), name.clone()))
            .copied()
            .ok_or_else(|| r.bad(1, "has no row in the `fk_rules` query"))?;
        let ref_table = r.req(3)?.to_string();
        let t = s.table_at_mut(table_at(pos, &r)?);
        match t
            .foreign_keys
            .iter_mut()
            .find(|f| f.name.as_deref() == Some(&name))
        {
            Some(fk) => {
                fk.columns.push(col);
                fk.ref_columns.push(ref_col);
            }
            None => t.foreign_keys.push(ForeignKey {
                id: 0,
                name: Some(name),
                columns: vec![col],
                ref_table,
                ref_columns: vec![ref_col],
                on_delete,
                on_update,
                deferrable: None,
            }),
        }
    }
    Ok(())
}

fn checks(rows: &Rows<'_>, s: &mut Schema, pos: &Positions, mariadb: bool) -> Result<()> {
    // MySQL 8 names checks uniquely per schema and does not say their table in
    // CHECK_CONSTRAINTS; MariaDB does (and repeats names across tables).
    let mut check_table = HashMap::new();
    for r in rows.of("check_tables") {
        check_table.insert(r.req(1)?.to_string(), r.req(0)?.to_string());
    }
    let mut checks = Vec::new();
    for r in rows.of("check_clauses") {
        let (table, name, clause) = match r.len() {
            6 => (r.req(2)?.to_string(), r.req(3)?, r.req(5)?),
            4 => {
                let name = r.req(2)?;
                let table = check_table
                    .get(name)
                    .cloned()
                    .ok_or_else(|| r.bad(2, "has no row in the `check_tables` query"))?;
                (table, name, r.req(3)?)
            }
            n => {
                return Err(r.bad(
                    0,
                    &format!(
                    "starts a row of {n} values; CHECK_CONSTRAINTS has 4 (MySQL) or 6 (MariaDB)"
                ),
                ))
            }
        };
        checks.push((table, name.to_string(), expr(D, clause)));
    }
    checks.sort();
    for (table, name, e) in checks {
        let Some(&at) = pos.get(&D.key(&table)) else {
            continue;
        };
        // MariaDB stores JSON as `longtext` in utf8mb4_bin with a CHECK named after the column:
        // read back as the type the history wrote.
        if mariadb {
            if let Some(c) = s.table_at_mut(at).columns.iter_mut().find(|c| {
                c.name == name
                    && c.ty == "longtext"
                    && c.collation.as_deref() == Some("utf8mb4_bin")
                    && crate::replay::constraints::is_json_valid(&e, &c.name)
            }) {
                c.ty = "json".into();
                c.collation = None;
                c.charset = None;
                continue;
            }
        }
        s.table_at_mut(at).checks.push(CheckConstraint {
            id: 0,
            name: Some(name),
            expr: e,
        });
    }
    Ok(())
}

fn views_and_routines(rows: &Rows<'_>, s: &mut Schema, database: &str) -> Result<()> {
    for r in rows.of("views") {
        s.views.push(View {
            id: 0,
            name: r.req(0)?.to_string(),
            columns: Vec::new(),
            // The server qualifies every name with the database; that is not part of the view.
            query: r.req(1)?.replace(&format!("{}.", D.quote(database)), ""),
            materialized: false,
            written: crate::schema::Written::default(),
        });
    }
    for r in rows.of("triggers") {
        let (name, table) = (r.req(0)?, r.req(1)?);
        s.opaque.push(Opaque {
            kind: OpaqueKind::Trigger,
            name: name.to_string(),
            table: Some(table.to_string()),
            args: None,
            definition: format!(
                "CREATE TRIGGER {} {} {} ON {} FOR EACH ROW {}",
                D.quote(name),
                r.req(2)?,
                r.req(3)?,
                D.quote(table),
                r.req(4)?
            ),
        });
    }
    for r in rows.of("routines") {
        s.opaque.push(Opaque {
            kind: if r.req(1)?.eq_ignore_ascii_case("procedure") {
                OpaqueKind::Procedure
            } else {
                OpaqueKind::Function
            },
            name: r.req(0)?.to_string(),
            table: None,
            args: None,
            definition: r.opt(2).unwrap_or_default().to_string(),
        });
    }
    Ok(())
}
