//! SQLite keeps the text of each table's, index's and view's `CREATE` statement
//! (`sqlite_master.sql`, what `.schema` prints) and edits that text in place on `ALTER TABLE`. Replay follows those
//! edits here, so that a plan which re-creates a table (a rebuild) or an index can write it
//! back as the history spelled it — `DATETIME`, `CURRENT_TIMESTAMP`, bare or quoted names —
//! instead of in ebb's own rendering.
//!
//! Each function mirrors one edit SQLite makes (its `alter.c` and `build.c`): what it stores
//! for `CREATE TABLE`/`CREATE INDEX`, where `ADD COLUMN` inserts the column's text, how
//! `RENAME COLUMN` replaces a name (a quoted name is replaced quoted; a bare one by the new
//! name as the `ALTER` wrote it; `RENAME TO` always writes the table's new name quoted), what
//! `DROP COLUMN` cuts out. Where a text cannot be followed the
//! object keeps none and a plan renders it as before; a plan also checks that a kept text
//! still means the object before writing it (`plan::render`).

use super::gaps::{tokens_of, Tok};
use super::Ctx;
use crate::schema::{Schema, Written};
use crate::Dialect;
use sqlparser::ast::{AlterTableOperation, RenameTableNameKind, Statement};
use sqlparser::tokenizer::Token;
use std::sync::Arc;

const D: Dialect = Dialect::Sqlite;

fn toks(text: &str) -> Vec<Tok> {
    tokens_of(D, text).unwrap_or_default()
}

/// An identifier's name (without its quotes), for a bare or quoted word.
fn name_of(t: &Tok) -> Option<&str> {
    match &t.token {
        Token::Word(w) => Some(&w.value),
        _ => None,
    }
}

fn is_quoted(t: &Tok) -> bool {
    matches!(&t.token, Token::Word(w) if w.quote_style.is_some())
}

fn is(t: Option<&Tok>, keyword: &str) -> bool {
    t.and_then(Tok::word).as_deref() == Some(keyword)
}

fn names(t: &Tok, name: &str) -> bool {
    name_of(t).is_some_and(|n| n.eq_ignore_ascii_case(name))
}

/// What SQLite stores for a `CREATE TABLE` or `CREATE [UNIQUE] INDEX` statement: the keywords,
/// then the text from the object's unqualified name to the statement's last token (`TEMP`,
/// `IF NOT EXISTS`, a schema qualifier and a final `;` are not kept).
#[must_use]
pub fn stored_create(text: &str) -> Option<String> {
    let t = toks(text);
    if !is(t.first(), "CREATE") {
        return None;
    }
    let mut i = 1;
    let unique = is(t.get(i), "UNIQUE");
    if unique {
        i += 1;
    }
    let kind = match (t.get(i).and_then(Tok::word).as_deref(), unique) {
        (Some("TABLE"), false) => "TABLE",
        (Some("VIEW"), false) => "VIEW",
        (Some("INDEX"), false) => "INDEX",
        (Some("INDEX"), true) => "UNIQUE INDEX",
        _ => return None,
    };
    i += 1;
    if is(t.get(i), "IF") {
        i += 3;
    }
    if matches!(t.get(i + 1).map(|x| &x.token), Some(Token::Period)) {
        i += 2;
    }
    let name = t.get(i)?;
    name_of(name)?;
    let last = t.iter().rev().find(|x| x.token != Token::SemiColon)?;
    Some(format!("CREATE {kind} {}", &text[name.start..last.end]))
}

/// One item between a stored `CREATE TABLE`'s outer parentheses (a column or a constraint),
/// as token indexes: its first token, the comma before it, the token after its end.
struct Item {
    first: usize,
    comma: Option<usize>,
    end: usize,
}

