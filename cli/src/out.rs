//! What a command prints: lines for people as it goes, or one JSON document at the end (also
//! when the command fails, with `"ok": false` and the error).

use crate::fail::Failure;
use crate::Format;
use ebb_core::replay::Warning;
use serde_json::{json, Map, Value};
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

static STDOUT_GONE: AtomicBool = AtomicBool::new(false);
static STDERR_GONE: AtomicBool = AtomicBool::new(false);

/// Write to stdout. A reader that went away (`ebb migrate apply | head -1`) never stops a
/// run between two statements: the run goes on to its end, silently.
pub fn say(text: &str) {
    write_to(&mut std::io::stdout().lock(), &STDOUT_GONE, text);
}

/// [`say`] for stderr.
pub fn tell(text: &str) {
    write_to(&mut std::io::stderr().lock(), &STDERR_GONE, text);
}

fn write_to(w: &mut impl Write, gone: &AtomicBool, text: &str) {
    if gone.load(Ordering::Relaxed) {
        return;
    }
    if w.write_all(text.as_bytes())
        .and_then(|()| w.flush())
        .is_err()
    {
        gone.store(true, Ordering::Relaxed);
    }
}

/// `println!` through [`say`].
#[macro_export]
macro_rules! sayln {
    ($($arg:tt)*) => { $crate::out::say(&format!("{}\n", format_args!($($arg)*))) };
}

/// `eprintln!` through [`tell`].
#[macro_export]
macro_rules! tellln {
    ($($arg:tt)*) => { $crate::out::tell(&format!("{}\n", format_args!($($arg)*))) };
}

/// The output of one command.
pub struct Out {
    format: Format,
    /// The JSON document (printed in JSON mode only).
    pub doc: Map<String, Value>,
}

impl Out {
    /// Output of `command` in `format`.
    pub fn new(format: Format, command: &str) -> Out {
        let mut doc = Map::new();
        doc.insert("command".into(), json!(command));
        Out { format, doc }
    }

    /// Whether lines are printed.
    pub fn text_mode(&self) -> bool {
        self.format == Format::Text
    }

    /// A line (text mode).
    pub fn line(&self, s: impl AsRef<str>) {
        if self.text_mode() {
            crate::sayln!("{}", s.as_ref());
        }
    }

    /// Set a field of the JSON document.
    pub fn set(&mut self, key: &str, v: Value) {
        self.doc.insert(key.into(), v);
    }

    /// Append to a list field of the JSON document.
    pub fn push(&mut self, key: &str, v: Value) {
        let e = self.doc.entry(key).or_insert_with(|| json!([]));
        if let Value::Array(a) = e {
            a.push(v);
        }
    }

    /// Print warnings (stderr in text mode, a `warnings` list in JSON).
    pub fn warnings(&mut self, ws: &[Warning]) {
        for w in ws {
            if self.text_mode() {
                if w.file.is_empty() {
                    crate::tellln!("warning[{}]: {}", w.code, w.message);
                } else {
                    crate::tellln!(
                        "warning[{}]: {}:{}:{}: {}",
                        w.code,
                        w.file,
                        w.line,
                        w.col,
                        w.message
                    );
                }
            }
            self.push("warnings", json!(w));
        }
    }

    /// End the command: in JSON mode print the document with `ok` and `error`.
    pub fn finish(mut self, res: Result<(), Failure>) -> Result<(), Failure> {
        if self.format == Format::Json {
            self.doc.insert("ok".into(), json!(res.is_ok()));
            if let Err(f) = &res {
                self.doc.insert("error".into(), json!(f.message));
            }
            crate::sayln!(
                "{}",
                serde_json::to_string_pretty(&Value::Object(self.doc)).unwrap_or_default()
            );
        }
        res
    }
}

/// A duration as people read it: `850µs`, `12.3ms`, `1.52s`.
pub fn took(d: Duration) -> String {
    let us = d.as_micros();
    if us < 1_000 {
        format!("{us}µs")
    } else if us < 1_000_000 {
        format!("{:.1}ms", d.as_secs_f64() * 1e3)
    } else {
        format!("{:.2}s", d.as_secs_f64())
    }
}

/// Milliseconds for JSON.
pub fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e6).round() / 1e3
}
