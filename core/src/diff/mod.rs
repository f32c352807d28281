//! Identity-aware diff: `Schema × Schema → Vec<Change>` plus the data checks the changes need.
//!
//! Objects are matched by identity when both sides share a lineage (replay of one directory),
//! else by name. A matched pair whose names differ is a rename, so reverting a rename renames
//! back instead of dropping and re-adding (which would lose the column's data). Output order is
//! deterministic (sorted by name); the planner reorders by dependency.

mod change;
mod reconcile;
mod table;

pub use change::Change;
pub use reconcile::reconcile;
use table::diff_table;

use crate::checks::{self, Check};
use crate::schema::{EnumType, Index, Opaque, OpaqueKind, Schema, Sequence, Table, View};
use crate::sql::expr::{mentions_any, rename_in_expr};
use crate::Dialect;
use foldhash::{HashMap, HashMapExt, HashSet};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

/// Changes and the checks that prove they lose no data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Diff {
    /// Changes, in a deterministic order (not yet dependency-ordered).
    pub changes: Vec<Change>,
    /// Data checks, named in terms of the `from` schema.
    pub checks: Vec<Check>,
}

pub(super) fn matched<'a, T>(
    from: &'a [T],
    to: &'a [T],
    id: impl Fn(&T) -> u64,
    key: impl Fn(&T) -> String,
) -> (Vec<(&'a T, &'a T)>, Vec<&'a T>, Vec<&'a T>) {
    // Hash lookups, not scans: a schema of thousands of tables pairs in linear time.
    let mut by_id: HashMap<u64, usize> = HashMap::with_capacity(from.len());
    for (i, a) in from.iter().enumerate() {
        let x = id(a);
        if x != 0 {
            by_id.entry(x).or_insert(i);
        }
    }
    let to_ids: HashSet<u64> = to.iter().map(&id).collect();
    let mut used = vec![false; from.len()];
    let mut pairs = Vec::new();
    let mut added = Vec::new();
    // Identity first (the first element of `from` with it); then names among what identity
    // left over, where neither side's identity says otherwise.
    let mut pending = Vec::new();
    for b in to {
        let bid = id(b);
        match (bid != 0).then(|| by_id.get(&bid)).flatten() {
            Some(&i) if !used[i] => {
                used[i] = true;
                pairs.push((&from[i], b));
            }
            _ => pending.push(b),
        }
    }
    // Names only for what identity did not pair (usually nothing: a schema diffed against
    // its own lineage pairs every object by identity).
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
    if !pending.is_empty() {
        for (i, a) in from.iter().enumerate() {
            by_key.entry(key(a)).or_default().push(i);
        }
    }
    for b in pending {
        let bid = id(b);
        let hit = by_key.get(&key(b)).and_then(|at| {
            at.iter().copied().find(|&i| {
                let aid = id(&from[i]);
                !used[i] && (aid == 0 || bid == 0 || !to_ids.contains(&aid))
            })
        });
        match hit {
            Some(i) => {
                used[i] = true;
                pairs.push((&from[i], b));
            }
            None => added.push(b),
        }
    }
    let removed = from
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(a, _)| a)
        .collect();
    (pairs, removed, added)
}

/// The changes from `from` to `to` where `from` did not come from `to`'s lineage (a live
/// database's inspection, a schema file, another directory): [`reconcile`] first, so that
/// spellings equivalent to `to`'s are not reported as changes, then [`diff`].
#[must_use]
pub fn compare(from: &Schema, to: &Schema) -> Diff {
    diff(&reconcile(from, to), to)
}

/// Compute the changes that turn `from` into `to`.
#[must_use]
pub fn diff(from: &Schema, to: &Schema) -> Diff {
    let mut out = Diff::default();
    namespaces_and_extensions(from, to, &mut out.changes);
    let enum_renames = enums(from, to, &mut out);
    let by_key = (TablesByKey::new(from), TablesByKey::new(to));
    sequences(from, to, &by_key, &mut out.changes);
    let changed_tables = tables(from, to, &by_key, &enum_renames, &mut out);
    views(from, to, &changed_tables, &mut out.changes);
    routines_and_triggers(from, to, &mut out.changes);
    rebuild_indexes_over_recreated_enums(from, to, &mut out.changes);
    out
}

