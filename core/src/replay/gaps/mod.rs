//! Statements sqlparser 0.63 cannot parse (or parses wrongly) but real migrations contain: the
//! gaps ebb fills itself. Each handler reads one statement shape, only what ebb models, and is
//! listed in `core/README.md`; anything outside these shapes goes to sqlparser as usual. This
//! is not a SQL parser. Routines and triggers (every dialect) are read here; each dialect's
//! own gaps are in its file.

mod mysql;
mod postgres;
mod sqlite;

pub(crate) use postgres::in_session_schema;
pub(super) use sqlite::SqliteFlags;

use super::{put_opaque, Ctx, Outcome, Warning};
use crate::schema::{Opaque, OpaqueKind, Schema};
use crate::{Dialect, Result};
use sqlparser::tokenizer::{Location, Token, Tokenizer};

/// What a gap handler did with a statement.
pub(super) enum Handled {
    /// Fully handled.
    Done(Outcome, Option<Warning>),
    /// Parse this text instead; then apply the SQLite table flags, if any.
    Rewritten(String, Option<SqliteFlags>),
    /// Not a gap: parse the statement with sqlparser as usual.
    Parse,
}

/// A token with its byte range in the statement text.
pub(super) struct Tok {
    pub(super) token: Token,
    pub(super) start: usize,
    pub(super) end: usize,
}

impl Tok {
    pub(super) fn word(&self) -> Option<String> {
        match &self.token {
            Token::Word(w) if w.quote_style.is_none() => Some(w.value.to_ascii_uppercase()),
            _ => None,
        }
    }
}

/// The byte offset of a tokenizer location (1-based line and column in characters). In ASCII
/// text a column is a byte count: counting characters from the line's start for every token
/// made a long one-line statement (SQLite keeps each table's `CREATE` text) quadratic.
fn byte_offset(line_starts: &[usize], text: &str, ascii: bool, loc: Location) -> usize {
    let line = usize::try_from(loc.line).unwrap_or(1).max(1);
    let col = usize::try_from(loc.column).unwrap_or(1).max(1);
    let start = line_starts.get(line - 1).copied().unwrap_or(text.len());
    if ascii {
        return (start + col - 1).min(text.len());
    }
    text[start..]
        .char_indices()
        .nth(col - 1)
        .map_or(text.len(), |(i, _)| start + i)
}

fn tokens(cx: &Ctx<'_>) -> Option<Vec<Tok>> {
    tokens_of(cx.dialect, cx.text)
}

/// The tokens of `text` other than whitespace and comments; `None` where it does not tokenize.
pub(super) fn tokens_of(dialect: Dialect, text: &str) -> Option<Vec<Tok>> {
    let d = dialect.parser();
    let list = Tokenizer::new(d.as_ref(), text)
        .tokenize_with_location()
        .ok()?;
    let mut line_starts = vec![0];
    line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    let ascii = text.is_ascii();
    Some(
        list.into_iter()
            .filter(|t| !matches!(t.token, Token::Whitespace(_)))
            .map(|t| Tok {
                start: byte_offset(&line_starts, text, ascii, t.span.start),
                end: byte_offset(&line_starts, text, ascii, t.span.end),
                token: t.token,
            })
            .collect(),
    )
}

/// A statement's first three words, for the shapes decided on them alone, before any
/// tokenizing (most statements of a history): a leading comment or a word glued to a quote
/// or parenthesis matches nothing, and the statement goes through the tokens.
pub(super) struct FirstWords<'a>([Option<&'a str>; 3]);

impl<'a> FirstWords<'a> {
    pub(super) fn of(text: &'a str) -> Self {
        let mut w = text.split_ascii_whitespace();
        FirstWords([w.next(), w.next(), w.next()])
    }

    /// Whether the statement starts with `words` (at most three), ASCII case aside.
    pub(super) fn are(&self, words: &[&str]) -> bool {
        words.len() <= self.0.len()
            && words
                .iter()
                .zip(&self.0)
                .all(|(k, w)| w.is_some_and(|w| w.eq_ignore_ascii_case(k)))
    }

    /// `CREATE INDEX` or `CREATE UNIQUE INDEX`.
    pub(super) fn create_index(&self) -> bool {
        self.are(&["CREATE", "INDEX"]) || self.are(&["CREATE", "UNIQUE", "INDEX"])
    }
}

/// Whether `text` holds `word` (ASCII) in any ASCII case, compared only where its first byte
/// matches: every table statement of a history is searched.
pub(super) fn holds_word(text: &str, word: &str) -> bool {
    let word = word.as_bytes();
    text.as_bytes()
        .windows(word.len())
        .any(|w| w[0] | 0x20 == word[0] | 0x20 && w.eq_ignore_ascii_case(word))
}

