//! Narrow handlers for statements that sqlparser 0.63 cannot parse (or parses wrongly) but that
//! real migrations contain. Each handles one statement shape, reads only what ebb models, and
//! is listed in `core/README.md`. This is not a SQL parser: anything outside these shapes goes
//! to sqlparser as usual.

use super::{put_opaque, table, Ctx, Outcome, Warning};
use crate::schema::{Opaque, OpaqueKind, Schema, Sequence};
use crate::{Dialect, Result};
use sqlparser::tokenizer::{Location, Token, Tokenizer};

/// What a narrow handler did with a statement.
pub(super) enum Handled {
    /// Fully handled.
    Done(Outcome, Option<Warning>),
    /// Parse this text instead; then apply the SQLite table flags, if any.
    Rewritten(String, Option<SqliteFlags>),
    /// Not a narrow case.
    No,
}

/// SQLite table options sqlparser does not take together, and the `ON CONFLICT` clauses it
/// does not take at all.
pub(super) struct SqliteFlags {
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
    pub(super) fn apply(&self, t: &mut crate::schema::Table) {
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

fn byte_offset(line_starts: &[usize], text: &str, loc: Location) -> usize {
    let line = usize::try_from(loc.line).unwrap_or(1).max(1);
    let col = usize::try_from(loc.column).unwrap_or(1).max(1);
    let start = line_starts.get(line - 1).copied().unwrap_or(text.len());
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
    Some(
        list.into_iter()
            .filter(|t| !matches!(t.token, Token::Whitespace(_)))
            .map(|t| Tok {
                start: byte_offset(&line_starts, text, t.span.start),
                end: byte_offset(&line_starts, text, t.span.end),
                token: t.token,
            })
            .collect(),
    )
}

fn words_upper(toks: &[Tok], n: usize) -> Vec<String> {
    toks.iter()
        .take(n)
        .map(|t| t.word().unwrap_or_else(|| t.token.to_string()))
        .collect()
}

/// Dispatch on the statement's first words.
pub(super) fn handle(s: &mut Schema, cx: &Ctx<'_>) -> Result<Handled> {
    let Some(toks) = tokens(cx) else {
        return Ok(Handled::No);
    };
    let w = words_upper(&toks, 4);
    let w: Vec<&str> = w.iter().map(String::as_str).collect();
    match w.as_slice() {
        ["DO", ..] if cx.dialect == Dialect::Postgres => Ok(Handled::Done(
            Outcome::NotModeled,
            Some(cx.warning("EW003", "DO block: its effects are not modeled; if it changes the schema, write that as plain DDL so ebb can revert it")),
        )),
        ["PRAGMA", ..] => Ok(Handled::Done(Outcome::Session, None)),
        // When deferred constraints are checked, for this transaction (Django emits it around
        // foreign key changes): nothing of the schema. sqlparser 0.63 has no statement for it.
        ["SET", "CONSTRAINTS", ..] if cx.dialect == Dialect::Postgres => Ok(Handled::Done(Outcome::Session, None)),
        ["CREATE", ..] if routine_kind(&toks).is_some() => create_routine(s, cx, &toks),
        ["DROP", "TRIGGER" | "FUNCTION" | "PROCEDURE", ..] => drop_routine(s, cx, &toks),
        ["CREATE" | "ALTER", "SEQUENCE", ..] |
["CREATE", "TEMP" | "TEMPORARY" | "UNLOGGED", "SEQUENCE", ..] if cx.dialect == Dialect::Postgres => {
            sequence(s, cx, &toks)
        }
        ["DROP", "INDEX", "CONCURRENTLY", ..] => {
            let t = &toks[2];
            Ok(Handled::Rewritten(format!("{}{}", &cx.text[..t.start], &cx.text[t.end..]), None))
        }
        ["ALTER", "TABLE", ..] if cx.dialect == Dialect::Mysql => mysql_alter(s, cx, &toks),
        ["CREATE", "FULLTEXT" | "SPATIAL", "INDEX" | "KEY", ..] if cx.dialect == Dialect::Mysql => {
            Ok(mysql_create_special_index(cx, &toks))
        }
        ["ALTER" | "CREATE", "TABLE", ..] if cx.dialect == Dialect::Postgres => Ok(strip_identity_options(cx, &toks)),
        ["CREATE", "TABLE", ..] | ["CREATE", "TEMP" | "TEMPORARY", "TABLE", ..] if cx.dialect == Dialect::Sqlite => Ok(sqlite_create_table(cx, &toks)),
        _ => Ok(Handled::No),
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
        return Ok(Handled::No);
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

/// PostgreSQL's `pg_temp` schema (also spelled `pg_temp_N`): what is created there lives for
/// the session only, as a backfill's helper function does.
pub(crate) fn in_session_schema(name: &str) -> bool {
    name.split_once('.').is_some_and(|(schema, _)| {
        schema == "pg_temp"
            || schema
                .strip_prefix("pg_temp_")
                .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
    })
}

fn number(toks: &[Tok], i: usize) -> Option<(i64, usize)> {
    match (
        toks.get(i).map(|t| &t.token),
        toks.get(i + 1).map(|t| &t.token),
    ) {
        (Some(Token::Minus), Some(Token::Number(n, _))) => Some((-n.parse::<i64>().ok()?, i + 2)),
        (Some(Token::Number(n, _)), _) => Some((n.parse().ok()?, i + 1)),
        _ => None,
    }
}

/// `CREATE SEQUENCE` / `ALTER SEQUENCE` with options in any order (pg_dump writes `START WITH`
/// before `INCREMENT BY`, which sqlparser rejects) and `OWNED BY`.
fn sequence(s: &mut Schema, cx: &Ctx<'_>, toks: &[Tok]) -> Result<Handled> {
    let create = toks[0].word().as_deref() == Some("CREATE");
    let mut i = toks
        .iter()
        .position(|t| t.word().as_deref() == Some("SEQUENCE"))
        .unwrap_or(1)
        + 1;
    let mut guard = false;
    if toks.get(i).and_then(Tok::word).as_deref() == Some("IF") {
        guard = true;
        i += if create { 3 } else { 2 };
    }
    let Some((name, mut i)) = object_name(cx, toks, i) else {
        return Err(cx.unsupported("cannot read the sequence name"));
    };
    let mut q = if create {
        if s.sequence(&name).is_some() {
            if guard {
                return Ok(Handled::Done(Outcome::Schema, None));
            }
            return Err(cx.semantic(format!("sequence {name} already exists")));
        }
        Sequence::plain(s.fresh_id(), name.clone(), "bigint")
    } else {
        match s.sequence(&name) {
            Some(q) => q.clone(),
            None if guard => return Ok(Handled::Done(Outcome::Schema, None)),
            None => return Err(cx.semantic(format!("sequence {name} does not exist"))),
        }
    };
    let mut rename = None;
    let bad = |what: &str| cx.unsupported(format!("sequence option {what} is not understood"));
    while i < toks.len() {
        let w = toks[i].word().unwrap_or_else(|| toks[i].token.to_string());
        i += 1;
        let skip_kw = |i: &mut usize, kw: &str| {
            if toks.get(*i).and_then(Tok::word).as_deref() == Some(kw) {
                *i += 1;
            }
        };
        match w.as_str() {
            "AS" => {
                q.ty = crate::normalize::column_type(
                    Dialect::Postgres,
                    &toks.get(i).map(|t| t.token.to_string()).unwrap_or_default(),
                );
                i += 1;
            }
            "START" | "RESTART" => {
                skip_kw(&mut i, "WITH");
                if let Some((n, ni)) = number(toks, i) {
                    if w == "START" {
                        q.start = n;
                    }
                    i = ni;
                }
            }
            "INCREMENT" => {
                skip_kw(&mut i, "BY");
                let (n, ni) = number(toks, i).ok_or_else(|| bad("INCREMENT"))?;
                q.increment = n;
                i = ni;
            }
            "MINVALUE" => {
                let (n, ni) = number(toks, i).ok_or_else(|| bad("MINVALUE"))?;
                q.min = Some(n);
                i = ni;
            }
            "MAXVALUE" => {
                let (n, ni) = number(toks, i).ok_or_else(|| bad("MAXVALUE"))?;
                q.max = Some(n);
                i = ni;
            }
            "NO" => {
                match toks.get(i).and_then(Tok::word).as_deref() {
                    Some("MINVALUE") => q.min = None,
                    Some("MAXVALUE") => q.max = None,
                    Some("CYCLE") => q.cycle = false,
                    _ => return Err(bad("NO …")),
                }
                i += 1;
            }
            "CACHE" => {
                let (n, ni) = number(toks, i).ok_or_else(|| bad("CACHE"))?;
                q.cache = n;
                i = ni;
            }
            "CYCLE" => q.cycle = true,
            "OWNED" => {
                skip_kw(&mut i, "BY");
                if toks.get(i).and_then(Tok::word).as_deref() == Some("NONE") {
                    q.owned_by = None;
                    i += 1;
                } else {
                    let (full, ni) = object_name(cx, toks, i).ok_or_else(|| bad("OWNED BY"))?;
                    i = ni;
                    let (t, c) = full
                        .rsplit_once('.')
                        .ok_or_else(|| bad("OWNED BY (expected table.column)"))?;
                    let tbl = s
                        .table(t)
                        .ok_or_else(|| cx.semantic(format!("table {t} does not exist")))?;
                    if tbl.column(s.dialect, c).is_none() {
                        return Err(cx.semantic(format!("column {c} of table {t} does not exist")));
                    }
                    q.owned_by = Some((t.to_string(), c.to_string()));
                }
            }
            "RENAME" => {
                skip_kw(&mut i, "TO");
                let (n, ni) = object_name(cx, toks, i).ok_or_else(|| bad("RENAME TO"))?;
                rename = Some(n);
                i = ni;
            }
            "OWNER" => {
                // Ownership is not modeled.
                i = toks.len();
            }
            "SEMICOLON" | ";" => {}
            other => return Err(bad(other)),
        }
    }
    if let Some(n) = rename {
        for t in &mut s.tables {
            for c in &mut t.columns {
                if let Some(d) = &mut c.default {
                    *d = d.replace(
                        &format!("nextval('{}'::regclass)", Dialect::pg_ident(&name)),
                        &format!("nextval('{}'::regclass)", Dialect::pg_ident(&n)),
                    );
                }
            }
        }
        q.name = n;
    }
    if create {
        s.sequences.push(q);
    } else if let Some(slot) = s.sequences.iter_mut().find(|x| x.name == name) {
        *slot = q;
    }
    Ok(Handled::Done(Outcome::Schema, None))
}

/// PostgreSQL identity columns with sequence options in parentheses (`GENERATED … AS IDENTITY
/// (START WITH 1 INCREMENT BY 1 …)`): the options are not modeled, so they are cut out before
/// parsing.
fn strip_identity_options(cx: &Ctx<'_>, toks: &[Tok]) -> Handled {
    let mut cuts = Vec::new();
    for i in 1..toks.len() {
        if toks[i].word().as_deref() == Some("IDENTITY")
            && toks[i - 1].word().as_deref() == Some("AS")
            && matches!(toks.get(i + 1).map(|t| &t.token), Some(Token::LParen))
        {
            let mut depth = 0;
            for t in &toks[i + 1..] {
                match t.token {
                    Token::LParen => depth += 1,
                    Token::RParen => {
                        depth -= 1;
                        if depth == 0 {
                            cuts.push((toks[i + 1].start, t.end));
                            break;
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    if cuts.is_empty() {
        return Handled::No;
    }
    let mut out = String::new();
    let mut last = 0;
    for (a, b) in cuts {
        out.push_str(&cx.text[last..a]);
        last = b;
    }
    out.push_str(&cx.text[last..]);
    Handled::Rewritten(out, None)
}

/// SQLite `CREATE TABLE`: `ON CONFLICT` clauses are cut (not modeled) and the table options
/// after the closing parenthesis (`STRICT`, `WITHOUT ROWID`, in any combination) are read here.
fn sqlite_create_table(cx: &Ctx<'_>, toks: &[Tok]) -> Handled {
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
        return Handled::No;
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

/// A MariaDB `ADD … IF NOT EXISTS` or `DROP … IF EXISTS` action (column, index, foreign key,
/// constraint). `None` when the action is not one; `Some(None)` when the object already is (or
/// is not) there, so the action does nothing; `Some(Some(text))` with the action's text minus
/// its `IF [NOT] EXISTS`, for sqlparser.
#[allow(clippy::option_option)] // the three cases are documented above
fn mysql_conditional_action(
    s: &Schema,
    cx: &Ctx<'_>,
    table: &str,
    part: &[Tok],
) -> Option<Option<String>> {
    let w: Vec<String> = part
        .iter()
        .take(8)
        .map(|t| t.word().unwrap_or_default())
        .collect();
    let add = match w.first().map(String::as_str) {
        Some("ADD") => true,
        Some("DROP") => false,
        _ => return None,
    };
    let (kind, mut i) = match w.get(1).map(String::as_str) {
        Some("COLUMN") => ("column", 2),
        Some("INDEX" | "KEY") => ("index", 2),
        Some("UNIQUE" | "FULLTEXT" | "SPATIAL") => {
            let k = if matches!(w.get(2).map(String::as_str), Some("INDEX" | "KEY")) {
                3
            } else {
                2
            };
            ("index", k)
        }
        Some("FOREIGN") => ("foreign key", 3),
        Some("CONSTRAINT") => ("constraint", 2),
        _ => ("column", 1),
    };
    let if_at = i;
    if w.get(i).map(String::as_str) != Some("IF") {
        return None;
    }
    i += if add { 3 } else { 2 };
    let expected = if add {
        ["IF", "NOT", "EXISTS"].as_slice()
    } else {
        ["IF", "EXISTS"].as_slice()
    };
    if w.get(if_at..i)
        .is_none_or(|x| x.iter().map(String::as_str).ne(expected.iter().copied()))
    {
        return None;
    }
    let name = ident_value(cx, part.get(i)?)?;
    let d = cx.dialect;
    let t = s.table(table)?;
    let key = d.key(&name);
    let named = |n: &Option<String>| n.as_deref().is_some_and(|x| d.key(x) == key);
    let exists = match kind {
        "column" => t.column(d, &name).is_some(),
        "index" => t.index_pos(d, &name).is_some(),
        "foreign key" => t.foreign_keys.iter().any(|f| named(&f.name)),
        _ => {
            t.foreign_keys.iter().any(|f| named(&f.name))
                || t.checks.iter().any(|c| named(&c.name))
                || t.index_pos(d, &name).is_some()
        }
    };
    if exists == add {
        return Some(None);
    }
    let text = format!(
        "{} {}",
        &cx.text[part[0].start..part[if_at - 1].end],
        &cx.text[part[i].start..part[part.len() - 1].end]
    );
    Some(Some(text))
}

/// MySQL `ALTER TABLE` actions sqlparser rejects (`CONVERT TO CHARACTER SET`, `ENGINE=`,
/// `COMMENT=`, `[DEFAULT] CHARSET=`, `COLLATE=`, `RENAME INDEX|KEY a TO b`) are applied here;
/// the other actions of the same statement are handed to sqlparser.
fn mysql_alter(s: &mut Schema, cx: &Ctx<'_>, toks: &[Tok]) -> Result<Handled> {
    let mut i = 2;
    if toks.get(i).and_then(Tok::word).as_deref() == Some("IF") {
        i += 2;
    }
    let Some((tname, start)) = object_name(cx, toks, i) else {
        return Ok(Handled::No);
    };
    // Split actions at top-level commas.
    let mut actions: Vec<(usize, usize)> = Vec::new();
    let mut depth = 0;
    let mut a0 = start;
    for (k, t) in toks.iter().enumerate().skip(start) {
        match t.token {
            Token::LParen => depth += 1,
            Token::RParen => depth -= 1,
            Token::Comma if depth == 0 => {
                actions.push((a0, k));
                a0 = k + 1;
            }
            _ => {}
        }
    }
    actions.push((a0, toks.len()));
    let mut rest = Vec::new();
    let mut narrow = Vec::new();
    let mut conditional = false;
    for (a, b) in actions {
        if a >= b {
            continue;
        }
        if let Some(keep) = mysql_conditional_action(s, cx, &tname, &toks[a..b]) {
            // MariaDB's ADD … IF NOT EXISTS / DROP … IF EXISTS, decided against the model.
            conditional = true;
            rest.extend(keep);
            continue;
        }
        let w: Vec<String> = toks[a..b.min(a + 3)]
            .iter()
            .map(|t| t.word().unwrap_or_default())
            .collect();
        let w: Vec<&str> = w.iter().map(String::as_str).collect();
        let is_narrow = matches!(
            w.as_slice(),
            [
                "CONVERT"
                    | "ENGINE"
                    | "COMMENT"
                    | "CHARSET"
                    | "CHARACTER"
                    | "COLLATE"
                    | "ROW_FORMAT",
                ..
            ] | ["DEFAULT", "CHARSET" | "CHARACTER" | "COLLATE", ..]
                | ["RENAME", "INDEX" | "KEY", ..]
        );
        if is_narrow {
            narrow.push((a, b));
        } else {
            rest.push(cx.text[toks[a].start..toks[b - 1].end].to_string());
        }
    }
    if narrow.is_empty() && !conditional {
        return Ok(Handled::No);
    }
    for (a, b) in narrow {
        let part = &toks[a..b];
        let words: Vec<String> = part.iter().map(|t| t.word().unwrap_or_default()).collect();
        let value = |from: usize| -> String {
            part.iter()
                .skip(from)
                .find(|t| !matches!(t.token, Token::Eq))
                .map(|t| match &t.token {
                    Token::SingleQuotedString(v) | Token::DoubleQuotedString(v) => v.clone(),
                    Token::Word(w) => w.value.clone(),
                    other => other.to_string(),
                })
                .unwrap_or_default()
        };
        if words.first().map(String::as_str) == Some("RENAME") {
            let from = part
                .get(2)
                .and_then(|t| ident_value(cx, t))
                .unwrap_or_default();
            let to = part
                .get(4)
                .and_then(|t| ident_value(cx, t))
                .unwrap_or_default();
            table::rename_index(s, cx, &from, &to, Some(&tname))?;
            continue;
        }
        let t = s
            .table_mut(&tname)
            .ok_or_else(|| cx.semantic(format!("table {tname} does not exist")))?;
        match words.first().map(String::as_str) {
            Some("CONVERT") => {
                // CONVERT TO CHARACTER SET x [COLLATE y]: sets the table default and every
                // text column's character set.
                let cs_at = words
                    .iter()
                    .position(|w| w == "SET" || w == "CHARSET")
                    .map_or(3, |p| p + 1);
                let cs = value(cs_at).to_lowercase();
                let coll = words
                    .iter()
                    .position(|w| w == "COLLATE")
                    .map(|p| value(p + 1).to_lowercase());
                // `DEFAULT` means the database's character set: no explicit table option.
                t.options.charset = Some(cs).filter(|c| c != "default");
                t.options.collation = coll.filter(|_| t.options.charset.is_some());
                for c in &mut t.columns {
                    c.charset = None;
                    c.collation = None;
                }
            }
            Some("DEFAULT") => {
                let key = if words.get(1).is_some_and(|w| w == "COLLATE") {
                    "COLLATE"
                } else {
                    "CHARSET"
                };
                let at = if words.get(1).is_some_and(|w| w == "CHARACTER") {
                    3
                } else {
                    2
                };
                table::set_table_option(cx, t, key, &value(at))?;
            }
            Some("CHARACTER") => table::set_table_option(cx, t, "CHARSET", &value(2))?,
            Some(k) => table::set_table_option(cx, t, k, &value(1))?,
            None => {}
        }
    }
    if rest.is_empty() {
        return Ok(Handled::Done(Outcome::Schema, None));
    }
    let head = &cx.text[..toks[start].start];
    Ok(Handled::Rewritten(
        format!("{head}{}", rest.join(", ")),
        None,
    ))
}

/// MySQL `CREATE FULLTEXT|SPATIAL INDEX name ON t (…)`, which sqlparser rejects, read as the
/// equivalent `ALTER TABLE t ADD FULLTEXT|SPATIAL INDEX name (…)`.
fn mysql_create_special_index(cx: &Ctx<'_>, toks: &[Tok]) -> Handled {
    let on = toks.iter().position(|t| t.word().as_deref() == Some("ON"));
    let (Some(on), Some(name)) = (on, toks.get(3)) else {
        return Handled::No;
    };
    let Some((_, next)) = object_name(cx, toks, on + 1) else {
        return Handled::No;
    };
    let (Some(first), Some(last), Some(rest)) =
        (toks.get(on + 1), toks.get(next - 1), toks.get(next))
    else {
        return Handled::No;
    };
    Handled::Rewritten(
        format!(
            "ALTER TABLE {} ADD {} INDEX {} {}",
            &cx.text[first.start..last.end],
            toks[1].word().unwrap_or_default(),
            &cx.text[name.start..name.end],
            &cx.text[rest.start..]
        ),
        None,
    )
}
