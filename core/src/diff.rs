//! Identity-aware diff: `Schema × Schema → Vec<Change>` plus the data checks the changes need.
//!
//! Objects are matched by identity when both sides share a lineage (replay of one directory),
//! else by name. A matched pair whose names differ is a rename, so reverting a rename renames
//! back instead of dropping and re-adding (which would lose the column's data). Output order is
//! deterministic (sorted by name); the planner reorders by dependency.

use crate::checks::{self, Check};
use crate::replay::rename_in_expr;
use crate::schema::{
    CheckConstraint, Column, EnumType, ForeignKey, Index, Opaque, PrimaryKey, Schema, Sequence,
    Table, TableOptions, View,
};
use crate::Dialect;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One schema change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Change {
    CreateNamespace {
        name: String,
    },
    DropNamespace {
        name: String,
    },
    CreateExtension {
        name: String,
    },
    DropExtension {
        name: String,
    },
    CreateEnum {
        def: EnumType,
    },
    DropEnum {
        def: EnumType,
    },
    RenameEnum {
        from: String,
        to: String,
    },
    AddEnumValue {
        name: String,
        value: String,
        before: Option<String>,
    },
    RenameEnumValue {
        name: String,
        from: String,
        to: String,
    },
    /// Labels removed or reordered: the type is rebuilt and its columns converted.
    RecreateEnum {
        from: EnumType,
        to: EnumType,
        columns: Vec<(String, String)>,
    },
    CreateSequence {
        def: Sequence,
    },
    DropSequence {
        def: Sequence,
    },
    AlterSequence {
        from: Sequence,
        to: Sequence,
    },
    CreateTable {
        def: Table,
    },
    DropTable {
        def: Table,
    },
    RenameTable {
        from: String,
        to: String,
    },
    AddColumn {
        table: String,
        column: Column,
        after: Option<String>,
        first: bool,
    },
    DropColumn {
        table: String,
        column: Column,
    },
    RenameColumn {
        table: String,
        from: String,
        to: String,
    },
    /// `after`/`first` place the column (MySQL only); a change of position alone is one too.
    AlterColumn {
        table: String,
        from: Column,
        to: Column,
        after: Option<String>,
        first: bool,
    },
    AddPrimaryKey {
        table: String,
        key: PrimaryKey,
    },
    DropPrimaryKey {
        table: String,
        key: PrimaryKey,
    },
    AddIndex {
        table: String,
        index: Index,
    },
    DropIndex {
        table: String,
        index: Index,
    },
    RenameIndex {
        table: String,
        from: String,
        to: String,
    },
    AddForeignKey {
        table: String,
        key: ForeignKey,
    },
    DropForeignKey {
        table: String,
        key: ForeignKey,
    },
    /// PostgreSQL `ALTER TABLE … RENAME CONSTRAINT` (checks and foreign keys).
    RenameConstraint {
        table: String,
        from: String,
        to: String,
    },
    AddCheck {
        table: String,
        check: CheckConstraint,
    },
    DropCheck {
        table: String,
        check: CheckConstraint,
    },
    SetTableComment {
        table: String,
        comment: Option<String>,
    },
    SetColumnComment {
        table: String,
        column: String,
        comment: Option<String>,
    },
    SetTableOptions {
        table: String,
        from: TableOptions,
        to: TableOptions,
    },
    /// SQLite: a change `ALTER TABLE` cannot express; the table is rebuilt (copy and swap).
    RebuildTable {
        from: Table,
        to: Table,
    },
    CreateView {
        def: View,
    },
    DropView {
        def: View,
    },
    CreateOpaque {
        def: Opaque,
    },
    DropOpaque {
        def: Opaque,
    },
}

/// Changes and the checks that prove they lose no data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Diff {
    /// Changes, in a deterministic order (not yet dependency-ordered).
    pub changes: Vec<Change>,
    /// Data checks, named in terms of the `from` schema.
    pub checks: Vec<Check>,
}

fn matched<'a, T>(
    from: &'a [T],
    to: &'a [T],
    id: impl Fn(&T) -> u64,
    key: impl Fn(&T) -> String,
) -> (Vec<(&'a T, &'a T)>, Vec<&'a T>, Vec<&'a T>) {
    let mut pairs = Vec::new();
    let mut used = BTreeSet::new();
    let mut added = Vec::new();
    // Identity first; then names among what identity left over.
    let mut pending = Vec::new();
    for b in to {
        let bid = id(b);
        let hit = (bid != 0)
            .then(|| from.iter().position(|a| id(a) == bid))
            .flatten();
        match hit {
            Some(i) if !used.contains(&i) => {
                used.insert(i);
                pairs.push((&from[i], b));
            }
            _ => pending.push(b),
        }
    }
    for b in pending {
        let hit = from.iter().enumerate().position(|(i, a)| {
            !used.contains(&i)
                && key(a) == key(b)
                && (id(a) == 0 || id(b) == 0 || !to.iter().any(|x| id(x) == id(a)))
        });
        match hit {
            Some(i) => {
                used.insert(i);
                pairs.push((&from[i], b));
            }
            None => added.push(b),
        }
    }
    let removed = from
        .iter()
        .enumerate()
        .filter(|(i, _)| !used.contains(i))
        .map(|(_, a)| a)
        .collect();
    (pairs, removed, added)
}

