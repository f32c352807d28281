//! SQL text below the model: splitting a file into statements (with `-- ebb:` directives) and
//! word-level edits of expression text. Replay, migrate and diff all build on it; it knows
//! nothing of schemas.

pub mod expr;
pub mod split;