/// The items of a stored `CREATE TABLE` and the index of its closing parenthesis.
fn body(t: &[Tok]) -> Option<(Vec<Item>, usize)> {
    let open = t.iter().position(|x| x.token == Token::LParen)?;
    let mut depth = 0usize;
    let mut items = Vec::new();
    let (mut first, mut comma) = (open + 1, None);
    for (k, x) in t.iter().enumerate().skip(open) {
        match x.token {
            Token::LParen => depth += 1,
            Token::RParen => {
                depth -= 1;
                if depth == 0 {
                    items.push(Item {
                        first,
                        comma,
                        end: k,
                    });
                    return Some((items, k));
                }
            }
            Token::Comma if depth == 1 => {
                items.push(Item {
                    first,
                    comma,
                    end: k,
                });
                comma = Some(k);
                first = k + 1;
            }
            _ => {}
        }
    }
    None
}

fn is_constraint(t: &[Tok], it: &Item) -> bool {
    matches!(
        t.get(it.first).and_then(Tok::word).as_deref(),
        Some("CONSTRAINT" | "PRIMARY" | "UNIQUE" | "CHECK" | "FOREIGN")
    )
}

/// Where `ADD COLUMN` inserts: before the comma that opens the table constraints, else
/// before the closing parenthesis.
fn add_offset(t: &[Tok], items: &[Item], close: usize) -> usize {
    items
        .iter()
        .find(|it| is_constraint(t, it))
        .and_then(|it| it.comma)
        .map_or(t[close].start, |c| t[c].start)
}

/// The stored text after `ALTER TABLE … ADD COLUMN <definition>`.
fn add_column(stored: &str, definition: &str) -> Option<String> {
    let t = toks(stored);
    let (items, close) = body(&t)?;
    let at = add_offset(&t, &items, close);
    Some(format!("{}, {definition}{}", &stored[..at], &stored[at..]))
}

/// The column definition of `ALTER TABLE … ADD [COLUMN] <definition>` as written.
fn added_definition(text: &str) -> Option<String> {
    let t = toks(text);
    let add = t.iter().position(|x| is(Some(x), "ADD"))?;
    let i = if is(t.get(add + 1), "COLUMN") {
        add + 2
    } else {
        add + 1
    };
    let first = t.get(i)?;
    let last = t.iter().rev().find(|x| x.token != Token::SemiColon)?;
    Some(text[first.start..last.end].to_string())
}

/// The column definition among `items` whose name is `column`.
fn column_item<'a>(t: &[Tok], items: &'a [Item], column: &str) -> Option<&'a Item> {
    items
        .iter()
        .filter(|it| !is_constraint(t, it))
        .find(|it| t.get(it.first).is_some_and(|x| names(x, column)))
}

/// The definition of column `column` in a stored `CREATE TABLE`, as written there.
#[must_use]
pub fn column_definition(stored: &str, column: &str) -> Option<String> {
    let t = toks(stored);
    let (items, _) = body(&t)?;
    let it = column_item(&t, &items, column)?;
    Some(stored[t[it.first].start..t[it.end - 1].end].to_string())
}

/// A column's name as a stored `CREATE TABLE` writes it, where it is bare (`None` where it is
/// quoted).
#[must_use]
pub fn spelled_name(stored: &str, column: &str) -> Option<String> {
    let t = toks(stored);
    let (items, _) = body(&t)?;
    let k = column_item(&t, &items, column)?.first;
    let tok = t.get(k)?;
    (!is_quoted(tok)).then(|| name_of(tok).map(str::to_string))?
}

/// A stored `CREATE TABLE` under the name `other` instead (quoted where its own is).
#[must_use]
pub fn under_other_name(stored: &str, other: &str) -> Option<String> {
    let t = toks(stored);
    let tok = t.get(2)?;
    name_of(tok)?;
    Some(replace(stored, &t, &[2], other, is_quoted(tok)))
}

