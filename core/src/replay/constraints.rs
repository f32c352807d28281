//! Constraints: primary keys, unique constraints, foreign keys and checks, added inline or by
//! `ALTER TABLE`, dropped and renamed. Unnamed ones get the names the database would give them,
//! so that replayed and inspected schemas agree.

use super::index::{index_part, method};
use super::names::{col_names, free_auto_name, free_name};
use super::table::keeps_foreign_keys;
use super::Ctx;
use crate::normalize::{self, auto_name, AutoName};
use crate::schema::{
    CheckConstraint, ForeignKey, Index, IndexPart, PrimaryKey, RefAction, Schema, Table,
};
use crate::{Dialect, Result};
use sqlparser::ast::{self, Expr, TableConstraint};

pub(super) fn ref_action(d: Dialect, a: Option<ast::ReferentialAction>) -> RefAction {
    let r = match a {
        None | Some(ast::ReferentialAction::NoAction) => RefAction::NoAction,
        Some(ast::ReferentialAction::Restrict) => RefAction::Restrict,
        Some(ast::ReferentialAction::Cascade) => RefAction::Cascade,
        Some(ast::ReferentialAction::SetNull) => RefAction::SetNull,
        Some(ast::ReferentialAction::SetDefault) => RefAction::SetDefault,
    };
    if r == RefAction::NoAction {
        d.default_ref_action()
    } else {
        r
    }
}

/// Whether a CHECK's text is `json_valid(column)` (any case, any quotes).
pub(crate) fn is_json_valid(expr: &str, column: &str) -> bool {
    let flat: String = expr
        .chars()
        .filter(|c| !matches!(c, '`' | '"' | ' '))
        .collect::<String>()
        .to_lowercase();
    flat == format!("json_valid({})", column.to_lowercase())
}

/// InnoDB drops the index it made for a foreign key as soon as another index can serve the
/// key (its leading columns are the key's columns): MySQL documents it, MariaDB does it. The
/// index made for a key is recognised by its shape: named after the constraint (or the key's
/// first column), exactly the key's columns, not unique. Call after adding an index to `t`.
pub(super) fn supersede_fk_indexes(d: Dialect, t: &mut Table) {
    if !d.indexes_foreign_keys() {
        return;
    }
    let Some(newest) = t.indexes.last().cloned() else {
        return;
    };
    let mut gone = Vec::new();
    for fk in &t.foreign_keys {
        if !newest.serves(d, &fk.columns) {
            continue;
        }
        let names: Vec<&str> = fk
            .name
            .as_deref()
            .into_iter()
            .chain(fk.columns.first().map(String::as_str))
            .collect();
        for (i, x) in t.indexes.iter().enumerate() {
            let made_for_key = i + 1 < t.indexes.len()
                && !x.unique
                && x.method.is_none()
                && x.name
                    .as_deref()
                    .is_some_and(|n| names.iter().any(|m| d.same_name(n, m)))
                && x.parts.len() == fk.columns.len()
                && x.serves(d, &fk.columns);
            if made_for_key {
                gone.push(i);
            }
        }
    }
    gone.sort_unstable();
    gone.dedup();
    for i in gone.into_iter().rev() {
        t.indexes.remove(i);
    }
}

/// Add constraint `c` (of column `column` when written inline) to table `t`.
pub(super) fn add_constraint(
    s: &mut Schema,
    cx: &Ctx<'_>,
    t: &mut Table,
    c: &TableConstraint,
    column: Option<&str>,
) -> Result<()> {
    match c {
        TableConstraint::PrimaryKey(pk) => add_primary_key(s, cx, t, pk),
        TableConstraint::Unique(u) => add_unique(s, cx, t, u),
        TableConstraint::Index(ix) => add_index(s, cx, t, ix),
        TableConstraint::FulltextOrSpatial(f) => {
            add_fulltext_or_spatial(s, cx, t, f);
            Ok(())
        }
        TableConstraint::ForeignKey(fk) => add_foreign_key(s, cx, t, fk, column),
        TableConstraint::Check(ck) => {
            add_check(s, cx, t, ck, column);
            Ok(())
        }
        other => Err(cx.unsupported(format!("constraint `{other}` is not modeled"))),
    }
}