fn words_upper(toks: &[Tok], n: usize) -> Vec<String> {
    toks.iter()
        .take(n)
        .map(|t| t.word().unwrap_or_else(|| t.token.to_string()))
        .collect()
}

/// Dispatch on the statement's first words: the shapes every dialect shares, then the
/// dialect's own (in its file).
pub(super) fn handle(s: &mut Schema, cx: &Ctx<'_>) -> Result<Handled> {
    if cx.dialect == Dialect::Postgres && postgres::plain_table_statement(cx) {
        // Most statements of a history; tokenizing each one here and again in the parser
        // cost a seventh of replaying a large directory.
        return Ok(Handled::Parse);
    }
    if cx.dialect == Dialect::Sqlite && sqlite::plain_statement(cx) {
        // A Django history on SQLite is mostly table rebuilds: create, copy, drop, rename.
        return Ok(Handled::Parse);
    }
    by_tokens(s, cx)
}

/// [`handle`] for a statement its first words did not decide.
fn by_tokens(s: &mut Schema, cx: &Ctx<'_>) -> Result<Handled> {
    let Some(toks) = tokens(cx) else {
        return Ok(Handled::Parse);
    };
    let w = words_upper(&toks, 4);
    let w: Vec<&str> = w.iter().map(String::as_str).collect();
    match w.as_slice() {
        ["PRAGMA", ..] => return Ok(Handled::Done(Outcome::Session, None)),
        ["CREATE", ..] if routine_kind(&toks).is_some() => return create_routine(s, cx, &toks),
        ["DROP", "TRIGGER" | "FUNCTION" | "PROCEDURE", ..] => return drop_routine(s, cx, &toks),
        ["DROP", "INDEX", "CONCURRENTLY", ..] => {
            let t = &toks[2];
            return Ok(Handled::Rewritten(
                format!("{}{}", &cx.text[..t.start], &cx.text[t.end..]),
                None,
            ));
        }
        _ => {}
    }
    match cx.dialect {
        Dialect::Postgres => postgres::handle(s, cx, &toks, &w),
        Dialect::Mysql => mysql::handle(s, cx, &toks, &w),
        Dialect::Sqlite => Ok(sqlite::handle(cx, &toks, &w)),
    }
}

fn routine_kind(toks: &[Tok]) -> Option<(OpaqueKind, usize)> {
    // CREATE [OR REPLACE] [DEFINER = x] [TEMP|TEMPORARY] [CONSTRAINT] TRIGGER|FUNCTION|PROCEDURE
    let mut i = 1;
    while i < toks.len() && i < 12 {
        match toks[i].word().as_deref() {
            Some("OR" | "REPLACE" | "TEMP" | "TEMPORARY" | "CONSTRAINT" | "AGGREGATE") => i += 1,
            Some("DEFINER") => {
                // DEFINER = user[@host]
                i += 2;
                while i < toks.len()
                    && !matches!(
                        toks[i].word().as_deref(),
                        Some("TRIGGER" | "FUNCTION" | "PROCEDURE" | "SQL" | "EVENT")
                    )
                {
                    i += 1;
                }
            }
            Some("TRIGGER") => return Some((OpaqueKind::Trigger, i + 1)),
            Some("FUNCTION") => return Some((OpaqueKind::Function, i + 1)),
            Some("PROCEDURE") => return Some((OpaqueKind::Procedure, i + 1)),
            _ => return None,
        }
    }
    None
}

fn ident_value(cx: &Ctx<'_>, t: &Tok) -> Option<String> {
    match &t.token {
        Token::Word(w) => Some(cx.dialect.ident_value(&sqlparser::ast::Ident {
            value: w.value.clone(),
            quote_style: w.quote_style,
            span: sqlparser::tokenizer::Span::empty(),
        })),
        _ => None,
    }
}

/// Read a possibly qualified name starting at `i`; returns the name and the next index.
fn object_name(cx: &Ctx<'_>, toks: &[Tok], mut i: usize) -> Option<(String, usize)> {
    let mut parts = vec![ident_value(cx, toks.get(i)?)?];
    i += 1;
    while matches!(toks.get(i).map(|t| &t.token), Some(Token::Period)) {
        parts.push(ident_value(cx, toks.get(i + 1)?)?);
        i += 2;
    }
    if parts.len() > 1 && cx.dialect.default_namespace() == Some(parts[0].as_str()) {
        parts.remove(0);
    }
    Some((parts.join("."), i))
}