/// Compute the changes that turn `from` into `to`.
#[must_use]
#[allow(clippy::too_many_lines)]
pub fn diff(from: &Schema, to: &Schema) -> Diff {
    let d = to.dialect;
    let mut out = Diff::default();
    let ch = &mut out.changes;

    for n in &to.namespaces {
        if !from.namespaces.contains(n) {
            ch.push(Change::CreateNamespace { name: n.clone() });
        }
    }
    for n in &from.namespaces {
        if !to.namespaces.contains(n) {
            ch.push(Change::DropNamespace { name: n.clone() });
        }
    }
    for n in &to.extensions {
        if !from.extensions.contains(n) {
            ch.push(Change::CreateExtension { name: n.clone() });
        }
    }
    for n in &from.extensions {
        if !to.extensions.contains(n) {
            ch.push(Change::DropExtension { name: n.clone() });
        }
    }

    // Enums.
    let (pairs, removed, added) = matched(&from.enums, &to.enums, |e| e.id, |e| e.name.clone());
    let mut enum_renames = BTreeMap::new();
    for (a, b) in pairs {
        if a.name != b.name {
            ch.push(Change::RenameEnum {
                from: a.name.clone(),
                to: b.name.clone(),
            });
            enum_renames.insert(a.name.clone(), b.name.clone());
        }
        if a.values == b.values {
            continue;
        }
        let kept: Vec<&String> = b.values.iter().filter(|v| a.values.contains(v)).collect();
        let appended_only = a.values.iter().all(|v| b.values.contains(v))
            && kept.iter().copied().eq(a.values.iter());
        if appended_only {
            for (i, v) in b.values.iter().enumerate() {
                if !a.values.contains(v) {
                    let before = b.values[i + 1..]
                        .iter()
                        .find(|x| a.values.contains(x))
                        .cloned();
                    ch.push(Change::AddEnumValue {
                        name: b.name.clone(),
                        value: v.clone(),
                        before,
                    });
                }
            }
        } else if a.values.len() == b.values.len()
            && a.values
                .iter()
                .zip(&b.values)
                .filter(|(x, y)| x != y)
                .all(|(x, y)| !b.values.contains(x) && !a.values.contains(y))
        {
            for (x, y) in a.values.iter().zip(&b.values) {
                if x != y {
                    ch.push(Change::RenameEnumValue {
                        name: b.name.clone(),
                        from: x.clone(),
                        to: y.clone(),
                    });
                }
            }
        } else {
            let columns = enum_columns(to, &b.name);
            for (t, c) in enum_columns(from, &a.name) {
                let gone: Vec<&String> =
                    a.values.iter().filter(|v| !b.values.contains(v)).collect();
                if !gone.is_empty() {
                    out.checks
                        .push(checks::enum_values_removed(d, &t, &c, &gone));
                }
            }
            ch.push(Change::RecreateEnum {
                // A rename (an earlier phase) has already given the type its new name.
                from: EnumType {
                    name: b.name.clone(),
                    ..a.clone()
                },
                to: b.clone(),
                columns,
            });
        }
    }
    for e in added {
        ch.push(Change::CreateEnum { def: e.clone() });
    }
    for e in removed {
        ch.push(Change::DropEnum { def: e.clone() });
    }

    // A serial column's sequence on both sides (its column stays): one sequence, renamed if
    // PostgreSQL named it differently (`t_id_seq1` beside a renamed table's `t_id_seq`).
    // Paired by the owner's identity first (a table renamed to a backup keeps its sequence),
    // then by the owner's name among the rest (a table replaced by one of the same name).
    let owner = |s: &Schema, q: &Sequence, by_id: bool| {
        let (t, c) = q.owned_by.as_ref().filter(|_| serial_owned(s, q))?;
        let table = s.table(t)?;
        let column = table.column(d, c)?;
        if by_id {
            (table.id != 0 && column.id != 0).then(|| (table.id.to_string(), column.id.to_string()))
        } else {
            Some((d.key(t), d.key(c)))
        }
    };
    let mut same_owner: Vec<(&Sequence, &Sequence)> = Vec::new();
    for by_id in [true, false] {
        for a in &from.sequences {
            if same_owner.iter().any(|p| std::ptr::eq(p.0, a)) {
                continue;
            }
            let Some(o) = owner(from, a, by_id) else {
                continue;
            };
            if let Some(b) = to.sequences.iter().find(|b| {
                !same_owner.iter().any(|p| std::ptr::eq(p.1, *b))
                    && owner(to, b, by_id).as_ref() == Some(&o)
            }) {
                same_owner.push((a, b));
            }
        }
    }
    // Other sequences, and serial ones under another than the default name (which
    // `serial` cannot re-create): those follow their column.
    let free = |s: &Schema, side: usize| -> Vec<Sequence> {
        s.sequences
            .iter()
            .filter(|q| {
                !same_owner
                    .iter()
                    .any(|p| std::ptr::eq(if side == 0 { p.0 } else { p.1 }, *q))
            })
            .filter(|q| !serial_owned(s, q) || !default_serial_name(q))
            .cloned()
            .collect()
    };
    for (a, b) in &same_owner {
        // The owner is the same column whatever its table is called now.
        let a2 = Sequence {
            id: b.id,
            owned_by: b.owned_by.clone(),
            ..(*a).clone()
        };
        if a2 != **b {
            ch.push(Change::AlterSequence {
                from: (*a).clone(),
                to: (*b).clone(),
            });
        }
    }
    let (fa, fb) = (free(from, 0), free(to, 1));
    let (pairs, removed, added) = matched(&fa, &fb, |q| q.id, |q| q.name.clone());
    for (a, b) in pairs {
        let mut a2 = a.clone();
        a2.id = b.id;
        if a2 != *b {
            ch.push(Change::AlterSequence {
                from: a.clone(),
                to: b.clone(),
            });
        }
    }
    for q in added {
        // Created before its owner's table may exist; owned once the tables are there.
        let bare = Sequence {
            owned_by: None,
            ..q.clone()
        };
        ch.push(Change::CreateSequence { def: bare.clone() });
        if q.owned_by.is_some() {
            ch.push(Change::AlterSequence {
                from: bare,
                to: q.clone(),
            });
        }
    }
    for q in removed {
        // A sequence owned by a column goes with its table or column.
        // (By identity where there is one: a table of that name may be another table now.)
        let owner_goes = q.owned_by.as_ref().is_some_and(|(t, c)| {
            match from.table(t).map(|t| t.id).filter(|id| *id != 0) {
                Some(id) => !to.tables.iter().any(|x| x.id == id),
                None => to.table(t).and_then(|t| t.column(d, c)).is_none(),
            }
        });
        if !owner_goes {
            ch.push(Change::DropSequence { def: q.clone() });
        }
    }

    // Tables.
    let (pairs, removed, added) = matched(&from.tables, &to.tables, |t| t.id, |t| d.key(&t.name));
    let table_renames: BTreeMap<String, String> = pairs
        .iter()
        .filter(|(a, b)| !d.same_name(&a.name, &b.name))
        .map(|(a, b)| (d.key(&a.name), b.name.clone()))
        .collect();
    let mut changed_tables = BTreeSet::new();
    for (a, b) in &pairs {
        if !d.same_name(&a.name, &b.name) {
            ch.push(Change::RenameTable {
                from: a.name.clone(),
                to: b.name.clone(),
            });
            changed_tables.insert(d.key(&a.name));
        }
        let before = ch.len();
        diff_table(
            d,
            from,
            to,
            a,
            b,
            &table_renames,
            &enum_renames,
            &mut out.checks,
            ch,
        );
        if ch.len() > before {
            changed_tables.insert(d.key(&a.name));
            changed_tables.insert(d.key(&b.name));
        }
    }
    for t in &added {
        ch.push(Change::CreateTable { def: (*t).clone() });
        // SQLite keeps foreign keys inline; elsewhere they are added once every table exists.
        if d != Dialect::Sqlite {
            for f in &t.foreign_keys {
                ch.push(Change::AddForeignKey {
                    table: t.name.clone(),
                    key: f.clone(),
                });
            }
        }
    }
    // Keys between dropped tables go first, so that cycles do not block the drops.
    if d != Dialect::Sqlite {
        for t in &removed {
            for f in &t.foreign_keys {
                let other = !d.same_name(&f.ref_table, &t.name);
                if other && removed.iter().any(|r| d.same_name(&r.name, &f.ref_table)) {
                    ch.push(Change::DropForeignKey {
                        table: t.name.clone(),
                        key: f.clone(),
                    });
                }
            }
        }
    }
    for t in removed {
        out.checks.push(checks::drop_table(d, t));
        changed_tables.insert(d.key(&t.name));
        ch.push(Change::DropTable { def: t.clone() });
    }

    // Views: changed ones, and those that read a changed table, are dropped and recreated.
    let (pairs, removed, added) = matched(&from.views, &to.views, |v| v.id, |v| d.key(&v.name));
    let reads_changed = |v: &View| {
        let words: BTreeSet<String> = v
            .query
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .map(|w| d.key(w))
            .collect();
        changed_tables
            .iter()
            .any(|t| words.contains(t.rsplit('.').next().unwrap_or(t)))
    };
    for (a, b) in pairs {
        let same = a.name == b.name
            && a.query == b.query
            && a.columns == b.columns
            && a.materialized == b.materialized;
        if !same || reads_changed(a) || reads_changed(b) {
            ch.push(Change::DropView { def: a.clone() });
            ch.push(Change::CreateView { def: b.clone() });
        }
    }
    for v in added {
        ch.push(Change::CreateView { def: v.clone() });
    }
    for v in removed {
        ch.push(Change::DropView { def: v.clone() });
    }

    // Functions, procedures, triggers: by kind and name, compared by definition text. SQLite
    // rebuilds drop a table's triggers, so those are recreated too.
    let rebuilt: BTreeSet<String> = ch
        .iter()
        .filter_map(|c| {
            if let Change::RebuildTable { to, .. } = c {
                Some(d.key(&to.name))
            } else {
                None
            }
        })
        .collect();
    let key = |o: &Opaque| (o.kind, o.name.clone());
    for o in &from.opaque {
        let other = to.opaque.iter().find(|x| key(x) == key(o));
        let on_rebuilt = o
            .table
            .as_ref()
            .is_some_and(|t| rebuilt.contains(&d.key(t)));
        match other {
            Some(x) if x.definition == o.definition && !on_rebuilt => {}
            _ => ch.push(Change::DropOpaque { def: o.clone() }),
        }
    }
    for o in &to.opaque {
        let other = from.opaque.iter().find(|x| key(x) == key(o));
        let on_rebuilt = o
            .table
            .as_ref()
            .is_some_and(|t| rebuilt.contains(&d.key(t)));
        match other {
            Some(x) if x.definition == o.definition && !on_rebuilt => {}
            _ => ch.push(Change::CreateOpaque { def: o.clone() }),
        }
    }
    rebuild_indexes_over_recreated_enums(from, to, ch);
    out
}

