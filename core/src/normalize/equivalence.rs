//! The equivalence key of an expression: two texts with the same key mean the same to the
//! database, however the catalog spells them back (casts, parentheses, quoting, `~~`). Used to
//! match an inspection to its replay; never executed.

use super::expr;
use crate::Dialect;

/// A key under which two spellings of one expression compare equal, whichever wrote it: the
/// migration author or the database's catalog (`pg_get_expr`, MariaDB's `CHECK_CLAUSE`).
///
/// The expression is parsed and rewritten: parentheses and `::`/`CAST` casts are dropped (the
/// catalogs add both), `x = ANY (ARRAY[…])` becomes `x IN (…)`, `BETWEEN` becomes its two
/// comparisons, `~~` becomes `LIKE`, numeric strings and `-n` become numbers (`'-1'::integer`),
/// identifiers lose their quotes and qualifiers. The result is printed fully parenthesised, so
/// `(a + b) * c` and `a + b * c` keep different keys. Text that does not parse keeps its [`super::canonical_text`].
///
/// This key is only for deciding equivalence (inspected vs. replayed); it is never executed.
#[must_use]
pub fn equivalence_key(d: Dialect, text: &str) -> String {
    use sqlparser::ast::visit_expressions_mut;
    use std::ops::ControlFlow;
    let pre = expr(d, text);
    let dialect = d.parser();
    let parsed = sqlparser::parser::Parser::new(&*dialect)
        .try_with_sql(&pre)
        .and_then(|mut p| {
            let e = p.parse_expr()?;
            // The whole text must be one expression.
            p.expect_token(&sqlparser::tokenizer::Token::EOF)?;
            Ok(e)
        });
    let Ok(mut e) = parsed else {
        return pre;
    };
    let _ = visit_expressions_mut(&mut e, |x| {
        rewrite_step(d, x);
        ControlFlow::<()>::Continue(())
    });
    let out = expr(d, &e.to_string());
    if d == Dialect::Postgres && out == "now()" {
        return "current_timestamp".into();
    }
    out
}

fn canonical_number(n: &str) -> Option<String> {
    let (neg, digits) = match n.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, n.strip_prefix('+').unwrap_or(n)),
    };
    if digits.is_empty()
        || !digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        || digits.bytes().filter(|b| *b == b'.').count() > 1
    {
        return None;
    }
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let int = int.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let body = if frac.is_empty() {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    };
    Some(if neg && body != "0" {
        format!("-{body}")
    } else {
        body
    })
}

fn number_expr(n: String) -> sqlparser::ast::Expr {
    sqlparser::ast::Expr::value(sqlparser::ast::Value::Number(n, false))
}

