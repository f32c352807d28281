//! Directories written for other tools, read as ebb directories: Atlas, golang-migrate, goose,
//! dbmate and Flyway. Only up migrations are kept (ebb computes the downs; hand-written down
//! files and sections are ignored). Converted files keep their line numbers, so errors point
//! into the file the user wrote: lines that are not part of the up migration become empty, and
//! another tool's directive becomes the `-- ebb:` directive of the same meaning on its line.

use crate::{Error, Result};
use std::str::FromStr;

/// A directory layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// `<version>_<description>.sql`, `-- ebb:` directives.
    #[default]
    Ebb,
    /// Atlas: ebb's naming, `-- atlas:txmode none` / `-- atlas:delimiter X`.
    Atlas,
    /// golang-migrate: `<version>_<title>.up.sql` (and `.down.sql`, ignored).
    GolangMigrate,
    /// goose: `<version>_<name>.sql` with `-- +goose Up` / `-- +goose Down` sections.
    Goose,
    /// dbmate: `<version>_<name>.sql` with `-- migrate:up` / `-- migrate:down` sections.
    Dbmate,
    /// Flyway: `V<version>__<description>.sql` (undo `U…` files ignored).
    Flyway,
}

impl Layout {
    /// Every layout, in the order help texts list them.
    pub const ALL: [Layout; 6] = [
        Layout::Ebb,
        Layout::Atlas,
        Layout::GolangMigrate,
        Layout::Goose,
        Layout::Dbmate,
        Layout::Flyway,
    ];

    /// The layout a directory's files are written in, when they show it unmistakably
    /// (`files`: name and text): golang-migrate's `.up.sql`/`.down.sql`, Flyway's `V1__x.sql`,
    /// goose's `-- +goose Up`, dbmate's `-- migrate:up`, Atlas's `atlas.sum`. `None`: nothing
    /// says another tool's (ebb's own layout, or no telling).
    #[must_use]
    #[allow(clippy::case_sensitive_file_extension_comparisons)] // tools write `.sql`, lower-case
    pub fn guess(files: &[(String, &str)]) -> Option<(Layout, String)> {
        let first = |pred: &dyn Fn(&(String, &str)) -> bool| files.iter().find(|f| pred(f));
        if let Some((n, _)) = first(&|(n, _)| n == "atlas.sum") {
            return Some((Layout::Atlas, n.clone()));
        }
        if let Some((n, _)) = first(&|(n, _)| n.ends_with(".up.sql") || n.ends_with(".down.sql")) {
            return Some((Layout::GolangMigrate, n.clone()));
        }
        if let Some((n, _)) = first(&|(n, _)| {
            let mut c = n.chars();
            c.next() == Some('V')
                && c.next().is_some_and(|x| x.is_ascii_digit())
                && n.contains("__")
                && n.ends_with(".sql")
        }) {
            return Some((Layout::Flyway, n.clone()));
        }
        if let Some((n, _)) = first(&|(_, t)| t.contains("-- +goose Up")) {
            return Some((Layout::Goose, format!("{n} (-- +goose Up)")));
        }
        if let Some((n, _)) = first(&|(_, t)| t.contains("-- migrate:up")) {
            return Some((Layout::Dbmate, format!("{n} (-- migrate:up)")));
        }
        None
    }

    /// The name `--dir-format` takes.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Layout::Ebb => "ebb",
            Layout::Atlas => "atlas",
            Layout::GolangMigrate => "golang-migrate",
            Layout::Goose => "goose",
            Layout::Dbmate => "dbmate",
            Layout::Flyway => "flyway",
        }
    }
}

impl FromStr for Layout {
    type Err = Error;
    fn from_str(s: &str) -> Result<Layout> {
        let want = s.to_ascii_lowercase();
        Layout::ALL
            .into_iter()
            .find(|l| l.name() == want)
            .ok_or_else(|| {
                let known: Vec<&str> = Layout::ALL.iter().map(|l| l.name()).collect();
                Error::Input(format!(
                    "unknown directory format {s:?} (known: {})",
                    known.join(", ")
                ))
            })
    }
}

