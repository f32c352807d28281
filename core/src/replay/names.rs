//! The names the database gives what the migration left unnamed, made unique among the
//! table's (or schema's) names the way the database does it.

use super::index::index_part;
use super::Ctx;
use crate::normalize::{self, auto_name, AutoName};
use crate::schema::{Schema, Table};
use crate::Dialect;
use sqlparser::ast::{self};

pub(super) fn col_names(cx: &Ctx<'_>, cols: &[ast::IndexColumn]) -> Vec<String> {
    cols.iter().map(|c| index_part(cx, c).column).collect()
}

/// The name the database gives an unnamed constraint or index of `t`, free among the names it
/// must not clash with. PostgreSQL numbers the label on a clash and fits the whole into 63
/// bytes again (`…_email_key1`); elsewhere as [`free_name`].
pub(super) fn free_auto_name(
    s: &Schema,
    t: &Table,
    columns: &[String],
    kind: AutoName,
) -> Option<String> {
    let d = s.dialect;
    if d != Dialect::Postgres {
        return auto_name(d, &t.name, columns, kind).map(|b| free_name(s, t, &b));
    }
    let (n1, n2, label) = normalize::pg_name_parts(&t.name, columns, kind);
    Some(free_among(s, t, |pass| {
        let label = if pass == 0 {
            label.to_string()
        } else {
            format!("{label}{pass}")
        };
        normalize::pg_object_name(&n1, n2.as_deref(), &label)
    }))
}

/// Next free name `base`, `base1`/`base_2`… among a table's indexes and constraints, as the
/// database would pick it.
pub(super) fn free_name(s: &Schema, t: &Table, base: &str) -> String {
    let mysql = s.dialect == Dialect::Mysql;
    free_among(s, t, |n| match n {
        0 => base.to_string(),
        n if mysql => format!("{base}_{}", n + 1),
        n => format!("{base}{n}"),
    })
}

/// The first of `candidate(0)`, `candidate(1)`, … that no index or constraint of `t` has (nor,
/// on PostgreSQL, a relation or constraint of the schema).
pub(super) fn free_among(s: &Schema, t: &Table, candidate: impl Fn(usize) -> String) -> String {
    let d = s.dialect;
    let taken = |n: &str| {
        let same = |x: Option<&str>| x.is_some_and(|x| d.same_name(x, n));
        let in_table = t.indexes.iter().any(|i| same(i.name.as_deref()))
            || t.foreign_keys.iter().any(|f| same(f.name.as_deref()))
            || t.checks.iter().any(|c| same(c.name.as_deref()));
        // PostgreSQL index names share one namespace with tables across the schema, and the
        // names it picks for constraints are free among the schema's constraints.
        in_table || (d == Dialect::Postgres && (s.has_index_named(n) || s.has_constraint_named(n)))
    };
    for n in 0.. {
        let cand = candidate(n);
        if !taken(&cand) {
            return cand;
        }
    }
    unreachable!("an unbounded range always yields a free name")
}
