//! Plan: order the diff's changes so the database accepts them and render them as SQL for a
//! dialect. Order (by phase): drop views and routines; drop foreign keys; drop indexes, checks
//! and keys; renames; create namespaces, types, sequences; create tables; add and alter
//! columns, SQLite rebuilds; drop columns; add keys, indexes, checks; drop tables, then the
//! types and sequences they used; add foreign keys; create views and routines.
//!
//! Identifiers are always quoted by the dialect, so a name like `a"; DROP TABLE x; --` stays
//! one identifier.

mod render;

use crate::checks::Check;
use crate::diff::{diff, Change};
use crate::{Dialect, Schema};
use serde::Serialize;

/// A planned migration between two schemas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Plan {
    /// Dialect.
    pub dialect: Dialect,
    /// Checks to run before any statement; all must return true.
    pub checks: Vec<Check>,
    /// Statements to run before the transaction (SQLite: `PRAGMA foreign_keys = OFF`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pre: Vec<String>,
    /// The statements, in order.
    pub statements: Vec<String>,
    /// Queries to run at the end, inside the transaction, that must return no rows
    /// (SQLite: `PRAGMA foreign_key_check`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub verify: Vec<String>,
    /// Statements to run after the transaction.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub post: Vec<String>,
    /// Run the statements in one transaction (false on MySQL: DDL commits implicitly there).
    pub transactional: bool,
}

impl Plan {
    /// True when there is nothing to do.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.statements.is_empty()
    }

    /// The plan as a SQL script (checks as comments).
    #[must_use]
    pub fn to_sql(&self) -> String {
        let mut out = String::new();
        for c in &self.checks {
            out.push_str(&format!("-- check {} ({}): {}\n", c.code, c.reason, c.sql));
        }
        for s in self.pre.iter().chain(&self.statements).chain(&self.post) {
            // A MySQL routine body holds semicolons: wrap it so the script runs in the
            // mysql client as printed.
            if self.dialect.lexical().delimiter_command && s.contains(';') {
                out.push_str("DELIMITER //\n");
                out.push_str(s);
                out.push_str(" //\nDELIMITER ;\n");
            } else {
                out.push_str(s);
                out.push_str(";\n");
            }
        }
        out
    }
}

fn phase(c: &Change) -> u8 {
    use Change as C;
    match c {
        C::DropView { .. } => 0,
        C::DropOpaque { def } => {
            if def.kind == crate::schema::OpaqueKind::Trigger {
                1
            } else {
                2
            }
        }
        C::DropForeignKey { .. } => 3,
        C::DropIndex { .. } | C::DropCheck { .. } | C::DropPrimaryKey { .. } => 4,
        C::RenameTable { .. }
        | C::RenameColumn { .. }
        | C::RenameIndex { .. }
        | C::RenameConstraint { .. }
        | C::RenameEnum { .. } => 5,
        C::CreateNamespace { .. } | C::CreateExtension { .. } => 6,
        C::CreateEnum { .. }
        | C::AddEnumValue { .. }
        | C::RenameEnumValue { .. }
        | C::CreateSequence { .. } => 7,
        // Renames and OWNED BY: after the owner's table exists, before defaults use the name.
        C::CreateTable { .. } => 8,
        C::AlterSequence { .. }
        | C::AddColumn { .. }
        | C::AlterColumn { .. }
        | C::RecreateEnum { .. }
        | C::RebuildTable { .. } => 9,
        C::DropColumn { .. } => 10,
        C::AddPrimaryKey { .. }
        | C::AddIndex { .. }
        | C::AddCheck { .. }
        | C::SetTableComment { .. }
        | C::SetColumnComment { .. }
        | C::SetTableOptions { .. } => 11,
        C::DropTable { .. } => 12,
        C::DropSequence { .. } | C::DropEnum { .. } => 13,
        C::DropNamespace { .. } | C::DropExtension { .. } => 14,
        C::AddForeignKey { .. } => 15,
        C::CreateOpaque { def } => {
            if def.kind == crate::schema::OpaqueKind::Trigger {
                18
            } else {
                16
            }
        }
        C::CreateView { .. } => 17,
    }
}

/// Order changes so that the database accepts them; stable within a phase.
#[must_use]
pub fn order(d: Dialect, mut changes: Vec<Change>) -> Vec<Change> {
    changes.sort_by_key(phase);
    // Tables are created parents first and dropped children first, so that SQLite (whose
    // foreign keys are inline) and MySQL never see a reference to a missing table.
    sort_tables(d, &mut changes, false);
    sort_tables(d, &mut changes, true);
    free_names_first(d, &mut changes);
    changes
}

/// A name the plan frees (a dropped table or column) and takes again (a table renamed or
/// created under it, a column added under it): the drop goes first, whatever its phase.
fn free_names_first(d: Dialect, changes: &mut Vec<Change>) {
    use Change as C;
    let takes = |c: &Change| match c {
        C::CreateTable { def } => Some((String::new(), d.key(&def.name))),
        C::RenameTable { to, .. } => Some((String::new(), d.key(to))),
        C::AddColumn { table, column, .. } => Some((d.key(table), d.key(&column.name))),
        C::RenameColumn { table, to, .. } => Some((d.key(table), d.key(to))),
        _ => None,
    };
    let frees = |c: &Change| match c {
        C::DropTable { def } => Some((String::new(), d.key(&def.name))),
        C::DropColumn { table, column } => Some((d.key(table), d.key(&column.name))),
        _ => None,
    };
    // Plans of thousands of tables pass here (`schema inspect` renders one): look for a
    // clash once, and scan only when there is one.
    let released: std::collections::HashSet<(String, String)> =
        changes.iter().filter_map(frees).collect();
    if released.is_empty()
        || !changes
            .iter()
            .filter_map(takes)
            .any(|n| released.contains(&n))
    {
        return;
    }
    let mut i = 0;
    while i < changes.len() {
        if let Some(name) = takes(&changes[i]).filter(|n| released.contains(n)) {
            if let Some(j) =
                (i + 1..changes.len()).find(|&j| frees(&changes[j]).as_ref() == Some(&name))
            {
                let drop = changes.remove(j);
                changes.insert(i, drop);
                i += 1;
            }
        }
        i += 1;
    }
}

