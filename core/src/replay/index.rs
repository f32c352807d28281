//! Indexes: CREATE/DROP/ALTER INDEX and their key parts (columns, expressions, prefixes,
//! operator classes).

use super::constraints::{check_columns, supersede_fk_indexes};
use super::names::free_auto_name;
use super::Ctx;
use crate::normalize::{self, AutoName};
use crate::schema::{Index, IndexPart, Schema};
use crate::{Dialect, Result};
use sqlparser::ast::{self, Expr};

pub(super) fn index_part(cx: &Ctx<'_>, c: &ast::IndexColumn) -> IndexPart {
    let desc = matches!(c.column.options.sort, Some(ast::OrderBySort::Desc));
    let opclass = c.operator_class.as_ref().map(|n| cx.name(n));
    match &c.column.expr {
        Expr::Identifier(i) => IndexPart {
            column: cx.ident(i),
            expr: false,
            desc,
            length: None,
            opclass,
        },
        // MySQL prefix index `col(10)` parses as a function call.
        Expr::Function(f)
            if cx.dialect.prefix_indexes()
                && f.args
                    .to_string()
                    .trim_matches(['(', ')'])
                    .parse::<u64>()
                    .is_ok() =>
        {
            IndexPart {
                column: f.name.to_string().trim_matches('`').to_string(),
                expr: false,
                desc,
                length: f.args.to_string().trim_matches(['(', ')']).parse().ok(),
                opclass,
            }
        }
        e => IndexPart {
            column: normalize::expr(cx.dialect, &e.to_string()),
            expr: true,
            desc,
            length: None,
            opclass,
        },
    }
}

pub(super) fn method(cx: &Ctx<'_>, it: Option<&ast::IndexType>) -> Option<String> {
    let m = it?.to_string().to_lowercase();
    if cx.dialect.default_index_method(&m) {
        None
    } else {
        Some(m)
    }
}

/// `CREATE INDEX`.
pub(super) fn create_index(s: &mut Schema, cx: &Ctx<'_>, ci: &ast::CreateIndex) -> Result<()> {
    let d = s.dialect;
    let tname = cx.name(&ci.table_name);
    let parts: Vec<IndexPart> = ci.columns.iter().map(|c| index_part(cx, c)).collect();
    let columns: Vec<String> = parts
        .iter()
        .map(|p| {
            if p.expr {
                "expr".to_string()
            } else {
                p.column.clone()
            }
        })
        .collect();
    let given = ci.name.as_ref().map(|n| cx.name(n));
    if let Some(n) = &given {
        let exists = match d {
            Dialect::Mysql => s.table(&tname).and_then(|t| t.index_pos(d, n)).is_some(),
            Dialect::Postgres => s.has_index_named(n),
            Dialect::Sqlite => s.has_index_anywhere(n),
        };
        if exists {
            if ci.if_not_exists {
                return Ok(());
            }
            return Err(cx.semantic(format!("index {n} already exists")));
        }
    }
    let pos = s
        .table_pos(&tname)
        .ok_or_else(|| cx.semantic(format!("table {tname} does not exist")))?;
    check_columns(
        cx,
        &s.tables[pos],
        &columns
            .iter()
            .filter(|c| *c != "expr")
            .cloned()
            .collect::<Vec<_>>(),
    )?;
    let name = match given {
        Some(n) => n,
        None if d.names_unnamed_indexes() => {
            free_auto_name(s, &s.tables[pos], &columns, AutoName::Index).unwrap_or_default()
        }
        None => return Err(cx.semantic("CREATE INDEX needs a name on this database")),
    };
    let id = s.fresh_id();
    let idx = Index {
        unique: ci.unique,
        method: method(cx, ci.using.as_ref()),
        predicate: ci
            .predicate
            .as_ref()
            .map(|p| normalize::expr(d, &p.to_string())),
        ..Index::plain(id, Some(name), parts)
    };
    s.table_at_mut(pos).indexes.push(idx);
    supersede_fk_indexes(d, s.table_at_mut(pos));
    s.note_table(pos);
    Ok(())
}

/// A PostgreSQL index lives in its table's schema, and `DROP INDEX auth.i` names it so
/// (`public.` is already stripped from names): the schema and the bare name.
pub(super) fn index_ref(d: Dialect, name: &str) -> (Option<&str>, &str) {
    match name.rsplit_once('.') {
        Some((ns, bare)) if d.schema_qualified_indexes() => (Some(ns), bare),
        _ => (None, name),
    }
}

/// Whether `table` is in schema `ns`; an unqualified index name matches in any schema, as
/// before (replay does not model `search_path`).
pub(super) fn in_namespace(table: &str, ns: Option<&str>) -> bool {
    ns.is_none_or(|ns| table.rsplit_once('.').map(|(t, _)| t) == Some(ns))
}

/// `DROP INDEX`.
pub(super) fn drop_index(
    s: &mut Schema,
    cx: &Ctx<'_>,
    name: &str,
    table: Option<&str>,
    if_exists: bool,
) -> Result<()> {
    let d = s.dialect;
    let (ns, bare) = index_ref(d, name);
    for t in &mut s.tables {
        if table.is_some_and(|x| !d.same_name(x, &t.name)) || !in_namespace(&t.name, ns) {
            continue;
        }
        if let Some(i) = t.index_pos(d, bare) {
            if t.indexes[i].constraint && d.constraints_own_their_indexes() {
                return Err(cx.semantic(format!("cannot drop index {name}: constraint {name} of table {} requires it (drop the constraint)", t.name)));
            }
            std::sync::Arc::make_mut(t).indexes.remove(i);
            return Ok(());
        }
    }
    if if_exists {
        Ok(())
    } else {
        Err(cx.semantic(format!("index {name} does not exist")))
    }
}

/// `ALTER INDEX … RENAME TO` / MySQL `RENAME INDEX`.
pub(super) fn rename_index(
    s: &mut Schema,
    cx: &Ctx<'_>,
    from: &str,
    to: &str,
    table: Option<&str>,
) -> Result<()> {
    let d = s.dialect;
    let to = to.rsplit('.').next().unwrap_or(to).to_string();
    let (ns, bare) = index_ref(d, from);
    for (p, t) in s.tables.iter_mut().enumerate() {
        if table.is_some_and(|x| !d.same_name(x, &t.name)) || !in_namespace(&t.name, ns) {
            continue;
        }
        if let Some(i) = t.index_pos(d, bare) {
            std::sync::Arc::make_mut(t).indexes[i].name = Some(to);
            s.note_table(p);
            return Ok(());
        }
    }
    Err(cx.semantic(format!("index {from} does not exist")))
}
