//! PostgreSQL's SQL: its own objects (types, sequences, extensions), `ALTER COLUMN … TYPE`,
//! named primary keys and unique constraints, `COMMENT ON`, indexes that live beside their
//! table, and `DROP FUNCTION name(args)`.

use super::{column_sql, in_schema_of, qualified, unique_clause, Renderer};
use crate::diff::Change as C;
use crate::schema::{Column, EnumType, IdentityKind, OpaqueKind, Sequence, Table};
use crate::Dialect;

/// The statements of `c` on PostgreSQL.
pub(super) fn statements(r: &Renderer<'_>, c: &C) -> Vec<String> {
    let d = r.d;
    let q = |n: &str| qualified(d, n);
    match c {
        C::AddColumn { table, column, .. } => {
            let mut v = r.add_column(table, column, None);
            if let Some(cm) = &column.comment {
                v.push(format!(
                    "COMMENT ON COLUMN {}.{} IS {}",
                    q(table),
                    d.quote(&column.name),
                    d.string_literal(cm)
                ));
            }
            v
        }
        C::AddPrimaryKey { table, key } => {
            let name = key.name.clone().unwrap_or_else(|| format!("{table}_pkey"));
            vec![r.alter(
                table,
                &format!(
                    "ADD CONSTRAINT {} PRIMARY KEY ({})",
                    d.quote(&name),
                    super::cols(d, &key.columns)
                ),
            )]
        }
        C::AddIndex { table, index } if index.constraint => {
            vec![r.alter(table, &format!("ADD {}", unique_clause(d, index)))]
        }
        C::DropIndex { table, index } => {
            let name = index.name.as_deref().unwrap_or_default();
            if index.constraint {
                vec![r.alter(table, &format!("DROP CONSTRAINT {}", d.quote(name)))]
            } else {
                vec![format!("DROP INDEX {}", in_schema_of(d, table, name))]
            }
        }
        C::SetTableComment { table, comment } => vec![format!(
            "COMMENT ON TABLE {} IS {}",
            q(table),
            comment
                .as_deref()
                .map_or_else(|| "NULL".into(), |c| d.string_literal(c))
        )],
        C::DropOpaque { def } if def.kind == OpaqueKind::Trigger => vec![format!(
            "DROP TRIGGER {} ON {}",
            d.quote(&def.name),
            q(def.table.as_deref().unwrap_or_default())
        )],
        C::DropOpaque { def } => vec![format!(
            "DROP {} {}({})",
            def.kind.keyword(),
            q(&def.name),
            def.args.as_deref().unwrap_or_default()
        )],
        other => r.shared(other),
    }
}

/// Extensions, enum types and sequences: PostgreSQL's objects. Another dialect meets them only
/// through a history written in PostgreSQL's syntax, and gets the same SQL.
pub(super) fn objects(r: &Renderer<'_>, c: &C) -> Vec<String> {
    let d = r.d;
    let q = |n: &str| qualified(d, n);
    match c {
        C::CreateExtension { name } => {
            vec![format!("CREATE EXTENSION IF NOT EXISTS {}", d.quote(name))]
        }
        C::DropExtension { name } => vec![format!("DROP EXTENSION {}", d.quote(name))],
        C::CreateEnum { def } => {
            let labels = def
                .values
                .iter()
                .map(|v| d.string_literal(v))
                .collect::<Vec<_>>()
                .join(", ");
            vec![format!("CREATE TYPE {} AS ENUM ({labels})", q(&def.name))]
        }
        C::DropEnum { def } => vec![format!("DROP TYPE {}", q(&def.name))],
        C::RenameEnum { from, to } => vec![format!(
            "ALTER TYPE {} RENAME TO {}",
            q(from),
            d.quote(to.rsplit('.').next().unwrap_or(to))
        )],
        C::AddEnumValue {
            name,
            value,
            before,
        } => {
            let mut s = format!(
                "ALTER TYPE {} ADD VALUE {}",
                q(name),
                d.string_literal(value)
            );
            if let Some(b) = before {
                s.push_str(&format!(" BEFORE {}", d.string_literal(b)));
            }
            vec![s]
        }
        C::RenameEnumValue { name, from, to } => vec![format!(
            "ALTER TYPE {} RENAME VALUE {} TO {}",
            q(name),
            d.string_literal(from),
            d.string_literal(to)
        )],
        C::RecreateEnum { from, to, columns } => recreate_enum(r, from, to, columns),
        C::CreateSequence { def } => {
            let mut v = vec![sequence_sql(d, def)];
            if let Some((t, c)) = &def.owned_by {
                v.push(format!(
                    "ALTER SEQUENCE {} OWNED BY {}.{}",
                    q(&def.name),
                    q(t),
                    d.quote(c)
                ));
            }
            v
        }
        C::DropSequence { def } => vec![format!("DROP SEQUENCE {}", q(&def.name))],
        C::AlterSequence { from, to } => alter_sequence(d, from, to),
        other => unreachable!("not one of PostgreSQL's objects: {other:?}"),
    }
}

