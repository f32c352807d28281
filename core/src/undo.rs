//! Three-way revert: the live schema with the reverted files' changes undone, and nothing else.
//!
//! A down plan goes from the live database to the schema this module computes. The reverted
//! files changed the replayed schema from `goal` (the target version) to `base` (the head);
//! undoing them on `live` means: every object and attribute they created, dropped or changed
//! goes back to what `goal` says, and everything they did not touch stays exactly as it is live
//! — a hand-made index, a hotfix table, a default someone changed by hand. Objects are matched
//! by identity: `live` must carry `base`'s identities (see [`crate::diff::reconcile`]).
//!
//! Attribute-level merging goes through each object's serialized form, so a field added to the
//! model later is merged like every other without touching this module.
//!
//! Must not: plan statements (that is [`crate::plan`]) or decide what loses data (the checks of
//! the plan from `live` to the result still guard every row).

use crate::schema::{
    CheckConstraint, Column, EnumType, ForeignKey, Id, Index, Opaque, Schema, Sequence, Table, View,
};
use crate::Dialect;
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;

/// What [`undo`] computed.
#[derive(Debug, Clone)]
pub struct Undone {
    /// The schema the database must have after the revert.
    pub schema: Schema,
    /// Objects the files never created that cannot survive the revert (an index made by hand
    /// on a column the revert drops), one line each.
    pub casualties: Vec<String>,
}

/// `live` with the changes that lead from `goal` to `base` undone. `base` and `goal` share a
/// lineage (replays of one directory); `live` carries `base`'s identities where it matches it.
#[must_use]
pub fn undo(live: &Schema, base: &Schema, goal: &Schema) -> Undone {
    let d = live.dialect;
    let mut live = live.clone();
    adopt_goal_ids(&mut live, goal);
    let mut out = live.clone();
    out.tables = merge_list(d, &base.tables, &goal.tables, &live.tables, |b, g, l| {
        merge_table(d, b, g, l)
    });
    out.views = merge_list(d, &base.views, &goal.views, &live.views, pick);
    out.enums = merge_list(d, &base.enums, &goal.enums, &live.enums, pick);
    out.sequences = merge_list(d, &base.sequences, &goal.sequences, &live.sequences, pick);
    out.opaque = merge_list(d, &base.opaque, &goal.opaque, &live.opaque, pick);
    out.namespaces = merge_names(&base.namespaces, &goal.namespaces, &live.namespaces);
    out.extensions = merge_names(&base.extensions, &goal.extensions, &live.extensions);
    out.next_id = out.next_id.max(goal.next_id).max(base.next_id);
    follow_renames(d, base, goal, &mut out);
    let casualties = drop_dangling(d, base, &mut out);
    out.tables.sort_by_key(|t| d.key(&t.name));
    Undone {
        schema: out,
        casualties,
    }
}

/// An object of the model that [`merge_list`] can match across the three schemas.
trait Object: Clone + Serialize + DeserializeOwned {
    /// Identity (0: none).
    fn id(&self) -> Id;
    /// Set the identity.
    fn set_id(&mut self, id: Id);
    /// Name key under the dialect's case rules (what matches objects without identity).
    fn key(&self, d: Dialect) -> String;
}

macro_rules! object {
    ($t:ty, |$s:ident, $d:ident| $key:expr) => {
        impl Object for $t {
            fn id(&self) -> Id {
                self.id
            }
            fn set_id(&mut self, id: Id) {
                self.id = id;
            }
            fn key(&$s, $d: Dialect) -> String {
                $key
            }
        }
    };
}
object!(Table, |self, d| d.key(&self.name));
/// A shared object (a table, a sequence): copied only when its identity changes.
impl<T: Object> Object for Arc<T> {
    fn id(&self) -> Id {
        (**self).id()
    }
    fn set_id(&mut self, id: Id) {
        if self.id() != id {
            Arc::make_mut(self).set_id(id);
        }
    }
    fn key(&self, d: Dialect) -> String {
        (**self).key(d)
    }
}
object!(Column, |self, d| d.key(&self.name));
object!(View, |self, d| d.key(&self.name));
object!(EnumType, |self, _d| self.name.clone());
object!(Sequence, |self, _d| self.name.clone());
object!(Index, |self, d| match &self.name {
    Some(n) => d.key(n),
    None => format!(
        "({})",
        serde_json::to_string(&self.parts).unwrap_or_default()
    ),
});
object!(ForeignKey, |self, d| match &self.name {
    Some(n) => d.key(n),
    None => format!("({})", self.columns.join(",")),
});
object!(CheckConstraint, |self, d| match &self.name {
    Some(n) => d.key(n),
    None => format!("({})", self.expr),
});

