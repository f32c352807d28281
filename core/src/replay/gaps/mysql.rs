//! MySQL's and MariaDB's gaps: `ALTER TABLE` actions sqlparser rejects (table options,
//! `CONVERT TO CHARACTER SET`, `RENAME INDEX`, MariaDB's `IF [NOT] EXISTS` actions) and
//! `CREATE FULLTEXT|SPATIAL INDEX`.

use super::{ident_value, object_name, Ctx, Handled, Tok};
use crate::replay::{table, Outcome};
use crate::schema::Schema;
use crate::Result;
use sqlparser::tokenizer::Token;

/// A MariaDB `ADD … IF NOT EXISTS` or `DROP … IF EXISTS` action (column, index, foreign key,
/// constraint). `None` when the action is not one; `Some(None)` when the object already is (or
/// is not) there, so the action does nothing; `Some(Some(text))` with the action's text minus
/// its `IF [NOT] EXISTS`, for sqlparser.
#[allow(clippy::option_option)] // the three cases are documented above
fn conditional_action(
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
/// `COMMENT=`, `[DEFAULT] CHARSET=`, `COLLATE=`, `RENAME INDEX|KEY a TO b`) are applied here,
/// `DROP CHECK name` becomes `DROP CONSTRAINT name`; the other actions of the same statement
/// are handed to sqlparser.
pub(super) fn alter(s: &mut Schema, cx: &Ctx<'_>, toks: &[Tok]) -> Result<Handled> {
    let mut i = 2;
    if toks.get(i).and_then(Tok::word).as_deref() == Some("IF") {
        i += 2;
    }
    let Some((tname, start)) = object_name(cx, toks, i) else {
        return Ok(Handled::Parse);
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
    // Some action was decided or rewritten here: the statement is not sqlparser's as written.
    let mut rewritten = false;
    for (a, b) in actions {
        if a >= b {
            continue;
        }
        if let Some(keep) = conditional_action(s, cx, &tname, &toks[a..b]) {
            // MariaDB's ADD … IF NOT EXISTS / DROP … IF EXISTS, decided against the model.
            rewritten = true;
            rest.extend(keep);
            continue;
        }
        let w: Vec<String> = toks[a..b.min(a + 3)]
            .iter()
            .map(|t| t.word().unwrap_or_default())
            .collect();
        let w: Vec<&str> = w.iter().map(String::as_str).collect();
        if matches!(w.as_slice(), ["DROP", "CHECK", _]) && b - a == 3 {
            // MySQL 8's `DROP CHECK name` is the drop of a constraint, as MariaDB writes it.
            rewritten = true;
            rest.push(format!(
                "DROP CONSTRAINT {}",
                &cx.text[toks[a + 2].start..toks[a + 2].end]
            ));
            continue;
        }
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
    if narrow.is_empty() && !rewritten {
        return Ok(Handled::Parse);
    }
    for (a, b) in narrow {
        table_action(s, cx, &tname, &toks[a..b])?;
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

/// One `ALTER TABLE` action of those sqlparser rejects, on table `tname`: a table option,
/// `CONVERT TO CHARACTER SET`, or `RENAME INDEX|KEY a TO b`.
fn table_action(s: &mut Schema, cx: &Ctx<'_>, tname: &str, part: &[Tok]) -> Result<()> {
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
        crate::replay::index::rename_index(s, cx, &from, &to, Some(tname))?;
        return Ok(());
    }
    let t = s
        .table_mut(tname)
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
    Ok(())
}

/// MySQL `CREATE FULLTEXT|SPATIAL INDEX name ON t (…)`, which sqlparser rejects, read as the
/// equivalent `ALTER TABLE t ADD FULLTEXT|SPATIAL INDEX name (…)`.
pub(super) fn create_special_index(cx: &Ctx<'_>, toks: &[Tok]) -> Handled {
    let on = toks.iter().position(|t| t.word().as_deref() == Some("ON"));
    let (Some(on), Some(name)) = (on, toks.get(3)) else {
        return Handled::Parse;
    };
    let Some((_, next)) = object_name(cx, toks, on + 1) else {
        return Handled::Parse;
    };
    let (Some(first), Some(last), Some(rest)) =
        (toks.get(on + 1), toks.get(next - 1), toks.get(next))
    else {
        return Handled::Parse;
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

/// MySQL's own gaps, by the statement's first words.
pub(super) fn handle(s: &mut Schema, cx: &Ctx<'_>, toks: &[Tok], w: &[&str]) -> Result<Handled> {
    match w {
        ["ALTER", "TABLE", ..] => alter(s, cx, toks),
        ["CREATE", "FULLTEXT" | "SPATIAL", "INDEX" | "KEY", ..] => {
            Ok(create_special_index(cx, toks))
        }
        _ => Ok(Handled::Parse),
    }
}
