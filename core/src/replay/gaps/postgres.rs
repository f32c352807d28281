//! PostgreSQL's gaps: sequences with options in any order (as pg_dump writes them), identity
//! options in parentheses, and the session-only `pg_temp` schema.

use super::{holds_word, object_name, Ctx, FirstWords, Handled, Tok};
use crate::replay::Outcome;
use crate::schema::{Schema, Sequence};
use crate::{Dialect, Result};
use sqlparser::tokenizer::Token;
use std::sync::Arc;

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
pub(super) fn sequence(s: &mut Schema, cx: &Ctx<'_>, toks: &[Tok]) -> Result<Handled> {
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
                i = owned_by(s, cx, toks, i, &mut q)?;
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
        follow_rename(s, &name, &n);
        q.name = n;
    }
    if create {
        s.add_sequence(q);
    } else if let Some(pos) = s.sequences.iter().position(|x| x.name == name) {
        let renamed = q.name.clone();
        s.sequences[pos] = Arc::new(q);
        s.note_sequence(&renamed);
        s.note_sequence_owner(pos);
    }
    Ok(Handled::Done(Outcome::Schema, None))
}

/// `OWNED BY table.column | NONE` from token `i`; returns the index after it.
fn owned_by(s: &Schema, cx: &Ctx<'_>, toks: &[Tok], i: usize, q: &mut Sequence) -> Result<usize> {
    if toks.get(i).and_then(Tok::word).as_deref() == Some("NONE") {
        q.owned_by = None;
        return Ok(i + 1);
    }
    let bad = |what: &str| cx.unsupported(format!("sequence option {what} is not understood"));
    let (full, next) = object_name(cx, toks, i).ok_or_else(|| bad("OWNED BY"))?;
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
    Ok(next)
}

/// Defaults that draw from sequence `from` draw from `to` after its rename.
fn follow_rename(s: &mut Schema, from: &str, to: &str) {
    let old = format!("nextval('{}'::regclass)", Dialect::pg_ident(from));
    let new = format!("nextval('{}'::regclass)", Dialect::pg_ident(to));
    let draws = |c: &crate::schema::Column| c.default.as_deref().is_some_and(|d| d.contains(&old));
    for t in &mut s.tables {
        if !t.columns.iter().any(draws) {
            continue;
        }
        for c in &mut std::sync::Arc::make_mut(t).columns {
            if let Some(d) = &mut c.default {
                *d = d.replace(&old, &new);
            }
        }
    }
}

/// PostgreSQL identity columns with sequence options in parentheses (`GENERATED … AS IDENTITY
/// (START WITH 1 INCREMENT BY 1 …)`): the options are not modeled, so they are cut out before
/// parsing.
pub(super) fn strip_identity_options(cx: &Ctx<'_>, toks: &[Tok]) -> Handled {
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
        return Handled::Parse;
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

/// PostgreSQL's own gaps, by the statement's first words.
pub(super) fn handle(s: &mut Schema, cx: &Ctx<'_>, toks: &[Tok], w: &[&str]) -> Result<Handled> {
    match w {
        ["DO", ..] => Ok(Handled::Done(
            Outcome::NotModeled,
            Some(cx.warning("EW003", "DO block: its effects are not modeled; if it changes the schema, write that as plain DDL so ebb can revert it")),
        )),
        // When deferred constraints are checked, for this transaction (Django emits it around
        // foreign key changes): nothing of the schema. sqlparser 0.63 has no statement for it.
        ["SET", "CONSTRAINTS", ..] => Ok(Handled::Done(Outcome::Session, None)),
        ["CREATE" | "ALTER", "SEQUENCE", ..]
        | ["CREATE", "TEMP" | "TEMPORARY" | "UNLOGGED", "SEQUENCE", ..] => sequence(s, cx, toks),
        ["ALTER" | "CREATE", "TABLE", ..] => Ok(strip_identity_options(cx, toks)),
        _ => Ok(Handled::Parse),
    }
}

/// A PostgreSQL `CREATE INDEX`, or a `CREATE TABLE` / `ALTER TABLE` without the word IDENTITY
/// (whose sequence options sqlparser cannot read): nothing here handles it, sqlparser parses
/// it as it is. Decided on the text's first words alone; anything else (a leading comment,
/// other words) goes through the tokens.
pub(super) fn plain_table_statement(cx: &Ctx<'_>) -> bool {
    let w = FirstWords::of(cx.text);
    w.create_index()
        || (w.are(&["CREATE", "TABLE"]) || w.are(&["ALTER", "TABLE"]))
            && !holds_word(cx.text, "IDENTITY")
}