impl Object for Opaque {
    fn id(&self) -> Id {
        0
    }
    fn set_id(&mut self, _: Id) {}
    fn key(&self, d: Dialect) -> String {
        format!("{:?} {}", self.kind, d.key(&self.name))
    }
}

/// Two objects are the same one: same identity, or same name where one has no identity.
fn same<T: Object>(d: Dialect, a: &T, b: &T) -> bool {
    if a.id() != 0 && b.id() != 0 {
        a.id() == b.id()
    } else {
        a.key(d) == b.key(d)
    }
}

/// Give a live object without identity the identity of the `goal` object of its name when no
/// live object has that identity: the revert brings that object back, and the database already
/// has one of that name (a revert that stopped half-way, or one re-created by hand).
fn adopt_goal_ids(live: &mut Schema, goal: &Schema) {
    let d = live.dialect;
    adopt(d, &mut live.tables, &goal.tables);
    let goal_tables = goal.tables_by_id();
    for t in &mut live.tables {
        let unknown = t.columns.iter().any(|c| c.id == 0)
            || t.indexes.iter().any(|i| i.id == 0)
            || t.foreign_keys.iter().any(|f| f.id == 0)
            || t.checks.iter().any(|c| c.id == 0);
        if !unknown {
            continue;
        }
        if let Some(g) = goal_tables.get(&t.id) {
            let t = Arc::make_mut(t);
            adopt(d, &mut t.columns, &g.columns);
            adopt(d, &mut t.indexes, &g.indexes);
            adopt(d, &mut t.foreign_keys, &g.foreign_keys);
            adopt(d, &mut t.checks, &g.checks);
        }
    }
    adopt(d, &mut live.views, &goal.views);
    adopt(d, &mut live.enums, &goal.enums);
    adopt(d, &mut live.sequences, &goal.sequences);
}

fn adopt<T: Object>(d: Dialect, live: &mut [T], goal: &[T]) {
    let taken: HashSet<Id> = live.iter().map(Object::id).filter(|&i| i != 0).collect();
    for l in live.iter_mut().filter(|l| l.id() == 0) {
        if let Some(g) = goal
            .iter()
            .find(|g| g.id() != 0 && !taken.contains(&g.id()) && g.key(d) == l.key(d))
        {
            l.set_id(g.id());
        }
    }
}

/// Merge one collection: objects the files created go, objects they dropped come back (from
/// `goal`), objects in both go through `merge`, and live objects the files never knew stay.
fn merge_list<T: Object>(
    d: Dialect,
    base: &[T],
    goal: &[T],
    live: &[T],
    merge: impl Fn(&T, &T, &T) -> T,
) -> Vec<T> {
    let by_id = |xs: &[T]| -> HashMap<Id, usize> {
        xs.iter()
            .enumerate()
            .filter(|(_, x)| x.id() != 0)
            .map(|(i, x)| (x.id(), i))
            .collect()
    };
    let (base_ids, goal_ids) = (by_id(base), by_id(goal));
    let find = |xs: &[T], ids: &HashMap<Id, usize>, x: &T| -> Option<usize> {
        if x.id() != 0 {
            if let Some(&i) = ids.get(&x.id()) {
                return Some(i);
            }
        }
        xs.iter().position(|y| same(d, x, y))
    };
    let mut out: Vec<T> = Vec::with_capacity(live.len());
    for l in live {
        match (find(base, &base_ids, l), find(goal, &goal_ids, l)) {
            (Some(b), Some(g)) => out.push(merge(&base[b], &goal[g], l)),
            (Some(_), None) => {}
            (None, Some(g)) => out.push(goal[g].clone()),
            (None, None) => out.push(l.clone()),
        }
    }
    // What the files dropped comes back, after the object that precedes it in `goal` (column
    // order matters where the dialect can place a column).
    for (gi, g) in goal.iter().enumerate() {
        if find(base, &base_ids, g).is_some() || out.iter().any(|o| same(d, o, g)) {
            continue;
        }
        insert_after_predecessor(d, &mut out, &goal[..gi], g);
    }
    out
}

/// Insert `x` into `out` right after the last of `before` (the objects that preceded it where
/// it comes from) that `out` has; at the start when none.
fn insert_after_predecessor<T: Object>(d: Dialect, out: &mut Vec<T>, before: &[T], x: &T) {
    let at = before
        .iter()
        .rev()
        .find_map(|prev| out.iter().position(|o| same(d, o, prev)))
        .map_or(0, |p| p + 1);
    out.insert(at, x.clone());
}