/// A recreated enum type (PostgreSQL) changes its columns' type; an index whose predicate or
/// expression reads such a column still holds literals of the old type and cannot be rebuilt
/// ("operator does not exist: mood = mood__ebb_old"): it is dropped first and created again.
fn rebuild_indexes_over_recreated_enums(from: &Schema, to: &Schema, ch: &mut Vec<Change>) {
    let d = to.dialect;
    let mut extra = Vec::new();
    for c in ch.iter() {
        let Change::RecreateEnum { columns, .. } = c else {
            continue;
        };
        for (tname, col) in columns {
            let Some(t) = to.table(tname) else { continue };
            let Some(old) = from
                .tables
                .iter()
                .find(|x| x.id != 0 && x.id == t.id)
                .or_else(|| from.table(tname))
            else {
                continue;
            };
            let reads = |i: &Index| {
                let cols = [d.key(col)];
                i.predicate
                    .as_deref()
                    .is_some_and(|p| mentions_any(d, p, &cols))
                    || i.parts
                        .iter()
                        .any(|p| p.expr && mentions_any(d, &p.column, &cols))
            };
            for i in t.indexes.iter().filter(|i| reads(i)) {
                let handled = ch.iter().chain(&extra).any(|c| {
                    matches!(c, Change::AddIndex { table, index } if d.same_name(table, tname) && index.name == i.name)
                });
                if handled {
                    continue;
                }
                if let Some(before) = old.indexes.iter().find(|x| x.name == i.name) {
                    extra.push(Change::DropIndex {
                        table: old.name.clone(),
                        index: before.clone(),
                    });
                }
                extra.push(Change::AddIndex {
                    table: tname.clone(),
                    index: i.clone(),
                });
            }
        }
    }
    ch.extend(extra);
}

