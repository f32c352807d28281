//! Match an inspected schema to the replayed one: lineage (identities) by name, and the
//! replayed spelling wherever the catalog only spells the same thing differently.

use crate::normalize::equivalence_key;
use crate::schema::{Column, RefAction, ServerDefaults, Table};
use crate::{Dialect, Schema};
use std::sync::Arc;

/// `actual` with `expected`'s identities on every object matched by name, and with
/// `expected`'s text wherever the two are equivalent:
/// - default, generated, check, index-expression and predicate expressions with the same
///   [`equivalence_key`] (`'x'::text` = `'x'`, `CHECK ((a > (0)::numeric))` = `CHECK (a > 0)`);
/// - on MySQL, table and column options that resolve to the same engine, character set and
///   collation under the server's defaults, and `RESTRICT` = `NO ACTION`;
/// - view queries and routine/trigger bodies of objects with the same name: catalogs rewrite
///   them (qualified names, added casts), so they are compared by name only.
///
/// Anything else is left as inspected, so the diff reports it as drift.
#[must_use]
pub fn reconcile(actual: &Schema, expected: &Schema) -> Schema {
    let d = actual.dialect;
    let mut a = actual.clone();
    a.next_id = expected.next_id.max(a.next_id);
    let server = a.server.clone();
    // By key, not `Schema::table`: an inspected schema has no name cache, and a scan per
    // table made this quadratic (a tenth of `ebb migrate down` at 5,000 tables).
    let by_key = super::TablesByKey::new(expected);
    for t in &mut a.tables {
        let Some(e) = by_key.get(&t.name) else {
            continue;
        };
        let t = std::sync::Arc::make_mut(t);
        t.id = e.id;
        if let Some(server) = &server {
            table_options(t, e, server);
        }
        let (table_cs, table_coll) = server
            .as_ref()
            .map(|s| table_text(s, e))
            .unwrap_or_default();
        for c in &mut t.columns {
            let Some(ec) = e.column(d, &c.name) else {
                continue;
            };
            c.id = ec.id;
            same_expr(d, &mut c.default, ec.default.as_ref());
            same_expr(d, &mut c.on_update, ec.on_update.as_ref());
            if let (Some(g), Some(eg)) = (&mut c.generated, &ec.generated) {
                if g.stored == eg.stored
                    && equivalence_key(d, &g.expr) == equivalence_key(d, &eg.expr)
                {
                    g.expr.clone_from(&eg.expr);
                }
            }
            if let Some(server) = &server {
                let table = (table_cs.as_str(), table_coll.as_str());
                if column_text(server, table, c) == column_text(server, table, ec) {
                    c.charset.clone_from(&ec.charset);
                    c.collation.clone_from(&ec.collation);
                }
            }
        }
        indexes(d, t, e);
        foreign_keys(d, t, e);
        checks(d, t, e);
    }
    for v in &mut a.views {
        if let Some(e) = expected.view(&v.name) {
            v.id = e.id;
            if v.materialized == e.materialized {
                v.query.clone_from(&e.query);
                v.columns.clone_from(&e.columns);
            }
        }
    }
    for o in &mut a.opaque {
        if let Some(e) = expected
            .opaque
            .iter()
            .find(|x| x.kind == o.kind && d.same_name(&x.name, &o.name))
        {
            o.definition.clone_from(&e.definition);
            o.args.clone_from(&e.args);
            if o.table.as_deref().map(|t| d.key(t)) == e.table.as_deref().map(|t| d.key(t)) {
                o.table.clone_from(&e.table);
            }
        }
    }
    for en in &mut a.enums {
        en.id = expected.enum_type(&en.name).map_or(0, |x| x.id);
    }
    // By name, not `Schema::sequence`'s scan: a serial key per table gives thousands.
    let mut sequence_ids = std::collections::HashMap::with_capacity(expected.sequences.len());
    for x in &expected.sequences {
        sequence_ids.entry(x.name.as_str()).or_insert(x.id);
    }
    for q in &mut a.sequences {
        let id = sequence_ids.get(q.name.as_str()).copied().unwrap_or(0);
        if q.id != id {
            Arc::make_mut(q).id = id;
        }
    }
    a
}