/// An enum type that lost labels: the old type renamed aside, the new one created, every
/// column converted through text (defaults dropped and set again around it), the old dropped.
fn recreate_enum(
    r: &Renderer<'_>,
    from: &EnumType,
    to: &EnumType,
    columns: &[(String, String)],
) -> Vec<String> {
    let d = r.d;
    let q = |n: &str| qualified(d, n);
    let old = format!(
        "{}__ebb_old",
        from.name.rsplit('.').next().unwrap_or(&from.name)
    );
    let labels = to
        .values
        .iter()
        .map(|v| d.string_literal(v))
        .collect::<Vec<_>>()
        .join(", ");
    let mut v = vec![
        format!("ALTER TYPE {} RENAME TO {}", q(&from.name), d.quote(&old)),
        format!("CREATE TYPE {} AS ENUM ({labels})", q(&to.name)),
    ];
    for (t, col) in columns {
        let column = r.to.table(t).and_then(|x| x.column(d, col));
        let default = column.and_then(|c| c.default.clone());
        if default.is_some() {
            v.push(r.alter(t, &format!("ALTER COLUMN {} DROP DEFAULT", d.quote(col))));
        }
        let arr = if column.is_some_and(|c| c.ty.ends_with("[]")) {
            "[]"
        } else {
            ""
        };
        v.push(r.alter(
            t,
            &format!(
                "ALTER COLUMN {c} TYPE {ty}{arr} USING {c}::text{arr}::{ty}{arr}",
                c = d.quote(col),
                ty = q(&to.name)
            ),
        ));
        if let Some(def) = default {
            v.push(r.alter(
                t,
                &format!("ALTER COLUMN {} SET DEFAULT {def}", d.quote(col)),
            ));
        }
    }
    v.push(format!("DROP TYPE {}", in_schema_of(d, &from.name, &old)));
    v
}

/// `ALTER SEQUENCE`: a rename, then every option that differs in one statement.
fn alter_sequence(d: Dialect, from: &Sequence, to: &Sequence) -> Vec<String> {
    let q = |n: &str| qualified(d, n);
    let mut parts = Vec::new();
    if from.ty != to.ty {
        parts.push(format!("AS {}", to.ty));
    }
    if from.increment != to.increment {
        parts.push(format!("INCREMENT BY {}", to.increment));
    }
    if from.min != to.min {
        parts.push(
            to.min
                .map_or_else(|| "NO MINVALUE".into(), |m| format!("MINVALUE {m}")),
        );
    }
    if from.max != to.max {
        parts.push(
            to.max
                .map_or_else(|| "NO MAXVALUE".into(), |m| format!("MAXVALUE {m}")),
        );
    }
    if from.start != to.start {
        parts.push(format!("START WITH {}", to.start));
    }
    if from.cache != to.cache {
        parts.push(format!("CACHE {}", to.cache));
    }
    if from.cycle != to.cycle {
        parts.push(if to.cycle {
            "CYCLE".into()
        } else {
            "NO CYCLE".into()
        });
    }
    if from.owned_by != to.owned_by {
        parts.push(match &to.owned_by {
            Some((t, col)) => format!("OWNED BY {}.{}", q(t), d.quote(col)),
            None => "OWNED BY NONE".into(),
        });
    }
    let mut v = Vec::new();
    if from.name != to.name {
        v.push(format!(
            "ALTER SEQUENCE {} RENAME TO {}",
            q(&from.name),
            d.quote(&to.name)
        ));
    }
    if !parts.is_empty() {
        v.push(format!(
            "ALTER SEQUENCE {} {}",
            q(&to.name),
            parts.join(" ")
        ));
    }
    v
}