fn enum_columns(s: &Schema, name: &str) -> Vec<(String, String)> {
    let mut v = Vec::new();
    for t in &s.tables {
        for c in &t.columns {
            if c.ty == name || c.ty == format!("{name}[]") {
                v.push((t.name.clone(), c.name.clone()));
            }
        }
    }
    v
}

/// A sequence created by a `serial` column: it follows the column and is not planned apart.
#[must_use]
pub fn serial_owned(s: &Schema, q: &Sequence) -> bool {
    let Some((t, c)) = &q.owned_by else {
        return false;
    };
    s.table(t)
        .and_then(|t| t.column(s.dialect, c))
        .and_then(|c| c.default.as_deref())
        == Some(format!("nextval('{}'::regclass)", Dialect::pg_ident(&q.name)).as_str())
}

/// Whether a serial column's sequence has the name `serial` gives it (`t_c_seq`), so that
/// re-creating the column re-creates it.
pub(crate) fn default_serial_name(q: &Sequence) -> bool {
    q.owned_by.as_ref().is_some_and(|(t, c)| {
        let bare = t.rsplit('.').next().unwrap_or(t);
        let prefix = &t[..t.len() - bare.len()];
        q.name
            == format!(
                "{prefix}{}",
                crate::normalize::pg_object_name(bare, Some(c), "seq")
            )
    })
}

/// A copy of table `a` with columns and referenced tables renamed to their names in `to`, so
/// that definitions can be compared with `b` directly.
fn renamed_view_of(
    d: Dialect,
    a: &Table,
    col_renames: &BTreeMap<String, String>,
    table_renames: &BTreeMap<String, String>,
    enum_renames: &BTreeMap<String, String>,
) -> Table {
    let mut t = a.clone();
    let fix = |n: &mut String| {
        if let Some(x) = col_renames.get(&d.key(n)) {
            n.clone_from(x);
        }
    };
    let fix_expr = |e: &mut String| {
        for (from, to) in col_renames {
            *e = rename_in_expr(d, e, from, to);
        }
    };
    for c in &mut t.columns {
        fix(&mut c.name);
        if let Some(n) = enum_renames.get(&c.ty) {
            c.ty.clone_from(n);
        }
        if let Some(g) = &mut c.generated {
            fix_expr(&mut g.expr);
        }
    }
    if let Some(pk) = &mut t.primary_key {
        pk.columns.iter_mut().for_each(fix);
    }
    for i in &mut t.indexes {
        for p in &mut i.parts {
            if p.expr {
                fix_expr(&mut p.column);
            } else {
                fix(&mut p.column);
            }
        }
        if let Some(p) = &mut i.predicate {
            fix_expr(p);
        }
    }
    for f in &mut t.foreign_keys {
        f.columns.iter_mut().for_each(fix);
        if let Some(n) = table_renames.get(&d.key(&f.ref_table)) {
            f.ref_table.clone_from(n);
        }
    }
    for c in &mut t.checks {
        fix_expr(&mut c.expr);
    }
    t
}

fn same_index(a: &Index, b: &Index) -> bool {
    a.unique == b.unique
        && a.constraint == b.constraint
        && a.parts == b.parts
        && a.method == b.method
        && a.predicate == b.predicate
        && a.on_conflict == b.on_conflict
}

fn same_fk(a: &ForeignKey, b: &ForeignKey, d: Dialect) -> bool {
    a.name == b.name
        && a.columns
            .iter()
            .map(|c| d.key(c))
            .eq(b.columns.iter().map(|c| d.key(c)))
        && d.same_name(&a.ref_table, &b.ref_table)
        && a.ref_columns
            .iter()
            .map(|c| d.key(c))
            .eq(b.ref_columns.iter().map(|c| d.key(c)))
        && a.on_delete == b.on_delete
        && a.on_update == b.on_update
        && a.deferrable == b.deferrable
}

