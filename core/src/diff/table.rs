//! The diff of one matched table pair: columns (renames, types, placement), primary key,
//! indexes, foreign keys and checks, and whether SQLite must rebuild the table.

use super::{labels_not_covered, matched, renamed_view_of, Change, TablesByKey};
use crate::checks::{self, Check};
use crate::schema::{CheckConstraint, Column, ForeignKey, Index, PrimaryKey, Schema, Table};
use crate::sql::expr::{mentions_any, rename_in_expr};
use crate::Dialect;
use std::collections::BTreeMap;
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

/// What a table pair is diffed in: both schemas and the renames of tables and enum types.
pub(super) struct Context<'a> {
    pub from: &'a Schema,
    pub to: &'a Schema,
    /// `from`'s and `to`'s tables by name, for lookups per foreign key.
    pub from_tables: &'a TablesByKey<'a>,
    pub to_tables: &'a TablesByKey<'a>,
    pub table_renames: &'a BTreeMap<String, String>,
    pub enum_renames: &'a BTreeMap<String, String>,
}

/// Append the changes (to `out`) and checks (to `checks_out`) that turn table `a` into `b`.
pub(super) fn diff_table(
    cx: &Context<'_>,
    a: &Table,
    b: &Table,
    checks_out: &mut Vec<Check>,
    out: &mut Vec<Change>,
) {
    let d = cx.from.dialect;
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
    let mut changes = Vec::new();
    let mut col_renames = BTreeMap::new();
    for (x, y) in &pairs {
        if !d.same_name(&x.name, &y.name) || x.name != y.name {
            col_renames.insert(d.key(&x.name), y.name.clone());
            changes.push(Change::RenameColumn {
                table: b.name.clone(),
                from: x.name.clone(),
                to: y.name.clone(),
            });
        }
    }
    let ar = renamed_view_of(d, a, &col_renames, cx.table_renames, cx.enum_renames);
    let mut t = TableDiff {
        cx,
        d,
        a,
        ar: &ar,
        b,
        old_name: a.name.clone(),
        added_names: added.iter().map(|c| d.key(&c.name)).collect(),
        col_renames,
        removed,
        added,
        retyped: Vec::new(),
        changes,
        checks: Vec::new(),
    };
    t.columns(&pairs);
    t.primary_key();
    let dropped_indexes = t.indexes();
    t.foreign_keys(&dropped_indexes);
    t.checks();
    t.table_attributes();
    checks_out.extend(t.checks);
    let ch = t.changes;
    if !d.alters_in_place() && needs_rebuild(&ch, &ar, b) {
        // Renames of the table and columns still run first; everything else is the rebuild.
        let mut renamed = ar.clone().into_owned();
        renamed.name.clone_from(&b.name);
        for c in ch {
            if let Change::RenameColumn { .. } = c {
                out.push(c);
            }
        }
        out.push(Change::RebuildTable {
            from: Box::new(renamed),
            to: Box::new(b.clone()),
        });
        return;
    }
    out.extend(ch);
}

/// One table pair being diffed: `a` as it is, `ar` as `a` with the renames applied (names
/// and types spelled as in `b`), and the changes and checks found so far.
struct TableDiff<'a> {
    cx: &'a Context<'a>,
    d: Dialect,
    a: &'a Table,
    ar: &'a Table,
    b: &'a Table,
    /// The table's name before the plan (checks run before any change).
    old_name: String,
    /// Old column name key → new name.
    col_renames: BTreeMap<String, String>,
    removed: Vec<&'a Column>,
    added: Vec<&'a Column>,
    /// Name keys of the added columns.
    added_names: Vec<String>,
    /// Columns whose type changes: PostgreSQL rewrites the check constraints that read them
    /// (`x >= 0` becomes `(x)::numeric >= (0)::numeric`), so those checks are re-created.
    retyped: Vec<String>,
    changes: Vec<Change>,
    checks: Vec<Check>,
}

impl<'a> TableDiff<'a> {
    fn tname(&self) -> String {
        self.b.name.clone()
    }