fn add_primary_key(
    s: &mut Schema,
    cx: &Ctx<'_>,
    t: &mut Table,
    pk: &ast::PrimaryKeyConstraint,
) -> Result<()> {
    let d = s.dialect;
    if t.primary_key.is_some() {
        return Err(cx.semantic(format!("table {} has more than one primary key", t.name)));
    }
    let columns = col_names(cx, &pk.columns);
    let name = pk
        .name
        .as_ref()
        .map(|n| cx.ident(n))
        .or_else(|| free_auto_name(s, t, &columns, AutoName::PrimaryKey));
    let name = d.primary_key_name().map(str::to_string).or(name);
    set_primary_key(
        cx,
        t,
        PrimaryKey {
            name,
            columns,
            on_conflict: None,
        },
    )
}

fn add_unique(
    s: &mut Schema,
    cx: &Ctx<'_>,
    t: &mut Table,
    u: &ast::UniqueConstraint,
) -> Result<()> {
    let d = s.dialect;
    let parts: Vec<IndexPart> = u.columns.iter().map(|x| index_part(cx, x)).collect();
    let columns: Vec<String> = parts.iter().map(|p| p.column.clone()).collect();
    check_columns(cx, t, &columns)?;
    let given = u
        .name
        .as_ref()
        .or(u.index_name.as_ref())
        .map(|n| cx.ident(n));
    let name = match given {
        Some(n) => Some(n),
        None => free_auto_name(s, t, &columns, AutoName::Unique),
    };
    let id = s.fresh_id();
    t.indexes.push(Index {
        unique: true,
        constraint: !d.unique_keys_are_indexes(),
        method: method(cx, u.index_type.as_ref()),
        ..Index::plain(id, name, parts)
    });
    supersede_fk_indexes(d, t);
    Ok(())
}

/// MySQL's `INDEX`/`KEY` inside `CREATE TABLE` or `ALTER TABLE … ADD`.
fn add_index(s: &mut Schema, cx: &Ctx<'_>, t: &mut Table, ix: &ast::IndexConstraint) -> Result<()> {
    let d = s.dialect;
    let parts: Vec<IndexPart> = ix.columns.iter().map(|x| index_part(cx, x)).collect();
    let columns: Vec<String> = parts.iter().map(|p| p.column.clone()).collect();
    check_columns(cx, t, &columns)?;
    let name = match &ix.name {
        Some(n) => cx.ident(n),
        None => free_name(s, t, columns.first().map_or("", String::as_str)),
    };
    let id = s.fresh_id();
    t.indexes.push(Index {
        method: method(cx, ix.index_type.as_ref()),
        ..Index::plain(id, Some(name), parts)
    });
    supersede_fk_indexes(d, t);
    Ok(())
}

fn add_fulltext_or_spatial(
    s: &mut Schema,
    cx: &Ctx<'_>,
    t: &mut Table,
    f: &ast::FullTextOrSpatialConstraint,
) {
    let parts: Vec<IndexPart> = f.columns.iter().map(|x| index_part(cx, x)).collect();
    let columns: Vec<String> = parts.iter().map(|p| p.column.clone()).collect();
    let name = match &f.opt_index_name {
        Some(n) => cx.ident(n),
        None => free_name(s, t, columns.first().map_or("", String::as_str)),
    };
    let m = if f.fulltext { "fulltext" } else { "spatial" };
    let id = s.fresh_id();
    t.indexes.push(Index {
        method: Some(m.into()),
        ..Index::plain(id, Some(name), parts)
    });
}