/// The labels of PostgreSQL enum type `to_ty` when a column of type `from_ty` becoming it may
/// hold other values: it was text (or anything else), or an enum with labels `to_ty` lacks.
fn labels_not_covered<'a>(
    from_s: &Schema,
    to_s: &'a Schema,
    from_ty: &str,
    to_ty: &str,
) -> Option<&'a [String]> {
    let to = to_s.enums.iter().find(|e| e.name == to_ty)?;
    let covered = from_s
        .enums
        .iter()
        .find(|e| e.name == from_ty)
        .is_some_and(|f| f.values.iter().all(|v| to.values.contains(v)));
    (!covered).then_some(to.values.as_slice())
}

/// Whether an expression names one of `columns` (name keys) as an identifier.
pub(crate) fn mentions_any(d: Dialect, expr: &str, columns: &[String]) -> bool {
    !columns.is_empty()
        && expr
            .split(|ch: char| !(ch.is_alphanumeric() || ch == '_' || ch == '$'))
            .any(|w| !w.is_empty() && columns.contains(&d.key(w)))
}

#[allow(clippy::too_many_arguments, clippy::too_many_lines)]
fn diff_table(
    d: Dialect,
    from_s: &Schema,
    to_s: &Schema,
    a: &Table,
    b: &Table,
    table_renames: &BTreeMap<String, String>,
    enum_renames: &BTreeMap<String, String>,
    checks_out: &mut Vec<Check>,
    out: &mut Vec<Change>,
) {
    let mut ch = Vec::new();
    let mut ck = Vec::new();
    let tname = b.name.clone();
    let old_name = a.name.clone();
    let (mut pairs, mut removed, mut added) =
        matched(&a.columns, &b.columns, |c| c.id, |c| d.key(&c.name));
    // A column the history dropped and re-created under the same name with another type
    // (`role Role` dropped, `role UserRole` added) is another column: it is dropped and the
    // old one re-added, as the history did, rather than cast (PostgreSQL cannot cast between
    // two enums). The checks of the drop still guard its values.
    pairs.retain(|(x, y)| {
        let recreated = x.id != 0 && y.id != 0 && x.id != y.id && x.ty != y.ty;
        if recreated {
            removed.push(x);
            added.push(y);
        }
        !recreated
    });
    let mut col_renames = BTreeMap::new();
    for (x, y) in &pairs {
        if !d.same_name(&x.name, &y.name) || x.name != y.name {
            col_renames.insert(d.key(&x.name), y.name.clone());
            ch.push(Change::RenameColumn {
                table: tname.clone(),
                from: x.name.clone(),
                to: y.name.clone(),
            });
        }
    }
    let ar = renamed_view_of(d, a, &col_renames, table_renames, enum_renames);
    // Columns whose type changes: PostgreSQL rewrites the check constraints that read them
    // (`x >= 0` becomes `(x)::numeric >= (0)::numeric`), so those checks are re-created.
    let mut retyped = Vec::new();
    let added_names: Vec<String> = added.iter().map(|c| d.key(&c.name)).collect();
    // Column definitions.
    for (x, y) in &pairs {
        let Some(pos) = a.columns.iter().position(|c| std::ptr::eq(c, *x)) else {
            continue;
        };
        let mut x3 = ar.columns[pos].clone();
        x3.id = y.id;
        x3.name.clone_from(&y.name);
        let comment_only = Column {
            comment: y.comment.clone(),
            ..x3.clone()
        } == **y;
        if x3 != **y {
            if comment_only && d != Dialect::Mysql {
                ch.push(Change::SetColumnComment {
                    table: tname.clone(),
                    column: y.name.clone(),
                    comment: y.comment.clone(),
                });
            } else {
                if x3.ty != y.ty {
                    retyped.push(d.key(&y.name));
                    if let Some(labels) = labels_not_covered(from_s, to_s, &x.ty, &y.ty) {
                        ck.push(checks::not_a_label(d, &old_name, &x.name, &y.ty, labels));
                    }
                }
                ck.extend(checks::alter_column(d, &old_name, x, y));
                ch.push(Change::AlterColumn {
                    table: tname.clone(),
                    from: x3,
                    to: (*y).clone(),
                    after: None,
                    first: false,
                });
            }
        }
    }
    for c in &removed {
        // A generated column's values are computed from the others: dropping it loses nothing.
        if c.generated.is_none() {
            ck.push(checks::drop_column(d, &old_name, c, a));
        }
        ch.push(Change::DropColumn {
            table: tname.clone(),
            column: (*c).clone(),
        });
    }
    for c in &added {
        let pos = b
            .columns
            .iter()
            .position(|x| x.id == c.id && x.name == c.name)
            .unwrap_or(0);
        let after = pos.checked_sub(1).map(|p| b.columns[p].name.clone());
        if !c.nullable
            && c.default.is_none()
            && c.fill.is_none()
            && c.generated.is_none()
            && c.identity.is_none()
            && !c.auto_increment
        {
            ck.push(checks::add_required_column(d, &old_name, &c.name));
        }
        ch.push(Change::AddColumn {
            table: tname.clone(),
            column: (*c).clone(),
            first: pos == 0 && d == Dialect::Mysql && b.columns.len() > 1,
            after,
        });
    }
    if d == Dialect::Mysql {
        place_columns(d, &ar, b, &mut ch);
    }
    // A unique key over columns the plan adds cannot query them (they are not there yet).
    let unique_check = |cols: &[String]| {
        if cols.iter().any(|c| added_names.contains(&d.key(c))) {
            checks::unique_over_added(d, &old_name, &old_cols(&col_renames, cols, d), &added)
        } else {
            Some(checks::unique(
                d,
                &old_name,
                &old_cols(&col_renames, cols, d),
            ))
        }
    };
    // Primary key. One that differs by its name only is renamed (PostgreSQL): dropping it
    // would fail while foreign keys depend on its index, and would rebuild the index.
    let pk_renamed = match (&ar.primary_key, &b.primary_key) {
        (Some(x), Some(y)) if d == Dialect::Postgres && x.name != y.name => {
            let same_key = PrimaryKey {
                name: y.name.clone(),
                ..x.clone()
            } == *y;
            if let (true, Some(from), Some(to)) = (same_key, &x.name, &y.name) {
                ch.push(Change::RenameConstraint {
                    table: tname.clone(),
                    from: from.clone(),
                    to: to.clone(),
                });
            }
            same_key
        }
        _ => false,
    };
    if ar.primary_key != b.primary_key && !pk_renamed {
        // MySQL: a key over an AUTO_INCREMENT column cannot be dropped while the column
        // stays; where the plan drops all its columns, dropping them drops the key.
        let goes_with_auto = |k: &PrimaryKey| {
            d == Dialect::Mysql
                && k.columns
                    .iter()
                    .all(|c| removed.iter().any(|r| d.same_name(&r.name, c)))
                && removed.iter().any(|r| r.auto_increment)
        };
        if let Some(k) = a.primary_key.as_ref().filter(|k| !goes_with_auto(k)) {
            ch.push(Change::DropPrimaryKey {
                table: old_name.clone(),
                key: k.clone(),
            });
        }
        if let Some(k) = &b.primary_key {
            ck.extend(unique_check(&k.columns));
            // MySQL: an AUTO_INCREMENT column must be a key the moment it exists, so a key over
            // a re-added one is added by the same statement (see the renderer's AddColumn).
            let with_added_auto = d == Dialect::Mysql
                && k.columns.iter().any(|c| {
                    added
                        .iter()
                        .any(|a| a.auto_increment && d.same_name(&a.name, c))
                });
            if !with_added_auto {
                ch.push(Change::AddPrimaryKey {
                    table: tname.clone(),
                    key: k.clone(),
                });
            }
        }
    }
    // Indexes.
    let (ipairs, iremoved, iadded) = matched(
        &ar.indexes,
        &b.indexes,
        |i| i.id,
        |i| i.name.as_deref().map(|n| d.key(n)).unwrap_or_default(),
    );
    let add_index = |i: &Index, ch: &mut Vec<Change>, ck: &mut Vec<Check>| {
        if i.unique && i.parts.iter().all(|p| !p.expr) && i.predicate.is_none() {
            let cols: Vec<String> = i.parts.iter().map(|p| p.column.clone()).collect();
            ck.extend(unique_check(&cols));
        }
        ch.push(Change::AddIndex {
            table: tname.clone(),
            index: i.clone(),
        });
    };
    // Indexes the plan drops (MySQL: a foreign key that only they serve must be re-added).
    let mut dropped_indexes: Vec<&Index> = Vec::new();
    for (x, y) in ipairs {
        if !same_index(x, y) {
            dropped_indexes.push(x);
            ch.push(Change::DropIndex {
                table: old_name.clone(),
                index: original(&a.indexes, &ar.indexes, x),
            });
            add_index(y, &mut ch, &mut ck);
        } else if x.name != y.name {
            ch.push(Change::RenameIndex {
                table: tname.clone(),
                from: x.name.clone().unwrap_or_default(),
                to: y.name.clone().unwrap_or_default(),
            });
        }
    }
    for i in iremoved {
        dropped_indexes.push(i);
        ch.push(Change::DropIndex {
            table: old_name.clone(),
            index: original(&a.indexes, &ar.indexes, i),
        });
    }
    // InnoDB refuses to drop the last index that serves a foreign key ("needed in a foreign
    // key constraint"): such a key is dropped first and added back at the end.
    let loses_its_index = |f: &ForeignKey| {
        d == Dialect::Mysql
            && dropped_indexes.iter().any(|i| i.serves(d, &f.columns))
            && !ar.indexes.iter().any(|i| {
                !dropped_indexes.iter().any(|x| std::ptr::eq(*x, i)) && i.serves(d, &f.columns)
            })
            && !ar.primary_key.as_ref().is_some_and(|pk| {
                pk.columns.len() >= f.columns.len()
                    && pk
                        .columns
                        .iter()
                        .zip(&f.columns)
                        .all(|(p, c)| d.same_name(p, c))
            })
    };
    for i in iadded {
        add_index(i, &mut ch, &mut ck);
    }
    // Foreign keys. Keys on columns the plan adds cannot be checked beforehand; those
    // columns start NULL or at their default, which the added column's own checks cover.
    let fk_check = |f: &ForeignKey| {
        (!f.columns.iter().any(|c| added_names.contains(&d.key(c)))).then(|| {
            checks::foreign_key(
                d,
                &old_name,
                &old_cols(&col_renames, &f.columns, d),
                &f.ref_table,
                &f.ref_columns,
                table_renames,
                from_s,
            )
        })
    };
    let (fpairs, fremoved, fadded) = matched(
        &ar.foreign_keys,
        &b.foreign_keys,
        |f| f.id,
        |f| f.name.clone().unwrap_or_else(|| format!("{:?}", f.columns)),
    );
    // A key whose parent of that name is another table than before (the history replaced
    // the table): re-created, so that it follows the parent the revert keeps.
    let other_parent = |x: &ForeignKey, y: &ForeignKey| {
        let was = original(&a.foreign_keys, &ar.foreign_keys, x);
        let before = from_s.table(&was.ref_table).map_or(0, |t| t.id);
        let after = to_s.table(&y.ref_table).map_or(0, |t| t.id);
        before != 0 && after != 0 && before != after
    };
    for (x, y) in fpairs {
        if let (Some(from), Some(to)) = (&x.name, &y.name) {
            let renamed = ForeignKey {
                name: y.name.clone(),
                ..x.clone()
            };
            if d == Dialect::Postgres && from != to && same_fk(&renamed, y, d) {
                ch.push(Change::RenameConstraint {
                    table: tname.clone(),
                    from: from.clone(),
                    to: to.clone(),
                });
                continue;
            }
        }
        if !same_fk(x, y, d) || loses_its_index(x) || other_parent(x, y) {
            ch.push(Change::DropForeignKey {
                table: old_name.clone(),
                key: original(&a.foreign_keys, &ar.foreign_keys, x),
            });
            ck.extend(fk_check(y));
            ch.push(Change::AddForeignKey {
                table: tname.clone(),
                key: y.clone(),
            });
        }
    }
    for f in fremoved {
        ch.push(Change::DropForeignKey {
            table: old_name.clone(),
            key: original(&a.foreign_keys, &ar.foreign_keys, f),
        });
    }
    for f in fadded {
        ck.extend(fk_check(f));
        ch.push(Change::AddForeignKey {
            table: tname.clone(),
            key: f.clone(),
        });
    }
    // Checks.
    let (cpairs, cremoved, cadded) = matched(
        &ar.checks,
        &b.checks,
        |c| c.id,
        |c| c.name.clone().unwrap_or_else(|| c.expr.clone()),
    );
    for (x, y) in cpairs {
        let reads_retyped = d == Dialect::Postgres && mentions_any(d, &y.expr, &retyped);
        if let (Some(from), Some(to)) = (&x.name, &y.name) {
            if d == Dialect::Postgres && x.expr == y.expr && from != to && !reads_retyped {
                ch.push(Change::RenameConstraint {
                    table: tname.clone(),
                    from: from.clone(),
                    to: to.clone(),
                });
                continue;
            }
        }
        if x.expr != y.expr || x.name != y.name || reads_retyped {
            ch.push(Change::DropCheck {
                table: old_name.clone(),
                check: original(&a.checks, &ar.checks, x),
            });
            if !mentions_any(d, &y.expr, &added_names) {
                ck.push(checks::check_constraint(
                    d,
                    &old_name,
                    &y.expr,
                    &col_renames,
                ));
            }
            ch.push(Change::AddCheck {
                table: tname.clone(),
                check: y.clone(),
            });
        }
    }
    for c in cremoved {
        // A column's own CHECK (MariaDB's `json_valid` on a JSON column) carries the column's
        // name and goes with the column; it cannot be dropped by that name.
        let own = d == Dialect::Mysql
            && c.name.as_ref().is_some_and(|n| {
                removed
                    .iter()
                    .any(|col| d.same_name(&col.name, n) && mentions_any(d, &c.expr, &[d.key(n)]))
            });
        if own {
            continue;
        }
        ch.push(Change::DropCheck {
            table: old_name.clone(),
            check: original(&a.checks, &ar.checks, c),
        });
    }
    for c in cadded {
        // A check on a column the plan adds cannot be tried beforehand (the column is not
        // there yet); the added column's own checks cover its values.
        if !mentions_any(d, &c.expr, &added_names) {
            ck.push(checks::check_constraint(
                d,
                &old_name,
                &c.expr,
                &col_renames,
            ));
        }
        ch.push(Change::AddCheck {
            table: tname.clone(),
            check: c.clone(),
        });
    }
    if a.comment != b.comment {
        ch.push(Change::SetTableComment {
            table: tname.clone(),
            comment: b.comment.clone(),
        });
    }
    if a.options != b.options {
        ch.push(Change::SetTableOptions {
            table: tname.clone(),
            from: a.options.clone(),
            to: b.options.clone(),
        });
    }
    checks_out.extend(ck);
    if d == Dialect::Sqlite && needs_rebuild(&ch, &ar, b) {
        // Renames of the table and columns still run first; everything else is the rebuild.
        let mut renamed = ar.clone();
        renamed.name.clone_from(&b.name);
        for c in ch {
            if let Change::RenameColumn { .. } = c {
                out.push(c);
            }
        }
        out.push(Change::RebuildTable {
            from: renamed,
            to: b.clone(),
        });
        return;
    }
    out.extend(ch);
}