    /// Column definitions that changed, then drops and adds (and MySQL's placement).
    fn columns(&mut self, pairs: &[(&'a Column, &'a Column)]) {
        let d = self.d;
        for (x, y) in pairs {
            let Some(pos) = self.a.columns.iter().position(|c| std::ptr::eq(c, *x)) else {
                continue;
            };
            let mut x3 = self.ar.columns[pos].clone();
            x3.id = y.id;
            x3.name.clone_from(&y.name);
            if x3 != **y {
                self.alter_column(x, x3, y);
            }
        }
        for c in self.removed.clone() {
            // A generated column's values are computed from the others: dropping it loses
            // nothing.
            if c.generated.is_none() {
                self.checks
                    .push(checks::drop_column(d, &self.old_name, c, self.a));
            }
            self.changes.push(Change::DropColumn {
                table: self.tname(),
                column: Box::new(c.clone()),
            });
        }
        for c in self.added.clone() {
            self.add_column(c);
        }
        if d.positions_columns() {
            place_columns(d, self.ar, self.b, &mut self.changes);
        }
    }

    /// Column `x` (as `renamed`, under `ar`'s names) becoming `y`: a comment only, or a new
    /// definition with the checks its type and nullability need.
    fn alter_column(&mut self, x: &Column, renamed: Column, y: &Column) {
        let d = self.d;
        let comment_only = Column {
            comment: y.comment.clone(),
            ..renamed.clone()
        } == *y;
        if comment_only && !d.comments_in_column_definition() {
            self.changes.push(Change::SetColumnComment {
                table: self.tname(),
                column: y.name.clone(),
                comment: y.comment.clone(),
            });
            return;
        }
        if renamed.ty != y.ty {
            self.retyped.push(d.key(&y.name));
            if let Some(labels) = labels_not_covered(self.cx.from, self.cx.to, &x.ty, &y.ty) {
                self.checks.push(checks::not_a_label(
                    d,
                    &self.old_name,
                    &x.name,
                    &y.ty,
                    labels,
                ));
            }
        }
        self.checks
            .extend(checks::alter_column(d, &self.old_name, x, y));
        self.changes.push(Change::AlterColumn {
            table: self.tname(),
            from: Box::new(renamed),
            to: Box::new(y.clone()),
            after: None,
            first: false,
        });
    }

