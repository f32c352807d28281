//! PostgreSQL inspection from `pg_catalog` (PostgreSQL 12 and later).

use super::{comment, qualify, Query, Row, Rows};
use crate::normalize::{column_type, expr};
use crate::schema::{
    CheckConstraint, Column, Deferral, EnumType, ForeignKey, Generated, IdentityKind, Index,
    IndexPart, Opaque, OpaqueKind, PrimaryKey, RefAction, Sequence, Table, View,
};
use crate::{Dialect, Result, Schema};
use std::collections::HashMap;

const D: Dialect = Dialect::Postgres;

/// The namespaces ebb inspects: every user namespace (`n` is `pg_namespace`).
macro_rules! user_ns {
    () => {
        "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'"
    };
}

/// Leaves out objects an extension owns (`catalog` holds the object, `alias` is its row).
macro_rules! not_extension_owned {
    ($catalog:literal, $alias:literal) => {
        concat!(
            "NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend x WHERE x.classid = 'pg_catalog.",
            $catalog,
            "'::regclass AND x.objid = ",
            $alias,
            ".oid AND x.deptype = 'e')"
        )
    };
}

// Every query keeps to user namespaces and leaves out what extensions own.
pub(super) const QUERIES: &[Query] = &[
    Query {
        id: "namespaces",
        sql: concat!("SELECT n.nspname::text FROM pg_catalog.pg_namespace n \
              WHERE n.nspname::text NOT IN ('pg_catalog', 'information_schema', 'public') \
              AND n.nspname::text NOT LIKE 'pg\\_%' \
              AND ", not_extension_owned!("pg_namespace", "n"), " \
              ORDER BY 1"),
        columns: 1,
    },
    Query {
        id: "extensions",
        sql: "SELECT e.extname::text FROM pg_catalog.pg_extension e WHERE e.extname::text <> 'plpgsql' ORDER BY 1",
        columns: 1,
    },
    Query {
        id: "enums",
        sql: concat!("SELECT n.nspname::text, t.typname::text, json_agg(e.enumlabel::text ORDER BY e.enumsortorder)::text \
              FROM pg_catalog.pg_type t \
              JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace \
              JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid \
              WHERE ", not_extension_owned!("pg_type", "t"), " \
              GROUP BY 1, 2 ORDER BY 1, 2"),
        columns: 3,
    },
    Query {
        id: "tables",
        sql: concat!("SELECT n.nspname::text, c.relname::text, pg_catalog.obj_description(c.oid, 'pg_class') \
              FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
              WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition \
              AND ", user_ns!(), " \
              AND ", not_extension_owned!("pg_class", "c"), " \
              ORDER BY 1, 2"),
        columns: 3,
    },
    Query {
        id: "columns",
        sql: concat!("SELECT n.nspname::text, c.relname::text, a.attname::text, pg_catalog.format_type(a.atttypid, a.atttypmod), \
              a.attnotnull::text, pg_catalog.pg_get_expr(ad.adbin, ad.adrelid), a.attidentity::text, \
              a.attgenerated::text, CASE WHEN a.attcollation <> t.typcollation THEN co.collname END, \
              pg_catalog.col_description(c.oid, a.attnum) \
              FROM pg_catalog.pg_attribute a \
              JOIN pg_catalog.pg_class c ON c.oid = a.attrelid \
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
              JOIN pg_catalog.pg_type t ON t.oid = a.atttypid \
              LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum \
              LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation \
              WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND a.attnum > 0 AND NOT a.attisdropped \
              AND ", user_ns!(), " \
              ORDER BY n.nspname::text, c.relname::text, a.attnum"),
        columns: 10,
    },
    Query {
        id: "constraints",
        sql: concat!("SELECT n.nspname::text, c.relname::text, con.conname::text, con.contype::text, \
              (SELECT json_agg(a.attname::text ORDER BY k.i) FROM unnest(con.conkey) WITH ORDINALITY k(attnum, i) \
               JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum)::text, \
              fn.nspname::text, fc.relname::text, \
              (SELECT json_agg(a.attname::text ORDER BY k.i) FROM unnest(con.confkey) WITH ORDINALITY k(attnum, i) \
               JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum)::text, \
              con.confdeltype::text, con.confupdtype::text, pg_catalog.pg_get_expr(con.conbin, con.conrelid), \
              con.condeferrable::text, con.condeferred::text \
              FROM pg_catalog.pg_constraint con \
              JOIN pg_catalog.pg_class c ON c.oid = con.conrelid \
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
              LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid \
              LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace \
              WHERE con.contype IN ('p', 'f', 'c') AND c.relkind IN ('r', 'p') AND NOT c.relispartition \
              AND ", user_ns!(), " \
              ORDER BY 1, 2, 3"),
        columns: 13,
    },
    Query {
        id: "indexes",
        sql: concat!("SELECT n.nspname::text, c.relname::text, ic.relname::text, i.indisunique::text, am.amname::text, \
              (SELECT json_agg(json_build_array( \
                 CASE WHEN i.indkey[k.i - 1] = 0 THEN pg_catalog.pg_get_indexdef(i.indexrelid, k.i, true) \
                 ELSE (SELECT a.attname::text FROM pg_catalog.pg_attribute a WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[k.i - 1]) END, \
                 i.indkey[k.i - 1] = 0, (i.indoption[k.i - 1] & 1) = 1, \
                 (SELECT oc.opcname::text FROM pg_catalog.pg_opclass oc WHERE oc.oid = i.indclass[k.i - 1] AND NOT oc.opcdefault)) ORDER BY k.i) \
               FROM generate_series(1, i.indnkeyatts) k(i))::text, \
              pg_catalog.pg_get_expr(i.indpred, i.indrelid), \
              EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype = 'u')::text \
              FROM pg_catalog.pg_index i \
              JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid \
              JOIN pg_catalog.pg_class c ON c.oid = i.indrelid \
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
              JOIN pg_catalog.pg_am am ON am.oid = ic.relam \
              WHERE NOT i.indisprimary AND c.relkind IN ('r', 'p') AND NOT c.relispartition \
              AND ", user_ns!(), " \
              ORDER BY 1, 2, 3"),
        columns: 8,
    },
    Query {
        id: "sequences",
        sql: concat!("SELECT n.nspname::text, c.relname::text, pg_catalog.format_type(s.seqtypid, NULL), s.seqstart::text, \
              s.seqincrement::text, s.seqmin::text, s.seqmax::text, s.seqcache::text, s.seqcycle::text, \
              dn.nspname::text, dc.relname::text, da.attname::text, d.deptype::text \
              FROM pg_catalog.pg_sequence s \
              JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid \
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
              LEFT JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid \
                AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.deptype IN ('a', 'i') \
              LEFT JOIN pg_catalog.pg_class dc ON dc.oid = d.refobjid \
              LEFT JOIN pg_catalog.pg_namespace dn ON dn.oid = dc.relnamespace \
              LEFT JOIN pg_catalog.pg_attribute da ON da.attrelid = d.refobjid AND da.attnum = d.refobjsubid \
              WHERE ", user_ns!(), " \
              AND ", not_extension_owned!("pg_class", "c"), " \
              ORDER BY 1, 2"),
        columns: 13,
    },
    Query {
        id: "views",
        sql: concat!("SELECT n.nspname::text, c.relname::text, (c.relkind = 'm')::text, pg_catalog.pg_get_viewdef(c.oid, true) \
              FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
              WHERE c.relkind IN ('v', 'm') \
              AND ", user_ns!(), " \
              AND ", not_extension_owned!("pg_class", "c"), " \
              ORDER BY 1, 2"),
        columns: 4,
    },
    Query {
        id: "routines",
        sql: concat!("SELECT n.nspname::text, p.proname::text, p.prokind::text, pg_catalog.pg_get_function_identity_arguments(p.oid), \
              pg_catalog.pg_get_functiondef(p.oid) \
              FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace \
              WHERE p.prokind IN ('f', 'p') \
              AND ", user_ns!(), " \
              AND ", not_extension_owned!("pg_proc", "p"), " \
              ORDER BY 1, 2, 4"),
        columns: 5,
    },
    Query {
        id: "triggers",
        sql: concat!("SELECT n.nspname::text, c.relname::text, t.tgname::text, pg_catalog.pg_get_triggerdef(t.oid) \
              FROM pg_catalog.pg_trigger t \
              JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid \
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
              WHERE NOT t.tgisinternal \
              AND ", user_ns!(), " \
              ORDER BY 1, 2, 3"),
        columns: 4,
    },
];

fn name_at(r: &Row<'_>, ns: usize, name: usize) -> Result<String> {
    Ok(qualify(D, r.req(ns)?, r.req(name)?))
}

fn action(r: &Row<'_>, i: usize) -> Result<RefAction> {
    Ok(match r.req(i)? {
        "a" => RefAction::NoAction,
        "r" => RefAction::Restrict,
        "c" => RefAction::Cascade,
        "n" => RefAction::SetNull,
        "d" => RefAction::SetDefault,
        _ => return Err(r.bad(i, "is not a referential action code")),
    })
}

/// Where each table is in `Schema::tables`, by name: the rows of one catalog query name
/// thousands of tables, and a scan per row would make inspection quadratic.
struct Tables(HashMap<String, usize>);

impl Tables {
    fn new(s: &Schema) -> Self {
        Tables(
            s.tables
                .iter()
                .enumerate()
                .map(|(i, t)| (t.name.clone(), i))
                .collect(),
        )
    }

    /// The table a row names.
    fn get<'s>(&self, s: &'s mut Schema, r: &Row<'_>, name: &str) -> Result<&'s mut Table> {
        self.0
            .get(name)
            .map(|&i| s.table_at_mut(i))
            .ok_or_else(|| r.bad(1, "names a table the `tables` query did not return"))
    }
}

/// Type bounds PostgreSQL uses when a sequence gives none.
fn sequence_bounds(ty: &str, increment: i64) -> (i64, i64) {
    let max = match ty {
        "smallint" => i64::from(i16::MAX),
        "integer" => i64::from(i32::MAX),
        _ => i64::MAX,
    };
    let min = match ty {
        "smallint" => i64::from(i16::MIN),
        "integer" => i64::from(i32::MIN),
        _ => i64::MIN,
    };
    if increment > 0 {
        (1, max)
    } else {
        (min, -1)
    }
}

pub(super) fn build(rows: &Rows<'_>) -> Result<Schema> {
    let mut s = Schema::new(D);
    objects(rows, &mut s)?;
    let at = Tables::new(&s);
    columns(rows, &mut s, &at)?;
    constraints(rows, &mut s, &at)?;
    indexes(rows, &mut s, &at)?;
    sequences(rows, &mut s)?;
    views_and_routines(rows, &mut s)?;
    Ok(s)
}

/// Schemas, extensions, enum types and tables (without their columns).
fn objects(rows: &Rows<'_>, s: &mut Schema) -> Result<()> {
    for r in rows.of("namespaces") {
        s.namespaces.push(r.req(0)?.to_string());
    }
    for r in rows.of("extensions") {
        s.extensions.push(r.req(0)?.to_string());
    }
    for r in rows.of("enums") {
        s.enums.push(EnumType {
            id: 0,
            name: name_at(&r, 0, 1)?,
            values: r.json(2)?,
        });
    }
    for r in rows.of("tables") {
        s.tables.push(
            Table {
                name: name_at(&r, 0, 1)?,
                comment: comment(r.opt(2)),
                ..Table::default()
            }
            .into(),
        );
    }
    Ok(())
}

fn columns(rows: &Rows<'_>, s: &mut Schema, at: &Tables) -> Result<()> {
    for r in rows.of("columns") {
        let table = name_at(&r, 0, 1)?;
        let raw_default = r.opt(5).map(|e| expr(D, e));
        let generated = r.opt(7).is_some_and(|g| g == "s");
        let col = Column {
            name: r.req(2)?.to_string(),
            ty: column_type(D, r.req(3)?),
            nullable: !r.flag(4)?,
            default: if generated { None } else { raw_default.clone() },
            generated: if generated {
                raw_default.map(|expr| Generated { expr, stored: true })
            } else {
                None
            },
            identity: match r.opt(6).unwrap_or("") {
                "a" => Some(IdentityKind::Always),
                "d" => Some(IdentityKind::ByDefault),
                _ => None,
            },
            collation: r.opt(8).map(str::to_string),
            comment: comment(r.opt(9)),
            ..Column::default()
        };
        at.get(s, &r, &table)?.columns.push(col);
    }
    Ok(())
}

/// Primary keys, foreign keys and checks.
fn constraints(rows: &Rows<'_>, s: &mut Schema, at: &Tables) -> Result<()> {
    for r in rows.of("constraints") {
        let table = name_at(&r, 0, 1)?;
        let name = Some(r.req(2)?.to_string());
        let columns: Vec<String> = r.opt(4).map_or(Ok(Vec::new()), |_| r.json(4))?;
        let t = at.get(s, &r, &table)?;
        match r.req(3)? {
            "p" => {
                t.primary_key = Some(PrimaryKey {
                    name,
                    columns,
                    on_conflict: None,
                });
            }
            "f" => t.foreign_keys.push(ForeignKey {
                id: 0,
                name,
                columns,
                ref_table: name_at(&r, 5, 6)?,
                ref_columns: r.json(7)?,
                on_delete: action(&r, 8)?,
                on_update: action(&r, 9)?,
                deferrable: match (r.flag(11)?, r.flag(12)?) {
                    (false, _) => None,
                    (true, false) => Some(Deferral::Immediate),
                    (true, true) => Some(Deferral::Deferred),
                },
            }),
            "c" => t.checks.push(CheckConstraint {
                id: 0,
                name,
                expr: expr(D, r.req(10)?),
            }),
            _ => return Err(r.bad(3, "is not a constraint type ebb reads (p, f, c)")),
        }
    }
    Ok(())
}

/// Indexes (unique constraints among them), with their parts as a JSON list.
fn indexes(rows: &Rows<'_>, s: &mut Schema, at: &Tables) -> Result<()> {
    for r in rows.of("indexes") {
        let table = name_at(&r, 0, 1)?;
        // [column or expression, is an expression, descending, operator class if not the
        // default] (rows read before the operator class was asked for have three).
        let parts: Vec<Vec<serde_json::Value>> = r.json(5)?;
        let method = r.req(4)?;
        let ix = Index {
            id: 0,
            name: Some(r.req(2)?.to_string()),
            unique: r.flag(3)?,
            constraint: r.flag(7)?,
            parts: parts
                .iter()
                .map(|p| {
                    let text = |k: usize| p.get(k).and_then(|v| v.as_str()).map(str::to_string);
                    let flag = |k: usize| p.get(k).and_then(serde_json::Value::as_bool);
                    let (Some(column), Some(is_expr), Some(desc)) = (text(0), flag(1), flag(2))
                    else {
                        return Err(r.bad(5, "is not a list of [column, is_expr, desc, opclass]"));
                    };
                    Ok(IndexPart {
                        column: if is_expr { expr(D, &column) } else { column },
                        expr: is_expr,
                        desc,
                        length: None,
                        opclass: text(3),
                    })
                })
                .collect::<Result<_>>()?,
            method: (method != "btree").then(|| method.to_string()),
            predicate: r.opt(6).map(|p| expr(D, p)),
            on_conflict: None,
            written: crate::schema::Written::default(),
        };
        at.get(s, &r, &table)?.indexes.push(ix);
    }
    Ok(())
}

/// Sequences other than identity columns' (those are part of their column).
fn sequences(rows: &Rows<'_>, s: &mut Schema) -> Result<()> {
    for r in rows.of("sequences") {
        if r.opt(12) == Some("i") {
            // An identity column's sequence is part of the column.
            continue;
        }
        let ty = column_type(D, r.req(2)?);
        let increment = r.int(4)?;
        let (min_default, max_default) = sequence_bounds(&ty, increment);
        let (min, max) = (r.int(5)?, r.int(6)?);
        let owned_by = match (r.opt(10), r.opt(11)) {
            (Some(_), Some(col)) => Some((name_at(&r, 9, 10)?, col.to_string())),
            _ => None,
        };
        s.sequences.push(std::sync::Arc::new(Sequence {
            id: 0,
            name: name_at(&r, 0, 1)?,
            ty,
            start: r.int(3)?,
            increment,
            min: (min != min_default).then_some(min),
            max: (max != max_default).then_some(max),
            cache: r.int(7)?,
            cycle: r.flag(8)?,
            owned_by,
        }));
    }
    Ok(())
}

fn views_and_routines(rows: &Rows<'_>, s: &mut Schema) -> Result<()> {
    for r in rows.of("views") {
        s.views.push(View {
            id: 0,
            name: name_at(&r, 0, 1)?,
            columns: Vec::new(),
            query: r.req(3)?.trim().trim_end_matches(';').trim().to_string(),
            materialized: r.flag(2)?,
            written: crate::schema::Written::default(),
        });
    }
    for r in rows.of("routines") {
        s.opaque.push(Opaque {
            kind: if r.req(2)? == "p" {
                OpaqueKind::Procedure
            } else {
                OpaqueKind::Function
            },
            name: name_at(&r, 0, 1)?,
            table: None,
            args: Some(r.req(3)?.to_string()),
            definition: r.req(4)?.trim().to_string(),
        });
    }
    for r in rows.of("triggers") {
        s.opaque.push(Opaque {
            kind: OpaqueKind::Trigger,
            name: r.req(2)?.to_string(),
            table: Some(name_at(&r, 0, 1)?),
            args: None,
            definition: r.req(3)?.trim().to_string(),
        });
    }
    Ok(())
}