fn add_foreign_key(
    s: &mut Schema,
    cx: &Ctx<'_>,
    t: &mut Table,
    fk: &ast::ForeignKeyConstraint,
    column: Option<&str>,
) -> Result<()> {
    let d = s.dialect;
    let columns: Vec<String> = fk.columns.iter().map(|i| cx.ident(i)).collect();
    let columns = if columns.is_empty() {
        column.map(|c| vec![c.to_string()]).unwrap_or_default()
    } else {
        columns
    };
    check_columns(cx, t, &columns)?;
    let ref_table = cx.name(&fk.foreign_table);
    let self_ref = d.same_name(&ref_table, &t.name);
    let mut ref_columns: Vec<String> = fk.referred_columns.iter().map(|i| cx.ident(i)).collect();
    if ref_columns.is_empty() {
        let target = if self_ref {
            Some(&*t)
        } else {
            s.table(&ref_table)
        };
        if let Some(pk) = target.and_then(|x| x.primary_key.as_ref()) {
            ref_columns.clone_from(&pk.columns);
        }
    }
    if !self_ref && d.checks_foreign_key_targets() && s.table(&ref_table).is_none() {
        return Err(cx.semantic(format!(
            "foreign key on {} references {ref_table}, which does not exist",
            t.name
        )));
    }
    let name = if let Some(n) = fk.name.as_ref() {
        Some(cx.ident(n))
    } else {
        let n = t
            .foreign_keys
            .iter()
            .filter_map(|f| f.name.as_deref())
            .filter_map(|x| x.rsplit("_ibfk_").next()?.parse::<usize>().ok())
            .max()
            .unwrap_or(0);
        if d == Dialect::Mysql {
            auto_name(d, &t.name, &columns, AutoName::ForeignKey(n + 1))
        } else {
            free_auto_name(s, t, &columns, AutoName::ForeignKey(n + 1))
        }
    };
    if d.indexes_foreign_keys() {
        innodb_key_index(s, cx, t, fk, &columns);
    }
    if !keeps_foreign_keys(d, t) {
        // MyISAM and friends parse the key and ignore it (the index stays).
        return Ok(());
    }
    let id = s.fresh_id();
    t.foreign_keys.push(ForeignKey {
        id,
        name,
        columns,
        ref_table,
        ref_columns,
        on_delete: ref_action(d, fk.on_delete),
        on_update: ref_action(d, fk.on_update),
        deferrable: deferral(d, fk.characteristics.as_ref()),
    });
    Ok(())
}

/// InnoDB needs an index whose leading columns are a foreign key's; it creates one, named
/// after the constraint, unless one exists.
fn innodb_key_index(
    s: &mut Schema,
    cx: &Ctx<'_>,
    t: &mut Table,
    fk: &ast::ForeignKeyConstraint,
    columns: &[String],
) {
    let d = s.dialect;
    let covered = t.indexes.iter().any(|i| {
        i.parts.len() >= columns.len()
            && i.parts
                .iter()
                .zip(columns)
                .all(|(p, c)| d.same_name(&p.column, c))
    }) || t.primary_key.as_ref().is_some_and(|pk| {
        pk.columns.len() >= columns.len()
            && pk
                .columns
                .iter()
                .zip(columns)
                .all(|(p, c)| d.same_name(p, c))
    });
    if !covered {
        // MariaDB names it after the constraint when the migration names one,
        // else after the index name given, else after the first column.
        let iname = fk
            .name
            .as_ref()
            .or(fk.index_name.as_ref())
            .map(|n| cx.ident(n))
            .or_else(|| columns.first().cloned())
            .unwrap_or_default();
        let id = s.fresh_id();
        let parts = columns.iter().map(IndexPart::of_column).collect();
        t.indexes.push(Index::plain(id, Some(iname), parts));
    }
}

fn add_check(
    s: &mut Schema,
    cx: &Ctx<'_>,
    t: &mut Table,
    ck: &ast::CheckConstraint,
    column: Option<&str>,
) {
    let d = s.dialect;
    let name = if let Some(n) = &ck.name {
        Some(cx.ident(n))
    } else {
        let cols: Vec<String> = column.map_or_else(
            || {
                if d == Dialect::Postgres {
                    columns_in(&ck.expr, t, d)
                } else {
                    vec![]
                }
            },
            |c| vec![c.to_string()],
        );
        let n = t
            .checks
            .iter()
            .filter_map(|c| {
                c.name
                    .as_deref()?
                    .strip_prefix("CONSTRAINT_")?
                    .parse::<usize>()
                    .ok()
            })
            .max()
            .unwrap_or(0);
        if d == Dialect::Postgres {
            free_auto_name(s, t, &cols, AutoName::Check(n + 1))
        } else {
            auto_name(d, &t.name, &cols, AutoName::Check(n + 1))
        }
    };
    let id = s.fresh_id();
    t.checks.push(CheckConstraint {
        id,
        name,
        expr: normalize::expr(d, &ck.expr.to_string()),
    });
}