/// Reorder the table creates (`drops`: the table drops) in place, by foreign keys. Within a
/// phase they are contiguous, so the slots they occupy are refilled in dependency order.
fn sort_tables(d: Dialect, changes: &mut [Change], drops: bool) {
    let slots: Vec<usize> = changes
        .iter()
        .enumerate()
        .filter(|(_, c)| match c {
            Change::CreateTable { .. } => !drops,
            Change::DropTable { .. } => drops,
            _ => false,
        })
        .map(|(i, _)| i)
        .collect();
    let tables: Vec<&crate::schema::Table> = slots
        .iter()
        .filter_map(|&i| match &changes[i] {
            Change::CreateTable { def } | Change::DropTable { def } => Some(&**def),
            _ => None,
        })
        .collect();
    // The k-th slot takes the change now in slot `order[k]`: the permutation is applied by
    // swaps along its cycles, so no table is copied.
    let order = topo(d, &tables, drops);
    let mut placed = vec![false; order.len()];
    for start in 0..order.len() {
        let mut k = start;
        while !placed[k] {
            placed[k] = true;
            let from = order[k];
            if from == start {
                break;
            }
            changes.swap(slots[k], slots[from]);
            k = from;
        }
    }
}

/// The order of `tables` (positions): parents before children (`reverse`: children before
/// parents); among tables that are ready the input order wins, and a cycle is broken at the
/// earliest remaining table.
/// Kahn's algorithm over name keys: linear in tables and keys, which matters when a revert
/// drops thousands of tables.
fn topo(d: Dialect, tables: &[&crate::schema::Table], reverse: bool) -> Vec<usize> {
    use foldhash::HashMap;
    use std::collections::BTreeSet;
    let n = tables.len();
    let index: HashMap<String, usize> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| (d.key(&t.name), i))
        .collect();
    // edges[a] lists the tables that must wait for a; waiting[b] counts what b waits for.
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut waiting = vec![0usize; n];
    for (i, t) in tables.iter().enumerate() {
        let mut parents: Vec<usize> = t
            .foreign_keys
            .iter()
            .filter_map(|f| index.get(&d.key(&f.ref_table)).copied())
            .filter(|&j| j != i)
            .collect();
        parents.sort_unstable();
        parents.dedup();
        for j in parents {
            let (first, then) = if reverse { (i, j) } else { (j, i) };
            edges[first].push(then);
            waiting[then] += 1;
        }
    }
    let mut ready: BTreeSet<usize> = (0..n).filter(|&i| waiting[i] == 0).collect();
    let mut done = vec![false; n];
    let mut order = Vec::with_capacity(n);
    while order.len() < n {
        let next = match ready.pop_first() {
            Some(i) => i,
            // A cycle: take the earliest table still waiting.
            None => (0..n).find(|&i| !done[i]).unwrap_or(0),
        };
        if done[next] {
            continue;
        }
        done[next] = true;
        order.push(next);
        for &m in &edges[next] {
            waiting[m] = waiting[m].saturating_sub(1);
            if waiting[m] == 0 && !done[m] {
                ready.insert(m);
            }
        }
    }
    order
}

/// The plan from `from` to `to` where `from` did not come from `to`'s lineage (an inspected
/// database, a schema file): [`crate::diff::reconcile`] first, then [`plan`] — what every
/// surface's "compare two schemas" calls.
#[must_use]
pub fn compare(from: &Schema, to: &Schema) -> Plan {
    plan(&crate::diff::reconcile(from, to), to)
}

/// Plan the statements that take a database from `from` to `to`.
///
/// `from` and `to` should share a lineage (identities) for renames to be planned as renames.
#[must_use]
pub fn plan(from: &Schema, to: &Schema) -> Plan {
    let d = to.dialect;
    let df = diff(from, to);
    let changes = order(d, df.changes);
    let mut p = Plan {
        dialect: d,
        checks: df.checks,
        transactional: d.transactional_ddl(),
        ..Plan::default()
    };
    let r = render::Renderer::new(d, to);
    let mut rebuild = false;
    for c in &changes {
        if matches!(c, Change::RebuildTable { .. }) {
            rebuild = true;
        }
        p.statements.extend(r.statements(c));
    }
    if rebuild && !d.alters_in_place() {
        // Foreign key enforcement cannot change inside a transaction: it is switched off
        // around it and the keys are verified before commit.
        p.pre.push("PRAGMA foreign_keys = OFF".into());
        p.verify.push("PRAGMA foreign_key_check".into());
        p.post.push("PRAGMA foreign_keys = ON".into());
    }
    p
}

pub use render::{column_definition, create_table_sql, qualified};