/// MySQL can put columns anywhere: after adds and drops, move every column from the first one
/// out of place, each after its predecessor in `b`, so the order is exactly `b`'s.
fn place_columns(d: Dialect, ar: &Table, b: &Table, ch: &mut Vec<Change>) {
    let mut names: Vec<String> = ar.columns.iter().map(|c| d.key(&c.name)).collect();
    for c in ch.iter() {
        if let Change::DropColumn { column, .. } = c {
            names.retain(|n| *n != d.key(&column.name));
        }
    }
    let want: Vec<String> = b.columns.iter().map(|c| d.key(&c.name)).collect();
    let adds_anything = ch.iter().any(|c| matches!(c, Change::AddColumn { .. }));
    if !adds_anything && names == want {
        return;
    }
    // Take the adds and definition changes out, then put them back left to right: after
    // each step the first i columns are in their final order, so every `AFTER x` names a
    // column that already sits where it belongs.
    let mut adds = Vec::new();
    let mut alters = Vec::new();
    let mut rest = Vec::new();
    for c in ch.drain(..) {
        match c {
            Change::AddColumn { .. } => adds.push(c),
            Change::AlterColumn { .. } => alters.push(c),
            other => rest.push(other),
        }
    }
    *ch = rest;
    let take = |list: &mut Vec<Change>, key: &str| -> Option<Change> {
        let p = list.iter().position(|c| match c {
            Change::AddColumn { column, .. } => d.key(&column.name) == key,
            Change::AlterColumn { to, .. } => d.key(&to.name) == key,
            _ => false,
        })?;
        Some(list.remove(p))
    };
    for (i, key) in want.iter().enumerate() {
        let after = i.checked_sub(1).map(|p| b.columns[p].name.clone());
        let first = i == 0;
        if let Some(mut c) = take(&mut adds, key) {
            if let Change::AddColumn {
                after: a, first: f, ..
            } = &mut c
            {
                *a = after;
                *f = first;
            }
            names.insert(i.min(names.len()), key.clone());
            ch.push(c);
            continue;
        }
        let pos = names.iter().position(|n| n == key);
        let moves = pos != Some(i);
        if let Some(p) = pos {
            if moves {
                let k = names.remove(p);
                names.insert(i.min(names.len()), k);
            }
        }
        match take(&mut alters, key) {
            Some(mut c) => {
                if moves {
                    if let Change::AlterColumn {
                        after: a, first: f, ..
                    } = &mut c
                    {
                        *a = after;
                        *f = first;
                    }
                }
                ch.push(c);
            }
            None if moves => {
                let to = &b.columns[i];
                ch.push(Change::AlterColumn {
                    table: b.name.clone(),
                    from: to.clone(),
                    to: to.clone(),
                    after,
                    first,
                });
            }
            None => {}
        }
    }
    // Anything not matched (should not happen) keeps its place at the end.
    ch.extend(adds);
    ch.extend(alters);
}

