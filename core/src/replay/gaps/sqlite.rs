//! SQLite's gaps: `CREATE TABLE` with `STRICT` and `WITHOUT ROWID` together, and the
//! `ON CONFLICT` clauses of its constraints, which sqlparser does not take.

use super::{holds_word, ident_value, Ctx, FirstWords, Handled, Tok};
use crate::Dialect;
use sqlparser::tokenizer::Token;

/// SQLite table options sqlparser does not take together, and the `ON CONFLICT` clauses it
/// does not take at all.
pub(crate) struct SqliteFlags {
    strict: bool,
    without_rowid: bool,
    conflicts: Vec<(ConflictOn, String)>,
}

/// The constraint an `ON CONFLICT` clause belongs to.
#[derive(Debug)]
enum ConflictOn {
    PrimaryKey,
    Unique(Vec<String>),
    NotNull(String),
}

impl SqliteFlags {
    pub(crate) fn apply(&self, t: &mut crate::schema::Table) {
        let d = Dialect::Sqlite;
        t.options.strict |= self.strict;
        t.options.without_rowid |= self.without_rowid;
        for (on, resolution) in &self.conflicts {
            let r = Some(resolution.clone());
            match on {
                ConflictOn::PrimaryKey => {
                    if let Some(k) = &mut t.primary_key {
                        k.on_conflict = r;
                    }
                }
                ConflictOn::NotNull(c) => {
                    if let Some(c) = t.columns.iter_mut().find(|x| d.same_name(&x.name, c)) {
                        c.not_null_on_conflict = r;
                    }
                }
                ConflictOn::Unique(cols) => {
                    let same = |i: &crate::schema::Index| {
                        i.unique
                            && i.constraint
                            && i.parts.len() == cols.len()
                            && i.parts
                                .iter()
                                .zip(cols)
                                .all(|(p, c)| !p.expr && d.same_name(&p.column, c))
                    };
                    if let Some(i) = t.indexes.iter_mut().find(|i| same(i)) {
                        i.on_conflict = r;
                    }
                }
            }
        }
    }
}

/// SQLite `CREATE TABLE`: `ON CONFLICT` clauses are cut (not modeled) and the table options
/// after the closing parenthesis (`STRICT`, `WITHOUT ROWID`, in any combination) are read here.
pub(super) fn create_table(cx: &Ctx<'_>, toks: &[Tok]) -> Handled {
    let depth = depths(toks);
    let mut cuts = Vec::new();
    let mut conflicts = Vec::new();
    for i in 0..toks.len().saturating_sub(2) {
        if toks[i].word().as_deref() == Some("ON")
            && toks[i + 1].word().as_deref() == Some("CONFLICT")
        {
            cuts.push((toks[i].start, toks[i + 2].end));
            // ABORT is what SQLite does without a clause: the model keeps only the others.
            let resolution = toks[i + 2].word().unwrap_or_default();
            if resolution != "ABORT" {
                if let Some(on) = conflict_target(cx, toks, &depth, i) {
                    conflicts.push((on, resolution));
                }
            }
        }
    }
    // Options follow the last top-level `)`.
    let close = (0..toks.len())
        .rev()
        .find(|&i| depth[i] == 0 && matches!(toks[i].token, Token::RParen));
    let mut flags = SqliteFlags {
        strict: false,
        without_rowid: false,
        conflicts,
    };
    if let Some(c) = close {
        let tail: Vec<String> = toks[c + 1..]
            .iter()
            .map(|t| t.word().unwrap_or_else(|| t.token.to_string()))
            .collect();
        let tail: Vec<&str> = tail
            .iter()
            .map(String::as_str)
            .filter(|w| *w != ",")
            .collect();
        let known = tail
            .chunks(1)
            .all(|w| matches!(w[0], "STRICT" | "WITHOUT" | "ROWID"));
        if !tail.is_empty() && known {
            flags.strict = tail.contains(&"STRICT");
            flags.without_rowid = tail.contains(&"ROWID");
            cuts.push((toks[c].end, cx.text.len()));
        }
    }
    if cuts.is_empty() {
        return Handled::Parse;
    }
    cuts.sort_unstable();
    let mut out = String::new();
    let mut last = 0;
    for (a, b) in cuts {
        out.push_str(&cx.text[last..a]);
        last = b;
    }
    out.push_str(&cx.text[last..]);
    let f = (flags.strict || flags.without_rowid || !flags.conflicts.is_empty()).then_some(flags);
    Handled::Rewritten(out, f)
}