/// The stored text after `ALTER TABLE … DROP COLUMN column`: from the column's name to the
/// next column's name, or for the last column from the comma before it to where `ADD COLUMN`
/// would insert.
fn drop_column(stored: &str, column: &str) -> Option<String> {
    let t = toks(stored);
    let (items, close) = body(&t)?;
    let cols: Vec<&Item> = items.iter().filter(|it| !is_constraint(&t, it)).collect();
    let pos = cols
        .iter()
        .position(|it| t.get(it.first).is_some_and(|x| names(x, column)))?;
    let from = t[cols[pos].first].start;
    if let Some(next) = cols.get(pos + 1) {
        return Some(format!(
            "{}{}",
            &stored[..from],
            &stored[t[next.first].start..]
        ));
    }
    let comma = t[cols[pos].comma?].start;
    let end = add_offset(&t, &items, close);
    Some(format!("{}{}", &stored[..comma], &stored[end..]))
}

/// `text` with the tokens at `at` replaced by `new`: quoted where the token was quoted or the
/// `ALTER` quoted the new name, bare otherwise (SQLite's rule).
fn replace(text: &str, t: &[Tok], at: &[usize], new: &str, alter_quoted: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for &k in at {
        out.push_str(&text[pos..t[k].start]);
        if is_quoted(&t[k]) || alter_quoted {
            out.push_str(&D.quote(new));
        } else {
            out.push_str(new);
        }
        pos = t[k].end;
    }
    out.push_str(&text[pos..]);
    out
}

/// Token indexes of the names in `REFERENCES <ref_table>` (when `table_too`) and of the
/// columns `old` in `REFERENCES <ref_table> (…)` lists.
fn references(t: &[Tok], ref_table: &str, old_column: Option<&str>) -> Vec<usize> {
    let mut at = Vec::new();
    for k in 0..t.len() {
        if !is(t.get(k), "REFERENCES") || !t.get(k + 1).is_some_and(|x| names(x, ref_table)) {
            continue;
        }
        match old_column {
            None => at.push(k + 1),
            Some(old) if t.get(k + 2).is_some_and(|x| x.token == Token::LParen) => {
                for (j, x) in t.iter().enumerate().skip(k + 3) {
                    if x.token == Token::RParen {
                        break;
                    }
                    if names(x, old) {
                        at.push(j);
                    }
                }
            }
            Some(_) => {}
        }
    }
    at
}

/// Where a column `old` of table `table` is named in that table's own stored text: the first
/// token of its definition, and names inside parentheses (checks, key lists, generated
/// expressions), except the column lists of keys to other tables.
fn own_column_tokens(t: &[Tok], table: &str, old: &str) -> Vec<usize> {
    let Some((items, _)) = body(t) else {
        return Vec::new();
    };
    let mut at = Vec::new();
    for it in &items {
        if !is_constraint(t, it) && names(&t[it.first], old) {
            at.push(it.first);
        }
        let mut depth = 0usize;
        let mut other_table = false;
        let mut k = it.first;
        while k < it.end {
            match &t[k].token {
                Token::LParen => depth += 1,
                Token::RParen => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        other_table = false;
                    }
                }
                _ if is(t.get(k), "REFERENCES") => {
                    other_table = !t.get(k + 1).is_some_and(|x| names(x, table));
                    k += 1;
                }
                _ if depth > 0 && !other_table && names(&t[k], old) => at.push(k),
                _ => {}
            }
            k += 1;
        }
    }
    at
}

/// Token indexes after `ON <table>` in a stored `CREATE INDEX` that name column `old`.
fn index_column_tokens(t: &[Tok], old: &str) -> Vec<usize> {
    let Some(on) = t.iter().position(|x| is(Some(x), "ON")) else {
        return Vec::new();
    };
    (on + 2..t.len()).filter(|&k| names(&t[k], old)).collect()
}