/// `ALTER COLUMN` one attribute at a time (type, nullability, default, identity, comment), or
/// drop and add for a changed generation expression, after `v` (the fill of NULLs).
pub(super) fn alter_column(
    r: &Renderer<'_>,
    table: &str,
    from: &Column,
    to: &Column,
    mut v: Vec<String>,
) -> Vec<String> {
    let d = r.d;
    let col = d.quote(&to.name);
    if from.generated != to.generated {
        // A generation expression cannot be altered in place.
        v.push(r.alter(table, &format!("DROP COLUMN {col}")));
        v.push(r.alter(
            table,
            &format!("ADD COLUMN {}", column_sql(r, table, to, None)),
        ));
        return v;
    }
    if from.identity.is_some() && from.identity != to.identity {
        v.push(r.alter(table, &format!("ALTER COLUMN {col} DROP IDENTITY")));
    }
    if from.default != to.default && from.default.is_some() {
        v.push(r.alter(table, &format!("ALTER COLUMN {col} DROP DEFAULT")));
    }
    if from.ty != to.ty || from.collation != to.collation {
        let coll = to
            .collation
            .as_ref()
            .map(|c| format!(" COLLATE {}", d.quote(c)))
            .unwrap_or_default();
        v.push(r.alter(
            table,
            &format!(
                "ALTER COLUMN {col} TYPE {ty}{coll} USING {col}::{ty}",
                ty = type_sql(d, &to.ty)
            ),
        ));
    }
    if from.nullable != to.nullable {
        let what = if to.nullable {
            "DROP NOT NULL"
        } else {
            "SET NOT NULL"
        };
        v.push(r.alter(table, &format!("ALTER COLUMN {col} {what}")));
    }
    if from.default != to.default {
        if let Some(def) = &to.default {
            v.push(r.alter(table, &format!("ALTER COLUMN {col} SET DEFAULT {def}")));
        }
    }
    if to.identity.is_some() && from.identity != to.identity {
        let k = if to.identity == Some(IdentityKind::Always) {
            "ALWAYS"
        } else {
            "BY DEFAULT"
        };
        v.push(r.alter(
            table,
            &format!("ALTER COLUMN {col} ADD GENERATED {k} AS IDENTITY"),
        ));
    }
    if from.comment != to.comment {
        v.push(format!(
            "COMMENT ON COLUMN {}.{col} IS {}",
            qualified(d, table),
            to.comment
                .as_deref()
                .map_or_else(|| "NULL".into(), |c| d.string_literal(c))
        ));
    }
    v
}

/// Comments of a new table, which PostgreSQL keeps out of `CREATE TABLE`.
pub(super) fn comments(d: Dialect, name: &str, t: &Table) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(c) = &t.comment {
        out.push(format!(
            "COMMENT ON TABLE {} IS {}",
            qualified(d, name),
            d.string_literal(c)
        ));
    }
    for c in &t.columns {
        if let Some(cm) = &c.comment {
            out.push(format!(
                "COMMENT ON COLUMN {}.{} IS {}",
                qualified(d, name),
                d.quote(&c.name),
                d.string_literal(cm)
            ));
        }
    }
    out
}

/// A column type as SQL. The model keeps PostgreSQL type names as the database stores them;
/// one with an upper-case letter was quoted when written (unquoted names fold to lower case),
/// as an ORM's `"WorkerStatus"` enum is, and must be quoted again.
/// PostgreSQL's own clauses of a column definition: a collation is a quoted name.
pub(super) fn column_clauses(def: &mut super::ColumnDef, c: &Column) {
    if let Some(coll) = &c.collation {
        def.collate = format!(" COLLATE {}", Dialect::Postgres.quote(coll));
    }
}

pub(super) fn type_sql(d: Dialect, ty: &str) -> String {
    if d != Dialect::Postgres || !ty.chars().any(|c| c.is_ascii_uppercase()) {
        return ty.to_string();
    }
    let base = ty.trim_end_matches("[]");
    format!("{}{}", qualified(d, base), &ty[base.len()..])
}

/// The `serial` spelling of a PostgreSQL column whose default draws from the sequence it owns
/// under the default name, if any.
pub(super) fn serial_type(r: &Renderer<'_>, table: &str, c: &Column) -> Option<&'static str> {
    // Only a column whose default draws from a sequence can be one: most columns stop here.
    if r.d != Dialect::Postgres || !c.default.as_deref().is_some_and(is_nextval) {
        return None;
    }
    let q = r.owned_sequence(table, &c.name)?;
    // The default name lives in the table's schema (`audit.events_id_seq`).
    let bare = table.rsplit('.').next().unwrap_or(table);
    let prefix = &table[..table.len() - bare.len()];
    let default_name = format!(
        "{prefix}{}",
        crate::normalize::pg_object_name(bare, Some(&c.name), "seq")
    );
    // The column draws from the sequence it owns (what makes the sequence a serial's).
    let draws = c
        .default
        .as_deref()
        .is_some_and(|v| crate::diff::is_nextval_of(v, &q.name));
    if !draws || q.name != default_name {
        return None;
    }
    Some(match c.ty.as_str() {
        "bigint" => "bigserial",
        "smallint" => "smallserial",
        _ => "serial",
    })
}

fn sequence_sql(d: Dialect, q: &Sequence) -> String {
    let mut s = format!("CREATE SEQUENCE {}", qualified(d, &q.name));
    if q.ty != "bigint" {
        s.push_str(&format!(" AS {}", q.ty));
    }
    s.push_str(&format!(" INCREMENT BY {}", q.increment));
    if let Some(m) = q.min {
        s.push_str(&format!(" MINVALUE {m}"));
    }
    if let Some(m) = q.max {
        s.push_str(&format!(" MAXVALUE {m}"));
    }
    s.push_str(&format!(" START WITH {} CACHE {}", q.start, q.cache));
    if q.cycle {
        s.push_str(" CYCLE");
    }
    s
}

/// `nextval('…'::regclass)`, the default of a column that draws from a sequence.
fn is_nextval(default: &str) -> bool {
    default.starts_with("nextval(")
}
