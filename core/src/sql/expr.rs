//! Word-level edits of SQL expression text kept in the model (defaults, checks, index
//! expressions): renaming an identifier and asking whether one is named. Quoted strings are left
//! alone; the text is never parsed.

use crate::Dialect;

/// Replace whole-word occurrences of identifier `from` with `to` outside quotes.
#[must_use]
pub fn rename_in_expr(d: Dialect, expr: &str, from: &str, to: &str) -> String {
    let mut out = String::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let flush = |word: &mut String, out: &mut String| {
        if !word.is_empty() {
            if d.same_name(word, from) {
                out.push_str(to);
            } else {
                out.push_str(word);
            }
            word.clear();
        }
    };
    for ch in expr.chars() {
        if let Some(q) = quote {
            out.push(ch);
            if ch == q {
                quote = None;
            }
            continue;
        }
        if ch.is_alphanumeric() || ch == '_' {
            word.push(ch);
            continue;
        }
        flush(&mut word, &mut out);
        if ch == '\'' {
            quote = Some(ch);
        }
        out.push(ch);
    }
    flush(&mut word, &mut out);
    out
}

/// Whether an expression names one of `columns` (name keys) as an identifier.
#[must_use]
pub fn mentions_any(d: Dialect, expr: &str, columns: &[String]) -> bool {
    !columns.is_empty()
        && expr
            .split(|ch: char| !(ch.is_alphanumeric() || ch == '_' || ch == '$'))
            .any(|w| !w.is_empty() && columns.contains(&d.key(w)))
}