/// Attribute-level three-way merge: each field the files changed takes `goal`'s value, every
/// other field keeps `live`'s.
fn pick<T: Object>(base: &T, goal: &T, live: &T) -> T {
    let (Ok(b), Ok(g), Ok(l)) = (
        serde_json::to_value(base),
        serde_json::to_value(goal),
        serde_json::to_value(live),
    ) else {
        return goal.clone();
    };
    if b == g {
        return live.clone();
    }
    let (Value::Object(b), Value::Object(g), Value::Object(mut l)) = (b, g, l) else {
        return goal.clone();
    };
    let keys: HashSet<&String> = b.keys().chain(g.keys()).collect();
    for k in keys {
        if b.get(k) != g.get(k) {
            match g.get(k) {
                Some(v) => l.insert(k.clone(), v.clone()),
                None => l.remove(k),
            };
        }
    }
    let mut merged: T = serde_json::from_value(Value::Object(l)).unwrap_or_else(|_| goal.clone());
    merged.set_id(live.id());
    merged
}

fn merge_table(d: Dialect, base: &Table, goal: &Table, live: &Arc<Table>) -> Arc<Table> {
    if base == goal {
        return Arc::clone(live);
    }
    let without_parts = |t: &Table| Table {
        columns: Vec::new(),
        indexes: Vec::new(),
        foreign_keys: Vec::new(),
        checks: Vec::new(),
        ..t.clone()
    };
    let mut t = pick(
        &without_parts(base),
        &without_parts(goal),
        &without_parts(live),
    );
    t.columns = merge_list(d, &base.columns, &goal.columns, &live.columns, pick);
    if order(&base.columns, &goal.columns) != order(&goal.columns, &base.columns) {
        // The files moved columns (MySQL `… AFTER`): the columns they know take `goal`'s
        // order; a column made by hand stays after the column it followed.
        t.columns = reorder(d, &t.columns, &goal.columns);
    }
    // Order is part of a SQLite table's definition (a rebuild writes its keys in this
    // order): what `goal` has keeps `goal`'s order.
    t.indexes = reorder(
        d,
        &merge_list(d, &base.indexes, &goal.indexes, &live.indexes, pick),
        &goal.indexes,
    );
    t.foreign_keys = reorder(
        d,
        &merge_list(
            d,
            &base.foreign_keys,
            &goal.foreign_keys,
            &live.foreign_keys,
            pick,
        ),
        &goal.foreign_keys,
    );
    t.checks = reorder(
        d,
        &merge_list(d, &base.checks, &goal.checks, &live.checks, pick),
        &goal.checks,
    );
    t.into()
}

/// Identities of `a`'s columns that `b` has too, in `a`'s order.
fn order(a: &[Column], b: &[Column]) -> Vec<Id> {
    a.iter()
        .map(|c| c.id)
        .filter(|id| *id != 0 && b.iter().any(|x| x.id == *id))
        .collect()
}

/// `items` with those `goal` has in `goal`'s order; the others stay after the item they
/// followed.
fn reorder<T: Object>(d: Dialect, items: &[T], goal: &[T]) -> Vec<T> {
    let known = |c: &T| goal.iter().any(|g| same(d, g, c));
    let mut out: Vec<T> = goal
        .iter()
        .filter_map(|g| items.iter().find(|c| same(d, g, *c)).cloned())
        .collect();
    for (i, c) in items.iter().enumerate().filter(|(_, c)| !known(c)) {
        insert_after_predecessor(d, &mut out, &items[..i], c);
    }
    out
}

fn merge_names(base: &[String], goal: &[String], live: &[String]) -> Vec<String> {
    let mut out: Vec<String> = live
        .iter()
        .filter(|n| !base.contains(n) || goal.contains(n))
        .cloned()
        .collect();
    for n in goal {
        if !base.contains(n) && !out.contains(n) {
            out.push(n.clone());
        }
    }
    out
}

