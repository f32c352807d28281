//! Print a dialect's catalog queries as JSON (`[{"id", "sql", "columns"}]`), for tools that
//! capture catalog rows (scripts/capture-catalog).
//! `cargo run -p ebb-core --example inspect_queries -- <postgres|mysql|sqlite>`

use std::io::Write as _;

fn main() {
    let Some(dialect) = std::env::args().nth(1) else {
        eprintln!("usage: inspect_queries <postgres|mysql|sqlite>");
        std::process::exit(2);
    };
    let d: ebb_core::Dialect = match dialect.parse() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let json = serde_json::to_string_pretty(ebb_core::inspect::queries(d)).unwrap_or_default();
    let _ = writeln!(std::io::stdout(), "{json}");
}