fn namespaces_and_extensions(from: &Schema, to: &Schema, ch: &mut Vec<Change>) {
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
}

/// PostgreSQL enum types: labels appended, renamed, or the type recreated (with a check that
/// no row holds a label that goes). Returns the renames of types, old name → new.
fn enums(from: &Schema, to: &Schema, out: &mut Diff) -> BTreeMap<String, String> {
    let d = to.dialect;
    let ch = &mut out.changes;
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
    enum_renames
}

/// A serial sequence's owning column: by identities, or by name keys.
#[derive(PartialEq, Eq, Hash)]
enum Owner {
    Ids(u64, u64),
    Names(String, String),
}

fn sequences(
    from: &Schema,
    to: &Schema,
    (ft, tt): &(TablesByKey<'_>, TablesByKey<'_>),
    ch: &mut Vec<Change>,
) {
    let d = to.dialect;
    // A serial column's sequence on both sides (its column stays): one sequence, renamed if
    // PostgreSQL named it differently (`t_id_seq1` beside a renamed table's `t_id_seq`).
    // Paired by the owner's identity first (a table renamed to a backup keeps its sequence),
    // then by the owner's name among the rest (a table replaced by one of the same name).
    let owner = |tables: &TablesByKey<'_>, q: &Sequence, by_id: bool| {
        let (t, c) = q.owned_by.as_ref().filter(|_| tables.serial_owned(q))?;
        let table = tables.get(t)?;
        let column = table.column(d, c)?;
        if by_id {
            (table.id != 0 && column.id != 0).then_some(Owner::Ids(table.id, column.id))
        } else {
            Some(Owner::Names(d.key(t), d.key(c)))
        }
    };
    // Pairs of positions in `from.sequences` and `to.sequences`; each `from` sequence takes the
    // first free `to` sequence with the same owner.
    let mut same_owner: Vec<(usize, usize)> = Vec::new();
    let mut paired = (
        vec![false; from.sequences.len()],
        vec![false; to.sequences.len()],
    );
    for by_id in [true, false] {
        let mut by_owner: HashMap<Owner, Vec<usize>> = HashMap::new();
        for (j, b) in to.sequences.iter().enumerate() {
            if let Some(o) = owner(tt, b, by_id) {
                by_owner.entry(o).or_default().push(j);
            }
        }
        for (i, a) in from.sequences.iter().enumerate() {
            if paired.0[i] {
                continue;
            }
            let Some(o) = owner(ft, a, by_id) else {
                continue;
            };
            let free_b = by_owner
                .get(&o)
                .and_then(|js| js.iter().copied().find(|&j| !paired.1[j]));
            if let Some(j) = free_b {
                paired.0[i] = true;
                paired.1[j] = true;
                same_owner.push((i, j));
            }
        }
    }
    // Other sequences, and serial ones under another than the default name (which
    // `serial` cannot re-create): those follow their column.
    let free = |s: &Schema, tables: &TablesByKey<'_>, paired: &[bool]| -> Vec<Sequence> {
        s.sequences
            .iter()
            .zip(paired)
            .filter(|(q, p)| !**p && (!tables.serial_owned(q) || !default_serial_name(q)))
            .map(|(q, _)| (**q).clone())
            .collect()
    };
    let same_owner: Vec<(&Sequence, &Sequence)> = same_owner
        .into_iter()
        .map(|(i, j)| (&*from.sequences[i], &*to.sequences[j]))
        .collect();
    for (a, b) in &same_owner {
        // The owner is the same column whatever its table is called now.
        let a2 = Sequence {
            id: b.id,
            owned_by: b.owned_by.clone(),
            ..(*a).clone()
        };
        if a2 != **b {
            ch.push(Change::AlterSequence {
                from: Box::new((*a).clone()),
                to: Box::new((*b).clone()),
            });
        }
    }
    let (fa, fb) = (free(from, ft, &paired.0), free(to, tt, &paired.1));
    let (pairs, removed, added) = matched(&fa, &fb, |q| q.id, |q| q.name.clone());
    for (a, b) in pairs {
        let mut a2 = a.clone();
        a2.id = b.id;
        if a2 != *b {
            ch.push(Change::AlterSequence {
                from: Box::new(a.clone()),
                to: Box::new(b.clone()),
            });
        }
    }
    for q in added {
        // Created before its owner's table may exist; owned once the tables are there.
        let bare = Sequence {
            owned_by: None,
            ..q.clone()
        };
        ch.push(Change::CreateSequence {
            def: Box::new(bare.clone()),
        });
        if q.owned_by.is_some() {
            ch.push(Change::AlterSequence {
                from: Box::new(bare),
                to: Box::new(q.clone()),
            });
        }
    }
    for q in removed {
        // A sequence owned by a column goes with its table or column.
        // (By identity where there is one: a table of that name may be another table now.)
        let owner_goes = q.owned_by.as_ref().is_some_and(|(t, c)| {
            match ft.get(t).map(|t| t.id).filter(|id| *id != 0) {
                Some(id) => !tt.ids.contains(&id),
                None => tt.get(t).and_then(|t| t.column(d, c)).is_none(),
            }
        });
        if !owner_goes {
            ch.push(Change::DropSequence {
                def: Box::new(q.clone()),
            });
        }
    }
}