/// Objects the files never knew refer to tables and columns by name; where the revert
/// renames those back, the database renames the references with them.
fn follow_renames(d: Dialect, base: &Schema, goal: &Schema, out: &mut Schema) {
    let mut tables: HashMap<String, String> = HashMap::new();
    let mut columns: HashMap<String, BTreeMap<String, String>> = HashMap::new();
    let goal_tables = goal.tables_by_id();
    for b in &base.tables {
        let Some(g) = goal_tables.get(&b.id) else {
            continue;
        };
        if b.name != g.name {
            tables.insert(d.key(&b.name), g.name.clone());
        }
        let renamed: BTreeMap<String, String> = b
            .columns
            .iter()
            .filter_map(|c| {
                let gc = g.columns.iter().find(|x| x.id != 0 && x.id == c.id)?;
                (gc.name != c.name).then(|| (d.key(&c.name), gc.name.clone()))
            })
            .collect();
        if !renamed.is_empty() {
            columns.insert(d.key(&g.name), renamed);
        }
    }
    if tables.is_empty() && columns.is_empty() {
        return;
    }
    let known = |id: Id, ids: &HashSet<Id>| id != 0 && ids.contains(&id);
    let base_ids = base_identities(base);
    let rename = |map: Option<&BTreeMap<String, String>>, c: &mut String| {
        if let Some(to) = map.and_then(|m| m.get(&d.key(c))) {
            c.clone_from(to);
        }
    };
    for t in &mut out.tables {
        let own = columns.get(&d.key(&t.name));
        let refers = |f: &ForeignKey| {
            let k = d.key(&f.ref_table);
            tables.contains_key(&k) || columns.contains_key(&k)
        };
        // A table with nothing to rename stays shared with the live schema.
        if own.is_none() && !t.foreign_keys.iter().any(refers) {
            continue;
        }
        let t = Arc::make_mut(t);
        for i in t.indexes.iter_mut().filter(|i| !known(i.id, &base_ids)) {
            for p in i.parts.iter_mut().filter(|p| !p.expr) {
                rename(own, &mut p.column);
            }
        }
        for f in t
            .foreign_keys
            .iter_mut()
            .filter(|f| !known(f.id, &base_ids))
        {
            for c in &mut f.columns {
                rename(own, c);
            }
            if let Some(to) = tables.get(&d.key(&f.ref_table)) {
                f.ref_table.clone_from(to);
            }
            let theirs = columns.get(&d.key(&f.ref_table));
            for c in &mut f.ref_columns {
                rename(theirs, c);
            }
        }
    }
}

fn base_identities(s: &Schema) -> HashSet<Id> {
    let mut ids = HashSet::new();
    for t in &s.tables {
        ids.insert(t.id);
        ids.extend(t.indexes.iter().map(|i| i.id));
        ids.extend(t.foreign_keys.iter().map(|f| f.id));
        ids.extend(t.checks.iter().map(|c| c.id));
    }
    ids.remove(&0);
    ids
}

/// Remove the objects the files never knew that refer to a column or table the revert
/// removes (the database would drop them with it, or refuse the drop); name each.
fn drop_dangling(d: Dialect, base: &Schema, out: &mut Schema) -> Vec<String> {
    let base_ids = base_identities(base);
    let foreign = |id: Id| id == 0 || !base_ids.contains(&id);
    let tables: HashMap<String, HashSet<String>> = out
        .tables
        .iter()
        .map(|t| {
            (
                d.key(&t.name),
                t.columns.iter().map(|c| d.key(&c.name)).collect(),
            )
        })
        .collect();
    let base_tables = crate::diff::TablesByKey::new(base);
    let mut gone = Vec::new();
    for t in &mut out.tables {
        let cols = &tables[&d.key(&t.name)];
        let has = |c: &String| cols.contains(&d.key(c));
        let keep_index =
            |i: &Index| !foreign(i.id) || i.parts.iter().all(|p| p.expr || has(&p.column));
        let keep_fk = |f: &ForeignKey| {
            let target = tables.get(&d.key(&f.ref_table));
            !foreign(f.id)
                || (f.columns.iter().all(has)
                    && target.is_some_and(|r| f.ref_columns.iter().all(|c| r.contains(&d.key(c)))))
        };
        let missing: Vec<String> = base_tables
            .get(&t.name)
            .map(|b| {
                b.columns
                    .iter()
                    .map(|c| d.key(&c.name))
                    .filter(|c| !cols.contains(c))
                    .collect()
            })
            .unwrap_or_default();
        let keep_check = |c: &CheckConstraint| {
            !foreign(c.id) || !crate::sql::expr::mentions_any(d, &c.expr, &missing)
        };
        // A table that loses nothing stays shared with the live schema.
        if t.indexes.iter().all(keep_index)
            && t.foreign_keys.iter().all(keep_fk)
            && t.checks.iter().all(keep_check)
        {
            continue;
        }
        let t = Arc::make_mut(t);
        let name = |n: &Option<String>| n.clone().unwrap_or_else(|| "(unnamed)".into());
        t.indexes.retain(|i| {
            let keep = keep_index(i);
            if !keep {
                gone.push(format!("index {} on {}", name(&i.name), t.name));
            }
            keep
        });
        t.foreign_keys.retain(|f| {
            let keep = keep_fk(f);
            if !keep {
                gone.push(format!("foreign key {} on {}", name(&f.name), t.name));
            }
            keep
        });
        t.checks.retain(|c| {
            let keep = keep_check(c);
            if !keep {
                gone.push(format!("check {} on {}", name(&c.name), t.name));
            }
            keep
        });
    }
    gone
}