/// Take `expected`'s spelling when both are the same expression.
fn same_expr(d: Dialect, actual: &mut Option<String>, expected: Option<&String>) {
    if let (Some(a), Some(e)) = (actual.as_mut(), expected) {
        if a != e && equivalence_key(d, a) == equivalence_key(d, e) {
            a.clone_from(e);
        }
    }
}

/// The effective (charset, collation) of a table under the server's defaults.
fn table_text(server: &ServerDefaults, t: &Table) -> (String, String) {
    server.table_text(t.options.charset.as_deref(), t.options.collation.as_deref())
}

/// The effective (charset, collation) of a column in a table with the given ones.
fn column_text(server: &ServerDefaults, table: (&str, &str), c: &Column) -> (String, String) {
    server.resolve(c.charset.as_deref(), c.collation.as_deref(), table)
}

/// MySQL table options: equal when they resolve to the same engine, charset and collation.
fn table_options(t: &mut Table, e: &Table, server: &ServerDefaults) {
    let engine = |x: &Option<String>| {
        x.clone()
            .unwrap_or_else(|| server.engine.clone())
            .to_lowercase()
    };
    if engine(&t.options.engine) == engine(&e.options.engine) {
        t.options.engine.clone_from(&e.options.engine);
    }
    if table_text(server, t) == table_text(server, e) {
        t.options.charset.clone_from(&e.options.charset);
        t.options.collation.clone_from(&e.options.collation);
    }
}

/// Indexes matched by name (by parts where unnamed): identity, and the replay's spelling of
/// equivalent expression parts and predicates.
fn indexes(d: Dialect, t: &mut Table, e: &Table) {
    for i in &mut t.indexes {
        let Some(ei) = e
            .indexes
            .iter()
            .find(|x| x.name == i.name && (i.name.is_some() || x.parts == i.parts))
        else {
            continue;
        };
        i.id = ei.id;
        let parts_match = i.parts.len() == ei.parts.len()
            && i.parts.iter().zip(&ei.parts).all(|(p, q)| {
                p.expr == q.expr
                    && p.desc == q.desc
                    && p.length == q.length
                    && (p.column == q.column
                        || (p.expr
                            && equivalence_key(d, &p.column) == equivalence_key(d, &q.column)))
            });
        if parts_match {
            i.parts.clone_from(&ei.parts);
        }
        same_expr(d, &mut i.predicate, ei.predicate.as_ref());
        if d == Dialect::Mysql {
            i.constraint = ei.constraint;
        }
    }
}

/// Foreign keys matched by name (by columns where unnamed): identity, and on MySQL the
/// replay's spelling of RESTRICT / NO ACTION.
fn foreign_keys(d: Dialect, t: &mut Table, e: &Table) {
    for f in &mut t.foreign_keys {
        let Some(ef) = e
            .foreign_keys
            .iter()
            .find(|x| x.name == f.name && (f.name.is_some() || x.columns == f.columns))
        else {
            continue;
        };
        f.id = ef.id;
        if d == Dialect::Mysql {
            // InnoDB treats RESTRICT and NO ACTION alike and reports either.
            let restrictive = |a: RefAction| matches!(a, RefAction::NoAction | RefAction::Restrict);
            if restrictive(f.on_delete) && restrictive(ef.on_delete) {
                f.on_delete = ef.on_delete;
            }
            if restrictive(f.on_update) && restrictive(ef.on_update) {
                f.on_update = ef.on_update;
            }
        }
    }
}

/// Checks matched by name (by expression where unnamed): identity and the replay's spelling.
fn checks(d: Dialect, t: &mut Table, e: &Table) {
    for c in &mut t.checks {
        let found = e.checks.iter().find(|x| match (&x.name, &c.name) {
            (Some(a), Some(b)) => d.same_name(a, b),
            _ => equivalence_key(d, &x.expr) == equivalence_key(d, &c.expr),
        });
        if let Some(ec) = found {
            c.id = ec.id;
            if equivalence_key(d, &c.expr) == equivalence_key(d, &ec.expr) {
                c.expr.clone_from(&ec.expr);
            }
        }
    }
}
