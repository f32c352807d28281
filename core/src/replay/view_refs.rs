//! Views follow renames on PostgreSQL and SQLite. PostgreSQL stores a view's query against the
//! tables and columns themselves, so `RENAME COLUMN` / `RENAME TO` change what the view's
//! definition reads as; SQLite (≥ 3.25) rewrites the stored `CREATE VIEW` text. Replay does the
//! same to its copy of the query, so that a down plan that has to recreate a view recreates it as
//! the server holds it at that version, not as it was first written. MySQL/MariaDB views keep
//! their text (a rename leaves them invalid), so nothing happens there.
//!
//! A query that cannot be parsed back is left alone.

use crate::schema::Schema;
use crate::{normalize, Dialect};
use sqlparser::ast::{self, Expr, Ident, SelectItem, TableFactor, VisitMut, VisitorMut};
use sqlparser::parser::Parser;
use std::ops::ControlFlow;

fn follows_renames(d: Dialect) -> bool {
    matches!(d, Dialect::Postgres | Dialect::Sqlite)
}

fn parse(d: Dialect, sql: &str) -> Option<ast::Query> {
    Parser::new(&*d.parser())
        .try_with_sql(sql)
        .ok()?
        .parse_query()
        .ok()
        .map(|q| *q)
}

fn last(name: &ast::ObjectName) -> String {
    name.0
        .last()
        .and_then(|p| p.as_ident())
        .map(|i| i.value.clone())
        .unwrap_or_default()
}

/// Whether an object name in a query (`t`, `s.t`) names `table` (`t`, `s.t`).
fn names(d: Dialect, name: &ast::ObjectName, table: &str) -> bool {
    let parts: Vec<String> = name
        .0
        .iter()
        .filter_map(|p| p.as_ident().map(|i| i.value.clone()))
        .collect();
    d.same_name(&parts.join("."), table)
}

/// The qualifiers under which a query can name `table`'s columns: each alias, or the table's
/// own name where it has none.
fn qualifiers(d: Dialect, q: &mut ast::Query, table: &str) -> Vec<String> {
    struct Find<'a> {
        d: Dialect,
        table: &'a str,
        out: Vec<String>,
    }
    impl VisitorMut for Find<'_> {
        type Break = ();
        fn pre_visit_table_factor(&mut self, f: &mut TableFactor) -> ControlFlow<()> {
            if let TableFactor::Table { name, alias, .. } = f {
                if names(self.d, name, self.table) {
                    self.out.push(match alias {
                        Some(a) => a.name.value.clone(),
                        None => last(name),
                    });
                }
            }
            ControlFlow::Continue(())
        }
    }
    let mut f = Find {
        d,
        table,
        out: Vec::new(),
    };
    let _ = q.visit(&mut f);
    f.out
}

struct RenameColumn<'a> {
    d: Dialect,
    qualifiers: &'a [String],
    from: &'a str,
    to: &'a str,
    changed: bool,
}

impl VisitorMut for RenameColumn<'_> {
    type Break = ();
    fn pre_visit_expr(&mut self, e: &mut Expr) -> ControlFlow<()> {
        match e {
            Expr::Identifier(id) if self.d.same_name(&id.value, self.from) => {
                id.value = self.to.to_string();
                self.changed = true;
            }
            Expr::CompoundIdentifier(parts) if parts.len() >= 2 => {
                let n = parts.len();
                if self.d.same_name(&parts[n - 1].value, self.from)
                    && self
                        .qualifiers
                        .iter()
                        .any(|q| self.d.same_name(q, &parts[n - 2].value))
                {
                    parts[n - 1].value = self.to.to_string();
                    self.changed = true;
                }
            }
            _ => {}
        }
        ControlFlow::Continue(())
    }
}

/// The name a select item's output column gets when it has no alias.
fn implicit_name(e: &Expr) -> Option<&str> {
    match e {
        Expr::Identifier(id) => Some(&id.value),
        Expr::CompoundIdentifier(parts) => parts.last().map(|p| p.value.as_str()),
        _ => None,
    }
}