/// Calls `f` with each kept text that may name `table` and what it belongs to: a table's own
/// text and its indexes' with the table's name, a view's with `None`; with `own`, every text of
/// the table `table` itself too. `f` returns the edited text, `None` where nothing changes, and
/// only a table whose text changes is copied.
///
/// Another table's text names `table` only in a foreign key to it (an index of another table,
/// a check or a default cannot name a table in SQLite), so only the tables the lookups list as
/// referring to `table` or to `also` (a renamed table's new name: replay has already moved the
/// keys) and the table itself are read, not every text of the schema: a SQLite history
/// rebuilds a table (create, copy, drop, rename) for most changes. Views are all read.
fn edit_texts(
    s: &mut Schema,
    table: &str,
    also: Option<&str>,
    own: bool,
    mut f: impl FnMut(Option<&str>, &str) -> Option<String>,
) {
    let named = Mention::of(table);
    let mut candidates = s.tables_referencing(table);
    candidates.extend(also.map_or_else(Vec::new, |n| s.tables_referencing(n)));
    candidates.extend(s.table_pos(also.unwrap_or(table)));
    candidates.sort_unstable();
    candidates.dedup();
    for &p in &candidates {
        let t = &s.tables[p];
        let look = own && D.same_name(&t.name, table);
        let mut edit = |w: &Written| {
            w.0.as_deref()
                .filter(|text| look || named.may_be_in(text))
                .and_then(|text| f(Some(&t.name), text))
        };
        let text = edit(&t.written);
        let indexes: Vec<(usize, String)> = t
            .indexes
            .iter()
            .enumerate()
            .filter_map(|(k, i)| edit(&i.written).map(|x| (k, x)))
            .collect();
        if text.is_none() && indexes.is_empty() {
            continue;
        }
        let t = s.table_at_mut(p);
        if let Some(x) = text {
            t.written = Written(Some(x));
        }
        for (k, x) in indexes {
            t.indexes[k].written = Written(Some(x));
        }
    }
    #[cfg(debug_assertions)]
    unread_texts_stay(s, &candidates, &named, &mut f);
    for v in &mut s.views {
        if let Some(x) = v
            .written
            .0
            .as_deref()
            .filter(|text| named.may_be_in(text))
            .and_then(|text| f(None, text))
        {
            v.written = Written(Some(x));
        }
    }
}

/// Debug builds (tests, up to 200 tables): no text of a table `edit_texts` did not read would
/// have changed.
#[cfg(debug_assertions)]
fn unread_texts_stay(
    s: &Schema,
    read: &[usize],
    named: &Mention<'_>,
    f: &mut impl FnMut(Option<&str>, &str) -> Option<String>,
) {
    if s.tables.len() > 200 {
        return;
    }
    for (p, t) in s.tables.iter().enumerate() {
        if read.binary_search(&p).is_ok() {
            continue;
        }
        let texts = std::iter::once(&t.written).chain(t.indexes.iter().map(|i| &i.written));
        for text in texts.filter_map(|w| w.0.as_deref()) {
            assert!(
                !named.may_be_in(text) || f(Some(&t.name), text).is_none(),
                "a rename would change the text of {}, which the lookups do not list: {text}",
                t.name
            );
        }
    }
}

/// Whether a kept text may hold a token naming a name ([`names`]: ASCII case aside, a name's
/// bytes appear as they are in its token unless it holds a quote character, doubled there).
/// Built once per rename, asked of every kept text.
enum Mention<'a> {
    /// The name holds a quote character (or is empty): every text is read.
    Always,
    /// The name as written, and in ASCII lower case.
    Name(&'a str, String),
}

impl<'a> Mention<'a> {
    fn of(name: &'a str) -> Self {
        let quoted = name
            .bytes()
            .any(|b| matches!(b, b'"' | b'`' | b'\'' | b'[' | b']'));
        if name.is_empty() || quoted {
            Mention::Always
        } else {
            Mention::Name(name, name.to_ascii_lowercase())
        }
    }

    fn may_be_in(&self, text: &str) -> bool {
        match self {
            Mention::Always => true,
            // The standard library's substring search, on ASCII lower case, is many times
            // faster than comparing at every byte.
            Mention::Name(name, lower) => {
                text.contains(*name) || text.to_ascii_lowercase().contains(lower.as_str())
            }
        }
    }
}