/// Columns an expression mentions, in table order (PostgreSQL names a table check after them).
pub(super) fn columns_in(e: &Expr, t: &Table, d: Dialect) -> Vec<String> {
    let text = e.to_string();
    let words: Vec<String> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .map(|w| d.key(w))
        .collect();
    t.columns
        .iter()
        .filter(|c| words.contains(&d.key(&c.name)))
        .take(1)
        .map(|c| c.name.clone())
        .collect()
}

pub(super) fn check_columns(cx: &Ctx<'_>, t: &Table, cols: &[String]) -> Result<()> {
    for c in cols {
        if t.column(cx.dialect, c).is_none() && !c.contains('(') && !c.contains(' ') {
            return Err(cx.semantic(format!("column {c} does not exist in table {}", t.name)));
        }
    }
    Ok(())
}

pub(super) fn set_primary_key(cx: &Ctx<'_>, t: &mut Table, pk: PrimaryKey) -> Result<()> {
    check_columns(cx, t, &pk.columns)?;
    if cx.dialect.primary_key_implies_not_null() {
        for c in &pk.columns {
            let k = cx.dialect.key(c);
            if let Some(col) = t.columns.iter_mut().find(|x| cx.dialect.key(&x.name) == k) {
                col.nullable = false;
            }
        }
    }
    t.primary_key = Some(pk);
    Ok(())
}

/// Remove a constraint by name; `only` restricts to foreign keys.
pub(super) fn drop_constraint(d: Dialect, t: &mut Table, n: &str, only: Option<&str>) -> bool {
    let k = d.key(n);
    let same = |x: Option<&str>| x.is_some_and(|x| d.key(x) == k);
    if let Some(i) = t.foreign_keys.iter().position(|f| same(f.name.as_deref())) {
        t.foreign_keys.remove(i);
        return true;
    }
    if only.is_some() {
        return false;
    }
    if t.primary_key
        .as_ref()
        .is_some_and(|pk| same(pk.name.as_deref()))
    {
        t.primary_key = None;
        return true;
    }
    if let Some(i) = t.checks.iter().position(|c| same(c.name.as_deref())) {
        t.checks.remove(i);
        return true;
    }
    if let Some(i) = t
        .indexes
        .iter()
        .position(|x| (x.constraint || d.unique_keys_are_indexes()) && same(x.name.as_deref()))
    {
        t.indexes.remove(i);
        return true;
    }
    false
}

pub(super) fn rename_constraint(d: Dialect, t: &mut Table, from: &str, to: &str) -> bool {
    let k = d.key(from);
    let same = |x: &Option<String>| x.as_deref().is_some_and(|x| d.key(x) == k);
    if let Some(f) = t.foreign_keys.iter_mut().find(|f| same(&f.name)) {
        f.name = Some(to.into());
        return true;
    }
    if let Some(pk) = t.primary_key.as_mut().filter(|pk| same(&pk.name)) {
        pk.name = Some(to.into());
        return true;
    }
    if let Some(c) = t.checks.iter_mut().find(|c| same(&c.name)) {
        c.name = Some(to.into());
        return true;
    }
    if let Some(i) = t.indexes.iter_mut().find(|i| same(&i.name)) {
        i.name = Some(to.into());
        return true;
    }
    false
}

/// `DEFERRABLE` / `INITIALLY DEFERRED` of a foreign key (`INITIALLY DEFERRED` implies
/// `DEFERRABLE`); MySQL has no deferred constraints.
pub(super) fn deferral(
    d: Dialect,
    c: Option<&ast::ConstraintCharacteristics>,
) -> Option<crate::schema::Deferral> {
    use crate::schema::Deferral;
    let c = c.filter(|_| d.defers_constraints())?;
    match (c.deferrable, c.initially) {
        (Some(false), _) | (None, None | Some(ast::DeferrableInitial::Immediate)) => None,
        (_, Some(ast::DeferrableInitial::Deferred)) => Some(Deferral::Deferred),
        (Some(true), _) => Some(Deferral::Immediate),
    }
}