fn old_cols(col_renames: &BTreeMap<String, String>, cols: &[String], d: Dialect) -> Vec<String> {
    cols.iter()
        .map(|c| {
            col_renames
                .iter()
                .find(|(_, new)| d.same_name(new, c))
                .map_or_else(|| c.clone(), |(old, _)| old.clone())
        })
        .collect()
}

/// The `a`-side object (old column names) behind an object of the renamed view `ar`.
fn original<T: Clone>(a: &[T], ar: &[T], x: &T) -> T {
    ar.iter()
        .position(|i| std::ptr::eq(i, x))
        .map_or_else(|| x.clone(), |p| a[p].clone())
}

/// Whether SQLite's `ALTER TABLE` (rename, add column, drop column, plain indexes) cannot
/// express a table's changes, including the resulting column order.
fn needs_rebuild(ch: &[Change], a: &Table, b: &Table) -> bool {
    let d = Dialect::Sqlite;
    let constrained = |t: &Table, c: &str| {
        t.primary_key
            .as_ref()
            .is_some_and(|k| k.columns.iter().any(|x| d.same_name(x, c)))
            || t.indexes
                .iter()
                .any(|i| i.parts.iter().any(|p| d.same_name(&p.column, c)))
            || t.foreign_keys
                .iter()
                .any(|f| f.columns.iter().any(|x| d.same_name(x, c)))
            || t.checks
                .iter()
                .any(|k| rename_in_expr(d, &k.expr, c, "\u{0}") != k.expr)
    };
    for c in ch {
        match c {
            Change::RenameColumn { .. } | Change::RenameTable { .. } => {}
            Change::AddIndex { index, .. } | Change::DropIndex { index, .. }
                if !index.constraint && index.name.is_some() => {}
            Change::AddColumn { column, .. } => {
                // ADD COLUMN: no key, no UNIQUE, NOT NULL needs a constant default, no stored generated.
                if !column.nullable && column.default.is_none()
                    || constrained(b, &column.name)
                    || column.generated.as_ref().is_some_and(|g| g.stored)
                {
                    return true;
                }
                if column.default.as_deref().is_some_and(|x| x.contains('(')) {
                    return true;
                }
            }
            Change::DropColumn { column, .. } => {
                if constrained(a, &column.name) {
                    return true;
                }
            }
            _ => return true,
        }
    }
    // ALTER TABLE appends added columns; the result must have b's order.
    let mut names: Vec<String> = a.columns.iter().map(|c| d.key(&c.name)).collect();
    for c in ch {
        match c {
            Change::DropColumn { column, .. } => names.retain(|n| *n != d.key(&column.name)),
            Change::AddColumn { column, .. } => names.push(d.key(&column.name)),
            _ => {}
        }
    }
    names != b.columns.iter().map(|c| d.key(&c.name)).collect::<Vec<_>>()
}