/// In a view's text that names `table`: every identifier `old` (SQLite rewrites the references
/// it resolves; a plan checks the result still means the view before using it).
fn view_tokens(t: &[Tok], table: &str, old: &str) -> Vec<usize> {
    if !t.iter().any(|x| names(x, table)) {
        return Vec::new();
    }
    (3..t.len()).filter(|&k| names(&t[k], old)).collect()
}

/// Whether the object a `CREATE` statement names exists already (then the statement, with
/// `IF NOT EXISTS`, changes nothing and its text is not the object's).
pub(super) fn exists_before(s: &Schema, cx: &Ctx<'_>, stmt: &Statement) -> bool {
    match stmt {
        Statement::CreateTable(ct) => s.table(&cx.name(&ct.name)).is_some(),
        Statement::CreateIndex(ci) => ci.name.as_ref().is_some_and(|n| {
            let n = cx.name(n);
            s.has_index_anywhere(&n)
        }),
        _ => false,
    }
}

/// Follow what SQLite does to the stored texts when it runs `stmt` (already replayed).
pub(super) fn follow(s: &mut Schema, cx: &Ctx<'_>, stmt: &Statement, existed: bool) {
    match stmt {
        Statement::CreateTable(ct) if !existed => {
            let name = cx.name(&ct.name);
            if let Some(pos) = s.table_pos(&name) {
                s.table_at_mut(pos).written = Written(stored_create(cx.text));
            }
        }
        Statement::CreateIndex(ci) if !existed => {
            let Some(n) = ci.name.as_ref().map(|n| cx.name(n)) else {
                return;
            };
            // The index is new (no table had one of that name), so it is on the table the
            // statement names; every table is looked at only if that one does not have it.
            let on = s.table_pos(&cx.name(&ci.table_name));
            let at = on.and_then(|p| Some((p, s.tables[p].index_pos(D, &n)?)));
            if let Some((p, i)) = at {
                s.table_at_mut(p).indexes[i].written = Written(stored_create(cx.text));
                return;
            }
            for t in &mut s.tables {
                if let Some(i) = t.index_pos(D, &n) {
                    Arc::make_mut(t).indexes[i].written = Written(stored_create(cx.text));
                }
            }
        }
        Statement::AlterTable(at) => {
            let table = cx.name(&at.name);
            for op in &at.operations {
                alter(s, cx, &table, op);
            }
        }
        _ => {}
    }
}