/// One file of a layout as ebb reads it: `Ok(None)` when the file is not an up migration
/// (a down or undo file, a file that is not SQL).
///
/// # Errors
/// A file the layout cannot express in ebb's terms (Flyway repeatable migrations and dotted
/// versions, a goose or dbmate file without its up marker), named.
pub fn convert(layout: Layout, name: &str, text: &str) -> Result<Option<(String, String)>> {
    #[allow(clippy::case_sensitive_file_extension_comparisons)]
    if !name.ends_with(".sql") {
        return Ok(None);
    }
    match layout {
        Layout::Ebb => Ok(Some((name.to_string(), text.to_string()))),
        Layout::Atlas => Ok(Some((
            name.to_string(),
            map_lines(text, |l| {
                let t = l.trim_start();
                Some(
                    t.strip_prefix("-- atlas:")
                        .map_or_else(|| l.to_string(), |d| format!("-- ebb:{d}")),
                )
            }),
        ))),
        Layout::GolangMigrate => {
            if name.ends_with(".down.sql") {
                return Ok(None);
            }
            Ok(Some((name.replace(".up.sql", ".sql"), text.to_string())))
        }
        Layout::Goose => sections(name, text, "-- +goose up", "-- +goose down", |l| {
            let t = l.trim().to_ascii_lowercase();
            if t == "-- +goose no transaction" {
                Some("-- ebb:txmode none".to_string())
            } else if t.starts_with("-- +goose statementbegin")
                || t.starts_with("-- +goose statementend")
            {
                // ebb's splitter already keeps routine bodies whole.
                Some(String::new())
            } else {
                None
            }
        })
        .map(|t| Some((name.to_string(), t))),
        Layout::Dbmate => sections(name, text, "-- migrate:up", "-- migrate:down", |l| {
            let t = l.trim().to_ascii_lowercase();
            (t.starts_with("-- migrate:up") && t.contains("transaction:false"))
                .then(|| "-- ebb:txmode none".to_string())
        })
        .map(|t| Some((name.to_string(), t))),
        Layout::Flyway => flyway(name, text),
    }
}

/// A script with the settings of its Flyway script configuration file (`V2__x.sql.conf`)
/// applied: `executeInTransaction=false` becomes `-- ebb:txmode none`, appended so that the
/// script's own lines keep their numbers. Other layouts have no such files.
#[must_use]
pub fn with_script_config(layout: Layout, text: &str, conf: &str) -> String {
    let no_transaction = conf.lines().any(|l| {
        let l = l.split('#').next().unwrap_or_default();
        matches!(
            l.split_once('=').map(|(k, v)| (k.trim(), v.trim())),
            Some(("executeInTransaction", v)) if v.eq_ignore_ascii_case("false")
        )
    });
    if layout == Layout::Flyway && no_transaction {
        let sep = if text.ends_with('\n') || text.is_empty() {
            ""
        } else {
            "\n"
        };
        format!("{text}{sep}-- ebb:txmode none\n")
    } else {
        text.to_string()
    }
}

fn map_lines(text: &str, mut f: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, l) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if let Some(x) = f(l) {
            out.push_str(&x);
        }
    }
    out
}

/// Keep the lines between the up marker and the down marker (or the end); `directive` may
/// turn a marker line into an ebb directive.
fn sections(
    name: &str,
    text: &str,
    up: &str,
    down: &str,
    directive: impl Fn(&str) -> Option<String>,
) -> Result<String> {
    let mut state = 0; // 0 before up, 1 in up, 2 after down
    let mut seen_up = false;
    let out = map_lines(text, |l| {
        let t = l.trim().to_ascii_lowercase();
        if t.starts_with(up) {
            state = 1;
            seen_up = true;
            return Some(directive(l).unwrap_or_default());
        }
        if t.starts_with(down) {
            state = 2;
            return Some(String::new());
        }
        match state {
            1 => Some(directive(l).unwrap_or_else(|| l.to_string())),
            // A file-wide annotation may come before the up section (goose's
            // `-- +goose NO TRANSACTION` usually opens the file).
            0 => Some(directive(l).unwrap_or_default()),
            _ => Some(String::new()),
        }
    });
    if !seen_up {
        return Err(Error::Input(format!(
            "{name}: no `{up}` line: this file is not in the directory format given"
        )));
    }
    Ok(out)
}

fn flyway(name: &str, text: &str) -> Result<Option<(String, String)>> {
    if name.starts_with('U') {
        return Ok(None);
    }
    if name.starts_with("R__") {
        return Err(Error::Input(format!(
            "{name}: Flyway repeatable migrations are re-run whenever they change, which has no \
             version to revert to; move its statements into a versioned file"
        )));
    }
    let Some(rest) = name.strip_prefix('V') else {
        return Err(Error::BadFileName { file: name.into() });
    };
    let Some((version, desc)) = rest.split_once("__") else {
        return Err(Error::BadFileName { file: name.into() });
    };
    if !version.bytes().all(|b| b.is_ascii_digit()) || version.is_empty() {
        return Err(Error::Input(format!(
            "{name}: Flyway version {version:?} is not a whole number; ebb orders versions as \
             numbers (rename it, e.g. V{}__{desc})",
            version.replace(['.', '_'], "")
        )));
    }
    Ok(Some((format!("{version}_{desc}"), text.to_string())))
}