/// One post-order rewrite step of [`equivalence_key`].
fn rewrite_step(d: Dialect, x: &mut sqlparser::ast::Expr) {
    use sqlparser::ast::{BinaryOperator as B, Expr, Ident, UnaryOperator, Value};
    let taken = std::mem::replace(x, Expr::value(Value::Null));
    let plain = |i: &Ident| Ident::new(d.ident_value(i));
    *x = match taken {
        Expr::Nested(inner) | Expr::Cast { expr: inner, .. } => *inner,
        Expr::Identifier(i) => Expr::Identifier(plain(&i)),
        Expr::CompoundIdentifier(parts) => match parts.last() {
            Some(i) => Expr::Identifier(plain(i)),
            None => Expr::CompoundIdentifier(parts),
        },
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) => match canonical_number(s) {
                Some(n) => number_expr(n),
                None => Expr::Value(v),
            },
            Value::Number(n, _) => number_expr(canonical_number(n).unwrap_or_else(|| n.clone())),
            Value::Boolean(b) if d == Dialect::Mysql => number_expr(u8::from(*b).to_string()),
            _ => Expr::Value(v),
        },
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => match &*expr {
            Expr::Value(v) => match &v.value {
                Value::Number(n, _) => {
                    number_expr(canonical_number(&format!("-{n}")).unwrap_or_else(|| n.clone()))
                }
                _ => Expr::UnaryOp {
                    op: UnaryOperator::Minus,
                    expr,
                },
            },
            _ => Expr::UnaryOp {
                op: UnaryOperator::Minus,
                expr: wrap(*expr),
            },
        },
        Expr::UnaryOp { op, expr } => Expr::UnaryOp {
            op,
            expr: wrap(*expr),
        },
        Expr::AnyOp {
            left,
            compare_op: B::Eq,
            right,
            ..
        } if matches!(&*right, Expr::Array(_)) => {
            let Expr::Array(a) = *right else {
                unreachable!("matched above")
            };
            Expr::InList {
                expr: left,
                list: a.elem,
                negated: false,
            }
        }
        Expr::Between {
            expr,
            negated,
            low,
            high,
        } => between_as_comparisons(*expr, negated, low, high),
        Expr::BinaryOp { left, op, right } => {
            let (op, like) = match op {
                B::PGLikeMatch => (B::Eq, Some(false)),
                B::PGNotLikeMatch => (B::Eq, Some(true)),
                other => (other, None),
            };
            match like {
                Some(negated) => Expr::Like {
                    negated,
                    any: false,
                    expr: left,
                    pattern: right,
                    escape_char: None,
                },
                None => Expr::BinaryOp {
                    left: wrap(*left),
                    op,
                    right: wrap(*right),
                },
            }
        }
        Expr::IsNull(e) => Expr::IsNull(wrap(*e)),
        Expr::IsNotNull(e) => Expr::IsNotNull(wrap(*e)),
        Expr::Function(f) => Expr::Function(function_key(d, f)),
        other => other,
    };
}

/// `a BETWEEN l AND h` as `a >= l AND a <= h` (how PostgreSQL stores it), negated as a whole.
fn between_as_comparisons(
    expr: sqlparser::ast::Expr,
    negated: bool,
    low: Box<sqlparser::ast::Expr>,
    high: Box<sqlparser::ast::Expr>,
) -> sqlparser::ast::Expr {
    use sqlparser::ast::{BinaryOperator as B, Expr, UnaryOperator};
    let both = Expr::BinaryOp {
        left: wrap(Expr::BinaryOp {
            left: Box::new(expr.clone()),
            op: B::GtEq,
            right: low,
        }),
        op: B::And,
        right: wrap(Expr::BinaryOp {
            left: Box::new(expr),
            op: B::LtEq,
            right: high,
        }),
    };
    if negated {
        Expr::UnaryOp {
            op: UnaryOperator::Not,
            expr: Box::new(Expr::Nested(Box::new(both))),
        }
    } else {
        both
    }
}

/// A function call by its bare lower-case name (MariaDB's synonyms read as the standard ones).
fn function_key(d: Dialect, mut f: sqlparser::ast::Function) -> sqlparser::ast::Function {
    use sqlparser::ast::Ident;
    for part in &mut f.name.0 {
        if let sqlparser::ast::ObjectNamePart::Identifier(i) = part {
            let lower = i.value.to_lowercase();
            // MariaDB stores UPPER/LOWER as their synonyms UCASE/LCASE.
            let name = match (d, lower.as_str()) {
                (Dialect::Mysql, "ucase") => "upper".to_string(),
                (Dialect::Mysql, "lcase") => "lower".to_string(),
                _ => lower,
            };
            *i = Ident::new(name);
        }
    }
    if f.name.0.len() > 1 {
        f.name.0.drain(..f.name.0.len() - 1);
    }
    f
}

/// Parenthesise compound operands so that the printed key keeps the tree's shape.
fn wrap(e: sqlparser::ast::Expr) -> Box<sqlparser::ast::Expr> {
    use sqlparser::ast::Expr;
    Box::new(match e {
        Expr::BinaryOp { .. }
        | Expr::UnaryOp { .. }
        | Expr::Like { .. }
        | Expr::InList { .. }
        | Expr::IsNull(_)
        | Expr::IsNotNull(_) => Expr::Nested(Box::new(e)),
        other => other,
    })
}