fn alter(s: &mut Schema, cx: &Ctx<'_>, table: &str, op: &AlterTableOperation) {
    match op {
        AlterTableOperation::AddColumn { .. } => {
            let def = added_definition(cx.text);
            if let Some(pos) = s.table_pos(table) {
                let w = &mut s.table_at_mut(pos).written;
                w.0 =
                    w.0.as_deref()
                        .zip(def.as_deref())
                        .and_then(|(text, def)| add_column(text, def));
            }
        }
        AlterTableOperation::DropColumn { column_names, .. } => {
            if let Some(pos) = s.table_pos(table) {
                let w = &mut s.table_at_mut(pos).written;
                for c in column_names {
                    w.0 = w.0.as_deref().and_then(|text| drop_column(text, &c.value));
                }
            }
        }
        AlterTableOperation::RenameColumn {
            old_column_name,
            new_column_name,
        } => {
            let (old, new) = (&old_column_name.value, &new_column_name.value);
            let quoted = new_column_name.quote_style.is_some();
            edit_texts(s, table, None, true, |owner, text| {
                let t = toks(text);
                let mut at = references(&t, table, Some(old));
                match owner {
                    None => at.extend(view_tokens(&t, table, old)),
                    Some(o) if D.same_name(o, table) => {
                        if is(t.get(1), "TABLE") {
                            at.extend(own_column_tokens(&t, table, old));
                        } else {
                            at.extend(index_column_tokens(&t, old));
                        }
                    }
                    Some(_) => {}
                }
                at.sort_unstable();
                at.dedup();
                (!at.is_empty()).then(|| replace(text, &t, &at, new, quoted))
            });
        }
        AlterTableOperation::RenameTable { table_name } => {
            let (RenameTableNameKind::As(n) | RenameTableNameKind::To(n)) = table_name;
            let new = cx.name(n);
            // SQLite writes a renamed table's name quoted, however the `ALTER` wrote it.
            edit_texts(s, table, Some(&new), false, |owner, text| {
                let t = toks(text);
                let mut at = references(&t, table, None);
                if owner.is_none() {
                    at.extend(view_tokens(&t, table, table));
                }
                if owner.is_some_and(|o| D.same_name(o, &new)) {
                    // The table's own name, and the table an index is on.
                    let k = if is(t.get(1), "TABLE") {
                        Some(2)
                    } else {
                        t.iter().position(|x| is(Some(x), "ON")).map(|on| on + 1)
                    };
                    at.extend(k.filter(|&k| t.get(k).is_some_and(|x| names(x, table))));
                }
                at.sort_unstable();
                at.dedup();
                (!at.is_empty()).then(|| replace(text, &t, &at, &new, true))
            });
        }
        _ => {
            if let Some(pos) = s.table_pos(table) {
                s.table_at_mut(pos).written = Written(None);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_create_statements_as_sqlite_does() {
        assert_eq!(
            stored_create("create table if not exists main.\"T\" (a INT);").as_deref(),
            Some("CREATE TABLE \"T\" (a INT)")
        );
        assert_eq!(
            stored_create("CREATE UNIQUE INDEX i ON t (a) WHERE a > 0;\n").as_deref(),
            Some("CREATE UNIQUE INDEX i ON t (a) WHERE a > 0")
        );
    }

    #[test]
    fn add_column_goes_before_the_table_constraints() {
        assert_eq!(
            add_column(
                "CREATE TABLE t (\n  a INT,\n  PRIMARY KEY (a)\n)",
                "b DATETIME"
            )
            .as_deref(),
            Some("CREATE TABLE t (\n  a INT, b DATETIME,\n  PRIMARY KEY (a)\n)")
        );
        assert_eq!(
            add_column("CREATE TABLE t (a INT)", "b TEXT").as_deref(),
            Some("CREATE TABLE t (a INT, b TEXT)")
        );
    }

    #[test]
    fn drop_column_cuts_as_sqlite_does() {
        let t = "CREATE TABLE t (a INT, b TEXT, c INT, CHECK (c > 0))";
        assert_eq!(
            drop_column(t, "b").as_deref(),
            Some("CREATE TABLE t (a INT, c INT, CHECK (c > 0))")
        );
        assert_eq!(
            drop_column("CREATE TABLE t (a INT, b TEXT)", "B").as_deref(),
            Some("CREATE TABLE t (a INT)")
        );
    }

    #[test]
    fn column_definition_reads_the_text_as_written() {
        let t =
            "CREATE TABLE t (id INTEGER PRIMARY KEY, created DATETIME DEFAULT CURRENT_TIMESTAMP)";
        assert_eq!(
            column_definition(t, "created").as_deref(),
            Some("created DATETIME DEFAULT CURRENT_TIMESTAMP")
        );
    }

    #[test]
    fn a_renamed_column_keeps_bare_names_bare() {
        let text = "CREATE TABLE s (qty INT CHECK (qty >= 0), \"qty2\" INT, FOREIGN KEY (qty) REFERENCES o (qty))";
        let t = toks(text);
        let at = own_column_tokens(&t, "s", "qty");
        assert_eq!(
            replace(text, &t, &at, "on_hand", false),
            "CREATE TABLE s (on_hand INT CHECK (on_hand >= 0), \"qty2\" INT, FOREIGN KEY (on_hand) REFERENCES o (qty))"
        );
    }
}