/// Check an Atlas directory against its `atlas.sum` (`sum`), as Atlas itself does before it
/// runs anything: `files` are the directory's files (name, content); its `.sql` files count,
/// in name order. Atlas's format: a first line `h1:` + the directory's sum, then one line per
/// file, `NAME h1:HASH`, where HASH is the SHA-256 of every name and content up to and
/// including that file (a file marked `atlas:sum ignore` adds only its name, and has no line),
/// and the directory's sum is the SHA-256 of every line's name and hash in turn.
///
/// # Errors
/// Which file was edited, added or removed since `atlas migrate hash`, or that the sum file
/// itself was edited.
pub fn verify_atlas_sum(files: &[(String, Vec<u8>)], sum: &str) -> Result<(), String> {
    use base64::Engine as _;
    use sha2::{Digest, Sha256};
    let b64 = |d: &[u8]| base64::engine::general_purpose::STANDARD.encode(d);
    let mut sql: Vec<&(String, Vec<u8>)> = files
        .iter()
        .filter(|(n, _)| {
            std::path::Path::new(n)
                .extension()
                .is_some_and(|e| e == "sql")
        })
        .collect();
    sql.sort_by(|a, b| a.0.cmp(&b.0));
    let mut running = Sha256::new();
    let mut expected: Vec<(String, String)> = Vec::new();
    for (name, bytes) in sql {
        running.update(name.as_bytes());
        let head = std::str::from_utf8(bytes).unwrap_or("");
        if ignored_by_atlas_sum(head) {
            continue;
        }
        running.update(bytes);
        expected.push((name.clone(), b64(&running.clone().finalize())));
    }
    let mut lines = sum.lines();
    let recorded_total = lines
        .next()
        .unwrap_or("")
        .trim()
        .trim_start_matches("h1:")
        .to_string();
    let mut recorded: Vec<(String, String)> = Vec::new();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let Some((name, hash)) = line.split_once("h1:") else {
            return Err(format!("atlas.sum: `{line}` is not `NAME h1:HASH`"));
        };
        recorded.push((name.trim().to_string(), hash.trim().to_string()));
    }
    let mut total = Sha256::new();
    for (n, h) in &recorded {
        total.update(n.as_bytes());
        total.update(h.as_bytes());
    }
    if b64(&total.finalize()) != recorded_total {
        return Err(
            "atlas.sum was edited by hand (its first line does not match its other lines): \
                    run `atlas migrate hash`"
                .into(),
        );
    }
    for i in 0..expected.len().max(recorded.len()) {
        let why = match (expected.get(i), recorded.get(i)) {
            (Some((n, h)), Some((rn, rh))) if n == rn && h == rh => continue,
            (Some((n, _)), Some((rn, _))) if n == rn => format!("{n} was edited"),
            (Some((n, _)), _) if !recorded.iter().any(|(r, _)| r == n) => format!("{n} is new"),
            (_, Some((rn, _))) if !expected.iter().any(|(e, _)| e == rn) => format!("{rn} is gone"),
            (Some((n, _)), _) => format!("the files before {n} changed"),
            (None, _) => "the last files changed".to_string(),
        };
        return Err(format!(
            "the directory does not match its atlas.sum: {why} since `atlas migrate hash` \
             (Atlas refuses it as well; restore the file, or hash the directory again if the change is meant)"
        ));
    }
    Ok(())
}