fn create_routine(s: &mut Schema, cx: &Ctx<'_>, toks: &[Tok]) -> Result<Handled> {
    let Some((kind, mut i)) = routine_kind(toks) else {
        return Ok(Handled::Parse);
    };
    let or_replace = toks
        .iter()
        .take(i)
        .any(|t| t.word().as_deref() == Some("REPLACE"));
    let mut if_not_exists = false;
    if toks.get(i).and_then(Tok::word).as_deref() == Some("IF") {
        if_not_exists = true;
        i += 3;
    }
    let Some((name, next)) = object_name(cx, toks, i) else {
        return Err(cx.unsupported(format!(
            "cannot read the name of this {}",
            kind.keyword().to_lowercase()
        )));
    };
    let mut args = None;
    let mut table = None;
    if kind == OpaqueKind::Trigger {
        // The table follows the first top-level ON.
        let on = toks[next..]
            .iter()
            .position(|t| t.word().as_deref() == Some("ON"))
            .map(|p| p + next);
        if let Some(p) = on {
            table = object_name(cx, toks, p + 1).map(|(n, _)| n);
        }
        if table.is_none() {
            return Err(cx.unsupported("cannot find the table of this trigger (no ON clause)"));
        }
    } else if matches!(toks.get(next).map(|t| &t.token), Some(Token::LParen)) {
        let mut depth = 0;
        for t in &toks[next..] {
            match t.token {
                Token::LParen => depth += 1,
                Token::RParen => {
                    depth -= 1;
                    if depth == 0 {
                        args = Some(cx.text[toks[next].start + 1..t.start].trim().to_string());
                        break;
                    }
                }
                _ => {}
            }
        }
    }
    let o = Opaque {
        kind,
        name,
        table,
        args,
        definition: cx.text.trim().to_string(),
    };
    put_opaque(s, cx, o, or_replace, if_not_exists)?;
    Ok(Handled::Done(Outcome::Schema, None))
}

fn drop_routine(s: &mut Schema, cx: &Ctx<'_>, toks: &[Tok]) -> Result<Handled> {
    let kind = match toks[1].word().as_deref() {
        Some("TRIGGER") => OpaqueKind::Trigger,
        Some("FUNCTION") => OpaqueKind::Function,
        _ => OpaqueKind::Procedure,
    };
    let mut i = 2;
    let mut if_exists = false;
    if toks.get(i).and_then(Tok::word).as_deref() == Some("IF") {
        if_exists = true;
        i += 2;
    }
    let Some((name, _)) = object_name(cx, toks, i) else {
        return Err(cx.unsupported("cannot read the name in this DROP"));
    };
    if in_session_schema(&name) {
        return Ok(Handled::Done(Outcome::Session, None));
    }
    let before = s.opaque.len();
    s.opaque.retain(|o| !(o.kind == kind && o.name == name));
    if before == s.opaque.len() && !if_exists {
        return Err(cx.semantic(format!(
            "{} {name} does not exist",
            kind.keyword().to_lowercase()
        )));
    }
    Ok(Handled::Done(Outcome::Schema, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite(text: &str) -> Ctx<'_> {
        Ctx {
            file: "0001_initial.sql",
            line: 1,
            col: 1,
            text,
            dialect: Dialect::Sqlite,
        }
    }

    /// What SQLite's first words send straight to the parser, the tokens would have sent there
    /// too; and the statements this module does handle are not decided on their first words.
    #[test]
    fn sqlite_first_words_decide_only_what_the_tokens_leave_to_the_parser() {
        let plain = [
            r#"CREATE TABLE "new__shop_book" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "title" varchar(100) NOT NULL)"#,
            r#"INSERT INTO "new__shop_book" ("id", "title") SELECT "id", "title" FROM "shop_book""#,
            r#"DROP TABLE "shop_book""#,
            r#"ALTER TABLE "new__shop_book" RENAME TO "shop_book""#,
            r#"CREATE INDEX "shop_book_title_idx" ON "shop_book" ("title")"#,
            "create unique index u on t (a)",
            "UPDATE t SET a = 1",
            "DELETE FROM t",
            "alter table t add column b text",
        ];
        let read = [
            "CREATE TABLE t (a INTEGER PRIMARY KEY ON CONFLICT REPLACE)",
            "create table t (a int) strict",
            "CREATE TABLE t (a INT PRIMARY KEY) WITHOUT ROWID",
            "CREATE TEMP TABLE t (a INT) STRICT",
            "PRAGMA foreign_keys = OFF",
            "-- a comment first\nCREATE TABLE t (a INT) STRICT",
            "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END",
            "DROP TRIGGER tr",
            "DROP INDEX CONCURRENTLY i",
        ];
        let mut s = Schema::new(Dialect::Sqlite);
        for text in plain {
            assert!(sqlite::plain_statement(&sqlite(text)), "{text}");
            let by_tokens = by_tokens(&mut s, &sqlite(text));
            assert!(matches!(by_tokens, Ok(Handled::Parse)), "{text}");
        }
        for text in read {
            assert!(!sqlite::plain_statement(&sqlite(text)), "{text}");
        }
    }
}