/// Tables matched by identity, then name: renamed, diffed ([`diff_table`]), created, dropped.
/// Returns the name keys of the tables that change (views reading them are recreated).
fn tables(
    from: &Schema,
    to: &Schema,
    (from_tables, to_tables): &(TablesByKey<'_>, TablesByKey<'_>),
    enum_renames: &BTreeMap<String, String>,
    out: &mut Diff,
) -> BTreeSet<String> {
    let d = to.dialect;
    let ch = &mut out.changes;
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
        let cx = table::Context {
            from,
            to,
            from_tables,
            to_tables,
            table_renames: &table_renames,
            enum_renames,
        };
        diff_table(&cx, a, b, &mut out.checks, ch);
        if ch.len() > before {
            changed_tables.insert(d.key(&a.name));
            changed_tables.insert(d.key(&b.name));
        }
    }
    for t in &added {
        ch.push(Change::CreateTable { def: (*t).clone() });
        // Where ALTER TABLE cannot add them (SQLite) foreign keys stay inline; elsewhere they are
        // added once every table exists.
        if d.alters_in_place() {
            for f in &t.foreign_keys {
                ch.push(Change::AddForeignKey {
                    table: t.name.clone(),
                    key: f.clone(),
                });
            }
        }
    }
    // Keys between dropped tables go first, so that cycles do not block the drops.
    if d.alters_in_place() {
        let dropped: HashSet<String> = removed.iter().map(|r| d.key(&r.name)).collect();
        for t in &removed {
            for f in &t.foreign_keys {
                let other = !d.same_name(&f.ref_table, &t.name);
                if other && dropped.contains(&d.key(&f.ref_table)) {
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
    changed_tables
}

/// Views: changed ones, and those that read a changed table, are dropped and recreated.
fn views(from: &Schema, to: &Schema, changed_tables: &BTreeSet<String>, ch: &mut Vec<Change>) {
    let d = to.dialect;
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
}

/// Functions, procedures, triggers: by kind and name, compared by definition text. SQLite
/// rebuilds drop a table's triggers, so those are recreated too.
fn routines_and_triggers(from: &Schema, to: &Schema, ch: &mut Vec<Change>) {
    let d = to.dialect;
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
    // An object stays when the other side has it with the same definition, unless its table
    // is rebuilt (a rebuild drops the table's triggers): otherwise it is dropped or created.
    let (in_from, in_to) = (opaque_by_key(from), opaque_by_key(to));
    let stays = |o: &Opaque, other: &HashMap<(OpaqueKind, &str), &Opaque>| {
        other
            .get(&(o.kind, o.name.as_str()))
            .is_some_and(|x| x.definition == o.definition)
            && !o
                .table
                .as_ref()
                .is_some_and(|t| rebuilt.contains(&d.key(t)))
    };
    ch.extend(
        from.opaque
            .iter()
            .filter(|o| !stays(o, &in_to))
            .map(|o| Change::DropOpaque { def: o.clone() }),
    );
    ch.extend(
        to.opaque
            .iter()
            .filter(|o| !stays(o, &in_from))
            .map(|o| Change::CreateOpaque { def: o.clone() }),
    );
}

/// A schema's functions and triggers by kind and name (the first of a name, where a
/// migration left two).
fn opaque_by_key(s: &Schema) -> HashMap<(OpaqueKind, &str), &Opaque> {
    let mut m = HashMap::new();
    for o in &s.opaque {
        m.entry((o.kind, o.name.as_str())).or_insert(o);
    }
    m
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
                .map(|x| &**x)
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
                        index: Box::new(before.clone()),
                    });
                }
                extra.push(Change::AddIndex {
                    table: tname.clone(),
                    index: Box::new(i.clone()),
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

/// Whether a default is `nextval('<sequence>'::regclass)`, the sequence named as PostgreSQL
/// prints it (without building that text for every column: the diff asks for every sequence).
pub(crate) fn is_nextval_of(default: &str, sequence: &str) -> bool {
    default
        .strip_prefix("nextval('")
        .and_then(|r| r.strip_suffix("'::regclass)"))
        .is_some_and(|name| Dialect::pg_ident_is(name, sequence))
}

/// A schema's tables by name key and their identities: the loops over sequences and foreign keys ask for a
/// table per sequence, and a scan each time would make them quadratic.
pub(super) struct TablesByKey<'s> {
    d: Dialect,
    by_key: HashMap<Cow<'s, str>, &'s Table>,
    ids: HashSet<u64>,
}

impl<'s> TablesByKey<'s> {
    pub(super) fn new(s: &'s Schema) -> Self {
        let d = s.dialect;
        let mut by_key = HashMap::with_capacity(s.tables.len());
        for t in &s.tables {
            by_key.entry(d.key_ref(&t.name)).or_insert(&**t);
        }
        let ids = s
            .tables
            .iter()
            .map(|t| t.id)
            .filter(|id| *id != 0)
            .collect();
        TablesByKey { d, by_key, ids }
    }

    pub(super) fn get(&self, name: &str) -> Option<&'s Table> {
        self.by_key
            .get(&*self.d.key_ref(name))
            .copied()
            .filter(|t| self.d.same_name(&t.name, name))
    }

    /// A sequence created by a `serial` column: it follows the column and is not planned
    /// apart.
    fn serial_owned(&self, q: &Sequence) -> bool {
        let Some((t, c)) = &q.owned_by else {
            return false;
        };
        self.get(t)
            .and_then(|t| t.column(self.d, c))
            .and_then(|c| c.default.as_deref())
            .is_some_and(|v| is_nextval_of(v, &q.name))
    }
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
pub(super) fn renamed_view_of<'a>(
    d: Dialect,
    a: &'a Table,
    col_renames: &BTreeMap<String, String>,
    table_renames: &BTreeMap<String, String>,
    enum_renames: &BTreeMap<String, String>,
) -> Cow<'a, Table> {
    let untouched = col_renames.is_empty()
        && (enum_renames.is_empty() || !a.columns.iter().any(|c| enum_renames.contains_key(&c.ty)))
        && (table_renames.is_empty()
            || !a
                .foreign_keys
                .iter()
                .any(|f| table_renames.contains_key(&d.key(&f.ref_table))));
    if untouched {
        // Most pairs: nothing to rename, so no copy of the table.
        return Cow::Borrowed(a);
    }
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
    Cow::Owned(t)
}

/// The labels of PostgreSQL enum type `to_ty` when a column of type `from_ty` becoming it may
/// hold other values: it was text (or anything else), or an enum with labels `to_ty` lacks.
pub(super) fn labels_not_covered<'a>(
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