/// A file whose leading comments hold `atlas:sum ignore` (separated from the statements by an
/// empty line, as Atlas reads file directives).
fn ignored_by_atlas_sum(text: &str) -> bool {
    let mut rest = text;
    let mut comments = Vec::new();
    while rest.starts_with("--") || rest.starts_with('#') {
        let Some(i) = rest.find('\n') else {
            // A file of comments only: no statements to be separated from.
            return false;
        };
        comments.push(rest[..i].trim());
        rest = &rest[i + 1..];
    }
    rest.starts_with('\n')
        && comments.iter().any(|c| {
            c.split_once("atlas:sum")
                .is_some_and(|(_, mode)| mode.trim() == "ignore")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Known answers from an independent computation (Python's hashlib over the same
    /// bytes); the algorithm was checked against a sum file Atlas itself wrote.
    const ATLAS_SUM: &str = "h1:D2rn8vWJ6hW6V6FZPQ0SR4Tywsd630ZCcj5J+ZGw2Js=\n\
        20240101000000_users.sql h1:Q1EwEXNNzrOs2DDQepM3f5rYT4O/52dIsJq1xOq7Zrs=\n\
        20240103000000_email.sql h1:sEj+eboz0Hfp4PMOQWCrDKGgKttBwYAT5iQN92ka3K4=\n";

    fn atlas_files(email: &str) -> Vec<(String, Vec<u8>)> {
        vec![
            ("20240103000000_email.sql".into(), email.as_bytes().to_vec()),
            (
                "20240101000000_users.sql".into(),
                b"CREATE TABLE users (id int PRIMARY KEY);\n".to_vec(),
            ),
            (
                "20240102000000_seed.sql".into(),
                b"-- atlas:sum ignore\n\nINSERT INTO users VALUES (1);\n".to_vec(),
            ),
            ("atlas.sum".into(), ATLAS_SUM.as_bytes().to_vec()),
        ]
    }

    #[test]
    fn atlas_sum_is_checked_as_atlas_checks_it() {
        let email = "ALTER TABLE users ADD COLUMN email text;\n";
        assert_eq!(verify_atlas_sum(&atlas_files(email), ATLAS_SUM), Ok(()));
        let edited = verify_atlas_sum(
            &atlas_files("ALTER TABLE users ADD COLUMN email varchar(9);\n"),
            ATLAS_SUM,
        );
        assert!(edited
            .unwrap_err()
            .contains("20240103000000_email.sql was edited"));
        let mut more = atlas_files(email);
        more.push(("20240104000000_late.sql".into(), b"SELECT 1;\n".to_vec()));
        assert!(verify_atlas_sum(&more, ATLAS_SUM)
            .unwrap_err()
            .contains("20240104000000_late.sql is new"));
        let hand = ATLAS_SUM.replace("Q1Ew", "Q1Ex");
        assert!(verify_atlas_sum(&atlas_files(email), &hand)
            .unwrap_err()
            .contains("edited by hand"));
    }

    fn up(layout: Layout, name: &str, text: &str) -> Option<(String, String)> {
        convert(layout, name, text).unwrap()
    }

    #[test]
    fn only_up_migrations_are_kept_and_lines_keep_their_numbers() {
        let goose = "-- +goose Up\n-- +goose NO TRANSACTION\nCREATE TABLE t (id int);\n-- +goose StatementBegin\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n-- +goose StatementEnd\n\n-- +goose Down\nDROP TABLE t;\n";
        let (n, t) = up(Layout::Goose, "20240101_t.sql", goose).unwrap();
        assert_eq!(n, "20240101_t.sql");
        assert_eq!(t.lines().count(), goose.lines().count());
        assert_eq!(t.lines().nth(2), Some("CREATE TABLE t (id int);"));
        assert!(t.contains("-- ebb:txmode none"));
        assert!(!t.contains("DROP TABLE"));

        let dbmate = "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON t (a);\n-- migrate:down\nDROP INDEX i;\n";
        let (_, t) = up(Layout::Dbmate, "20240101_i.sql", dbmate).unwrap();
        assert_eq!(
            t,
            "-- ebb:txmode none\nCREATE INDEX CONCURRENTLY i ON t (a);\n\n\n"
        );

        assert_eq!(
            up(Layout::GolangMigrate, "1_init.down.sql", "DROP TABLE t;"),
            None
        );
        assert_eq!(
            up(
                Layout::GolangMigrate,
                "1_init.up.sql",
                "CREATE TABLE t (id int);"
            )
            .unwrap()
            .0,
            "1_init.sql"
        );
        assert_eq!(
            up(Layout::Flyway, "V3__add_users.sql", "x").unwrap().0,
            "3_add_users.sql"
        );
        assert_eq!(up(Layout::Flyway, "U3__add_users.sql", "x"), None);
        assert_eq!(
            up(Layout::Atlas, "1_a.sql", "-- atlas:txmode none\nSELECT 1;")
                .unwrap()
                .1,
            "-- ebb:txmode none\nSELECT 1;"
        );
    }

    #[test]
    fn what_cannot_be_read_is_named() {
        let e = convert(Layout::Flyway, "V1.1__x.sql", "")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("V1.1__x.sql: Flyway version \"1.1\" is not a whole number"),
            "{e}"
        );
        let e = convert(Layout::Flyway, "R__views.sql", "")
            .unwrap_err()
            .to_string();
        assert!(e.contains("repeatable"), "{e}");
        let e = convert(Layout::Goose, "1_x.sql", "CREATE TABLE t (id int);")
            .unwrap_err()
            .to_string();
        assert!(e.contains("1_x.sql: no `-- +goose up` line"), "{e}");
        assert!("liquibase".parse::<Layout>().is_err());
    }
}