/// Rewrite each view whose query `f` changes (it says so by returning true).
fn rewrite_views(s: &mut Schema, mut f: impl FnMut(Dialect, &mut ast::Query) -> bool) {
    let d = s.dialect;
    if !follows_renames(d) {
        return;
    }
    for v in &mut s.views {
        let Some(mut q) = parse(d, &v.query) else {
            continue;
        };
        if f(d, &mut q) {
            v.query = normalize::canonical_text(&q.to_string());
        }
    }
}

/// `ALTER TABLE table RENAME COLUMN from TO to`: rewrite the views that read the column.
pub(crate) fn rename_column(s: &mut Schema, table: &str, from: &str, to: &str) {
    rewrite_views(s, |d, q| {
        let quals = qualifiers(d, q, table);
        if quals.is_empty() {
            return false;
        }
        // PostgreSQL keeps a view's output column names: `m.project_id` becomes
        // `m.workspace_id AS project_id`. SQLite's rewrite renames the output too.
        if d.views_keep_output_names() {
            if let ast::SetExpr::Select(sel) = q.body.as_mut() {
                for item in &mut sel.projection {
                    if let SelectItem::UnnamedExpr(e) = item {
                        if implicit_name(e).is_some_and(|n| d.same_name(n, from)) {
                            let e = e.clone();
                            *item = SelectItem::ExprWithAlias {
                                expr: e,
                                alias: Ident::new(from),
                            };
                        }
                    }
                }
            }
        }
        let mut r = RenameColumn {
            d,
            qualifiers: &quals,
            from,
            to,
            changed: false,
        };
        let _ = q.visit(&mut r);
        r.changed
    });
}

struct RenameTable<'a> {
    d: Dialect,
    from: &'a str,
    to: &'a str,
    /// Bare names the query used as qualifiers for the table (it had no alias).
    bare: Vec<String>,
    changed: bool,
}

impl VisitorMut for RenameTable<'_> {
    type Break = ();
    fn pre_visit_table_factor(&mut self, f: &mut TableFactor) -> ControlFlow<()> {
        if let TableFactor::Table { name, alias, .. } = f {
            if names(self.d, name, self.from) {
                if alias.is_none() {
                    self.bare.push(last(name));
                }
                *name = ast::ObjectName::from(
                    self.to
                        .split('.')
                        .map(|p| renamed(self.d, p))
                        .collect::<Vec<_>>(),
                );
                self.changed = true;
            }
        }
        ControlFlow::Continue(())
    }
}

/// A renamed table's name where a view names it: SQLite writes it quoted into the views'
/// texts, however the `ALTER` spelled it.
fn renamed(d: Dialect, name: &str) -> Ident {
    if d.keeps_statement_text() {
        Ident::with_quote('"', name)
    } else {
        Ident::new(name)
    }
}

struct Requalify<'a> {
    d: Dialect,
    bare: &'a [String],
    to: &'a str,
}

impl VisitorMut for Requalify<'_> {
    type Break = ();
    fn pre_visit_expr(&mut self, e: &mut Expr) -> ControlFlow<()> {
        if let Expr::CompoundIdentifier(parts) = e {
            let n = parts.len();
            if n >= 2
                && self
                    .bare
                    .iter()
                    .any(|b| self.d.same_name(b, &parts[n - 2].value))
            {
                parts[n - 2] = renamed(self.d, self.to.rsplit('.').next().unwrap_or(self.to));
            }
        }
        ControlFlow::Continue(())
    }
}

/// `ALTER TABLE from RENAME TO to`: rewrite the views that read the table.
pub(crate) fn rename_table(s: &mut Schema, from: &str, to: &str) {
    rewrite_views(s, |d, q| {
        let mut r = RenameTable {
            d,
            from,
            to,
            bare: Vec::new(),
            changed: false,
        };
        let _ = q.visit(&mut r);
        if r.changed {
            let _ = q.visit(&mut Requalify {
                d,
                bare: &r.bare,
                to,
            });
        }
        r.changed
    });
}