    fn add_column(&mut self, c: &Column) {
        let (d, b) = (self.d, self.b);
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
            self.checks
                .push(checks::add_required_column(d, &self.old_name, &c.name));
        }
        self.changes.push(Change::AddColumn {
            table: self.tname(),
            column: Box::new(c.clone()),
            first: pos == 0 && d.positions_columns() && b.columns.len() > 1,
            after,
        });
    }

    /// The check that a unique key over `cols` will hold. A key over columns the plan adds
    /// cannot query them (they are not there yet).
    fn unique_check(&self, cols: &[String]) -> Option<Check> {
        let d = self.d;
        let old = old_cols(&self.col_renames, cols, d);
        if cols.iter().any(|c| self.added_names.contains(&d.key(c))) {
            checks::unique_over_added(d, &self.old_name, &old, &self.added)
        } else {
            Some(checks::unique(d, &self.old_name, &old))
        }
    }

    /// Primary key. One that differs by its name only is renamed (PostgreSQL): dropping it
    /// would fail while foreign keys depend on its index, and would rebuild the index.
    fn primary_key(&mut self) {
        let (d, a, b) = (self.d, self.a, self.b);
        let pk_renamed = match (&self.ar.primary_key, &b.primary_key) {
            (Some(x), Some(y)) if d.renames_constraints() && x.name != y.name => {
                let same_key = PrimaryKey {
                    name: y.name.clone(),
                    ..x.clone()
                } == *y;
                if let (true, Some(from), Some(to)) = (same_key, &x.name, &y.name) {
                    self.changes.push(Change::RenameConstraint {
                        table: self.tname(),
                        from: from.clone(),
                        to: to.clone(),
                    });
                }
                same_key
            }
            _ => false,
        };
        if self.ar.primary_key == b.primary_key || pk_renamed {
            return;
        }
        // MySQL: a key over an AUTO_INCREMENT column cannot be dropped while the column
        // stays; where the plan drops all its columns, dropping them drops the key.
        let removed = &self.removed;
        let goes_with_auto = |k: &PrimaryKey| {
            d.auto_increment_needs_key()
                && k.columns
                    .iter()
                    .all(|c| removed.iter().any(|r| d.same_name(&r.name, c)))
                && removed.iter().any(|r| r.auto_increment)
        };
        if let Some(k) = a.primary_key.as_ref().filter(|k| !goes_with_auto(k)) {
            self.changes.push(Change::DropPrimaryKey {
                table: self.old_name.clone(),
                key: k.clone(),
            });
        }
        if let Some(k) = &b.primary_key {
            let check = self.unique_check(&k.columns);
            self.checks.extend(check);
            // MySQL: an AUTO_INCREMENT column must be a key the moment it exists, so a key over
            // a re-added one is added by the same statement (see the renderer's AddColumn).
            let with_added_auto = d.auto_increment_needs_key()
                && k.columns.iter().any(|c| {
                    self.added
                        .iter()
                        .any(|a| a.auto_increment && d.same_name(&a.name, c))
                });
            if !with_added_auto {
                self.changes.push(Change::AddPrimaryKey {
                    table: self.tname(),
                    key: k.clone(),
                });
            }
        }
    }

    fn add_index(&mut self, i: &Index) {
        if i.unique && i.parts.iter().all(|p| !p.expr) && i.predicate.is_none() {
            let cols: Vec<String> = i.parts.iter().map(|p| p.column.clone()).collect();
            let check = self.unique_check(&cols);
            self.checks.extend(check);
        }
        self.changes.push(Change::AddIndex {
            table: self.tname(),
            index: Box::new(i.clone()),
        });
    }

    /// Indexes; returns those the plan drops (MySQL: a foreign key that only they serve must
    /// be re-added).
    fn indexes(&mut self) -> Vec<&'a Index> {
        let (d, a, ar) = (self.d, self.a, self.ar);
        let (ipairs, iremoved, iadded) = matched(
            &ar.indexes,
            &self.b.indexes,
            |i| i.id,
            |i| i.name.as_deref().map(|n| d.key(n)).unwrap_or_default(),
        );
        let mut dropped = Vec::new();
        for (x, y) in ipairs {
            if !same_index(x, y) {
                dropped.push(x);
                self.changes.push(Change::DropIndex {
                    table: self.old_name.clone(),
                    index: Box::new(original(&a.indexes, &ar.indexes, x)),
                });
                self.add_index(y);
            } else if x.name != y.name {
                self.changes.push(Change::RenameIndex {
                    table: self.tname(),
                    from: x.name.clone().unwrap_or_default(),
                    to: y.name.clone().unwrap_or_default(),
                });
            }
        }
        for i in iremoved {
            dropped.push(i);
            self.changes.push(Change::DropIndex {
                table: self.old_name.clone(),
                index: Box::new(original(&a.indexes, &ar.indexes, i)),
            });
        }
        for i in iadded {
            self.add_index(i);
        }
        dropped
    }

    /// The check that a foreign key will hold. Keys on columns the plan adds cannot be checked
    /// beforehand; those columns start NULL or at their default, which the added column's own
    /// checks cover.
    fn fk_check(&self, f: &ForeignKey) -> Option<Check> {
        let d = self.d;
        (!f.columns
            .iter()
            .any(|c| self.added_names.contains(&d.key(c))))
        .then(|| {
            checks::foreign_key(
                d,
                &self.old_name,
                &old_cols(&self.col_renames, &f.columns, d),
                &f.ref_table,
                &f.ref_columns,
                self.cx.table_renames,
                &|name| self.cx.from_tables.get(name),
            )
        })
    }

    /// InnoDB refuses to drop the last index that serves a foreign key ("needed in a foreign
    /// key constraint"): such a key is dropped first and added back at the end.
    fn loses_its_index(&self, f: &ForeignKey, dropped: &[&Index]) -> bool {
        let (d, ar) = (self.d, self.ar);
        d.indexes_foreign_keys()
            && dropped.iter().any(|i| i.serves(d, &f.columns))
            && !ar
                .indexes
                .iter()
                .any(|i| !dropped.iter().any(|x| std::ptr::eq(*x, i)) && i.serves(d, &f.columns))
            && !ar.primary_key.as_ref().is_some_and(|pk| {
                pk.columns.len() >= f.columns.len()
                    && pk
                        .columns
                        .iter()
                        .zip(&f.columns)
                        .all(|(p, c)| d.same_name(p, c))
            })
    }

    /// A key whose parent of that name is another table than before (the history replaced
    /// the table): re-created, so that it follows the parent the revert keeps.
    fn other_parent(&self, x: &ForeignKey, y: &ForeignKey) -> bool {
        let was = original(&self.a.foreign_keys, &self.ar.foreign_keys, x);
        let before = self.cx.from_tables.get(&was.ref_table).map_or(0, |t| t.id);
        let after = self.cx.to_tables.get(&y.ref_table).map_or(0, |t| t.id);
        before != 0 && after != 0 && before != after
    }

    fn add_foreign_key(&mut self, f: &ForeignKey) {
        let check = self.fk_check(f);
        self.checks.extend(check);
        self.changes.push(Change::AddForeignKey {
            table: self.tname(),
            key: f.clone(),
        });
    }

    fn foreign_keys(&mut self, dropped_indexes: &[&Index]) {
        let (d, a, ar) = (self.d, self.a, self.ar);
        let (fpairs, fremoved, fadded) = matched(
            &ar.foreign_keys,
            &self.b.foreign_keys,
            |f| f.id,
            |f| f.name.clone().unwrap_or_else(|| format!("{:?}", f.columns)),
        );
        for (x, y) in fpairs {
            if let (Some(from), Some(to)) = (&x.name, &y.name) {
                let renamed = ForeignKey {
                    name: y.name.clone(),
                    ..x.clone()
                };
                if d.renames_constraints() && from != to && same_fk(&renamed, y, d) {
                    self.changes.push(Change::RenameConstraint {
                        table: self.tname(),
                        from: from.clone(),
                        to: to.clone(),
                    });
                    continue;
                }
            }
            if !same_fk(x, y, d)
                || self.loses_its_index(x, dropped_indexes)
                || self.other_parent(x, y)
            {
                self.changes.push(Change::DropForeignKey {
                    table: self.old_name.clone(),
                    key: original(&a.foreign_keys, &ar.foreign_keys, x),
                });
                self.add_foreign_key(y);
            }
        }
        for f in fremoved {
            self.changes.push(Change::DropForeignKey {
                table: self.old_name.clone(),
                key: original(&a.foreign_keys, &ar.foreign_keys, f),
            });
        }
        for f in fadded {
            self.add_foreign_key(f);
        }
    }

    /// Add check `c`, with the check that rows already satisfy it. A check on a column the
    /// plan adds cannot be tried beforehand (the column is not there yet); the added column's
    /// own checks cover its values.
    fn add_check(&mut self, c: &CheckConstraint) {
        let d = self.d;
        if !mentions_any(d, &c.expr, &self.added_names) {
            self.checks.push(checks::check_constraint(
                d,
                &self.old_name,
                &c.expr,
                &self.col_renames,
            ));
        }
        self.changes.push(Change::AddCheck {
            table: self.tname(),
            check: c.clone(),
        });
    }

    fn checks(&mut self) {
        let (d, a, ar) = (self.d, self.a, self.ar);
        let (cpairs, cremoved, cadded) = matched(
            &ar.checks,
            &self.b.checks,
            |c| c.id,
            |c| c.name.clone().unwrap_or_else(|| c.expr.clone()),
        );
        for (x, y) in cpairs {
            let reads_retyped = d == Dialect::Postgres && mentions_any(d, &y.expr, &self.retyped);
            if let (Some(from), Some(to)) = (&x.name, &y.name) {
                if d.renames_constraints() && x.expr == y.expr && from != to && !reads_retyped {
                    self.changes.push(Change::RenameConstraint {
                        table: self.tname(),
                        from: from.clone(),
                        to: to.clone(),
                    });
                    continue;
                }
            }
            if x.expr != y.expr || x.name != y.name || reads_retyped {
                self.changes.push(Change::DropCheck {
                    table: self.old_name.clone(),
                    check: original(&a.checks, &ar.checks, x),
                });
                self.add_check(y);
            }
        }
        for c in cremoved {
            // A column's own CHECK (MariaDB's `json_valid` on a JSON column) carries the
            // column's name and goes with the column; it cannot be dropped by that name.
            let own = d == Dialect::Mysql
                && c.name.as_ref().is_some_and(|n| {
                    self.removed.iter().any(|col| {
                        d.same_name(&col.name, n) && mentions_any(d, &c.expr, &[d.key(n)])
                    })
                });
            if !own {
                self.changes.push(Change::DropCheck {
                    table: self.old_name.clone(),
                    check: original(&a.checks, &ar.checks, c),
                });
            }
        }
        for c in cadded {
            self.add_check(c);
        }
    }

    /// The table's comment and options.
    fn table_attributes(&mut self) {
        let (a, b) = (self.a, self.b);
        if a.comment != b.comment {
            self.changes.push(Change::SetTableComment {
                table: self.tname(),
                comment: b.comment.clone(),
            });
        }
        if a.options != b.options {
            self.changes.push(Change::SetTableOptions {
                table: self.tname(),
                from: a.options.clone(),
                to: b.options.clone(),
            });
        }
    }
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
                    from: Box::new(to.clone()),
                    to: Box::new(to.clone()),
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