/// How deep in parentheses every token is; a parenthesis counts at the depth outside it, so
/// the table's own `(` and `)` are at 0 and its column definitions at 1.
fn depths(toks: &[Tok]) -> Vec<usize> {
    let mut out = Vec::with_capacity(toks.len());
    let mut d = 0usize;
    for t in toks {
        if matches!(t.token, Token::RParen) {
            d = d.saturating_sub(1);
        }
        out.push(d);
        if matches!(t.token, Token::LParen) {
            d += 1;
        }
    }
    out
}

/// The constraint of the `ON CONFLICT` at token `on` of a SQLite `CREATE TABLE`: a column's
/// `PRIMARY KEY [ASC|DESC]`, `NOT NULL` or `UNIQUE`, or a table's `PRIMARY KEY (…)` /
/// `UNIQUE (…)`.
fn conflict_target(cx: &Ctx<'_>, toks: &[Tok], depth: &[usize], on: usize) -> Option<ConflictOn> {
    let word = |i: usize| toks.get(i).and_then(Tok::word);
    // The column definition or table constraint the clause is in starts after the last
    // comma (or the opening parenthesis) at depth 1.
    let item = (0..on)
        .rev()
        .find(|&i| match toks[i].token {
            Token::Comma => depth[i] == 1,
            Token::LParen => depth[i] == 0,
            _ => false,
        })
        .map(|i| i + 1)?;
    let mut j = on.checked_sub(1)?;
    if matches!(word(j).as_deref(), Some("ASC" | "DESC")) {
        j = j.checked_sub(1)?;
    }
    match (&toks[j].token, word(j).as_deref()) {
        (_, Some("KEY")) if word(j.checked_sub(1)?).as_deref() == Some("PRIMARY") => {
            Some(ConflictOn::PrimaryKey)
        }
        (_, Some("NULL")) if word(j.checked_sub(1)?).as_deref() == Some("NOT") => {
            Some(ConflictOn::NotNull(ident_value(cx, &toks[item])?))
        }
        (_, Some("UNIQUE")) => Some(ConflictOn::Unique(vec![ident_value(cx, &toks[item])?])),
        (Token::RParen, _) => {
            let open = (item..j)
                .rev()
                .find(|&i| depth[i] == depth[j] && matches!(toks[i].token, Token::LParen))?;
            // The first word of every comma-separated part is its column.
            let mut cols = Vec::new();
            let mut first = true;
            for i in open + 1..j {
                if depth[i] == depth[j] + 1 && matches!(toks[i].token, Token::Comma) {
                    first = true;
                } else if first {
                    cols.push(ident_value(cx, &toks[i])?);
                    first = false;
                }
            }
            match word(open.checked_sub(1)?).as_deref() {
                Some("KEY") => Some(ConflictOn::PrimaryKey),
                Some("UNIQUE") => Some(ConflictOn::Unique(cols)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// A SQLite statement that nothing here or in the shapes every dialect shares handles
/// (sqlparser parses it as it is), decided on the text's first words alone: `INSERT`,
/// `UPDATE`, `DELETE`, `ALTER`, `DROP TABLE`, `CREATE [UNIQUE] INDEX`, and a `CREATE TABLE`
/// without the words [`create_table`] reads (`CONFLICT`, `STRICT`, `WITHOUT`, `ROWID`, in any
/// case). Anything else (a leading comment, other words) goes through the tokens.
pub(super) fn plain_statement(cx: &Ctx<'_>) -> bool {
    let w = FirstWords::of(cx.text);
    ["INSERT", "UPDATE", "DELETE", "ALTER"]
        .iter()
        .any(|k| w.are(&[k]))
        || w.are(&["DROP", "TABLE"])
        || w.create_index()
        || w.are(&["CREATE", "TABLE"])
            && !["CONFLICT", "STRICT", "WITHOUT", "ROWID"]
                .iter()
                .any(|k| holds_word(cx.text, k))
}

/// SQLite's own gaps, by the statement's first words.
pub(super) fn handle(cx: &Ctx<'_>, toks: &[Tok], w: &[&str]) -> Handled {
    match w {
        ["CREATE", "TABLE", ..] | ["CREATE", "TEMP" | "TEMPORARY", "TABLE", ..] => {
            create_table(cx, toks)
        }
        _ => Handled::Parse,
    }
}
