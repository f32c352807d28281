//! Splits a migration file into statements with their exact source text and position, and reads
//! `-- ebb:` directives.
//!
//! sqlparser's tokenizer does not know client-side delimiters (`-- ebb:delimiter //`, the mysql
//! client's `DELIMITER`), and its statement spans do not cover a statement's full text, so this
//! module scans the text itself: it only needs to know where strings, quoted identifiers,
//! comments, dollar-quoted bodies and `BEGIN … END` routine bodies start and end. Parsing each
//! statement is left to sqlparser.

use crate::dialect::Lexical;
use crate::{Dialect, Error, Result};

/// One statement of a migration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitStatement {
    /// The statement's text, without its delimiter, exactly as in the file.
    pub text: String,
    /// Byte offset of the statement's first character.
    pub offset: usize,
    /// 1-based line of the first character.
    pub line: usize,
    /// 1-based column (characters) of the first character.
    pub col: usize,
    /// Marked with `-- ebb:skip`: executed, but not modeled.
    pub skip: bool,
}

/// File-level directives.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FileDirectives {
    /// `-- ebb:txmode none`: the file must not run inside a transaction.
    pub no_transaction: bool,
    /// `-- ebb:lint ignore EL401 EL403`: lint codes silenced for this file.
    pub lint_ignore: Vec<String>,
}

/// The statements and directives of one file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SplitFile {
    /// Statements in file order.
    pub statements: Vec<SplitStatement>,
    /// Directives.
    pub directives: FileDirectives,
}

/// Where [`Scanner::pos_after`] last stopped: offset, lines before it (0-based) and the
/// offset its line starts at.
#[derive(Default)]
struct Cursor {
    offset: usize,
    line: usize,
    line_start: usize,
}

struct Scanner<'a> {
    src: &'a str,
    bytes: &'a [u8],
    file: &'a str,
    lex: Lexical,
}

impl Scanner<'_> {
    fn pos_of(&self, offset: usize) -> (usize, usize) {
        self.pos_after(&mut Cursor::default(), offset)
    }

    /// [`Scanner::pos_of`] for offsets that only grow (each statement's start): counts the
    /// lines from the previous one, not from the file's start each time.
    fn pos_after(&self, cur: &mut Cursor, offset: usize) -> (usize, usize) {
        let between = &self.src[cur.offset..offset];
        cur.line += between.matches('\n').count();
        if let Some(n) = between.rfind('\n') {
            cur.line_start = cur.offset + n + 1;
        }
        cur.offset = offset;
        let col = self.src[cur.line_start..offset].chars().count() + 1;
        (cur.line + 1, col)
    }

    fn err(&self, offset: usize, message: &str) -> Error {
        let (line, col) = self.pos_of(offset);
        Error::Parse {
            file: self.file.to_string(),
            line,
            col,
            message: message.to_string(),
        }
    }

    /// Offset just past a quoted section that starts at `i` with `quote`.
    fn skip_quoted(&self, i: usize, quote: u8) -> Result<usize> {
        let backslash = self.lex.backslash_escapes && (quote == b'\'' || quote == b'"');
        let mut j = i + 1;
        while j < self.bytes.len() {
            let b = self.bytes[j];
            if backslash && b == b'\\' {
                j += 2;
                continue;
            }
            if b == quote {
                if self.bytes.get(j + 1) == Some(&quote) {
                    j += 2;
                    continue;
                }
                return Ok(j + 1);
            }
            j += 1;
        }
        let what = match quote {
            b'\'' => "unterminated string literal",
            b'`' => "unterminated backtick-quoted identifier",
            _ => "unterminated quoted identifier",
        };
        Err(self.err(i, what))
    }

    /// If a dollar-quote tag starts at `i` (`$$` or `$tag$`), return the tag.
    fn dollar_tag(&self, i: usize) -> Option<&str> {
        if !self.lex.dollar_quotes || self.bytes[i] != b'$' {
            return None;
        }
        let mut j = i + 1;
        while j < self.bytes.len() {
            let b = self.bytes[j];
            if b == b'$' {
                return Some(&self.src[i..=j]);
            }
            let ok = b == b'_' || b.is_ascii_alphabetic() || (j > i + 1 && b.is_ascii_digit());
            if !ok {
                return None;
            }
            j += 1;
        }
        None
    }

    /// Where a string, quoted identifier or dollar-quoted body starting at `i` ends; `None`
    /// where none starts there.
    fn skip_literal(&self, i: usize) -> Result<Option<usize>> {
        let end = match self.bytes[i] {
            b'\'' => self.skip_quoted(i, b'\'')?,
            b'"' => self.skip_quoted(i, b'"')?,
            b'`' if self.lex.backtick_quotes => self.skip_quoted(i, b'`')?,
            b'$' => {
                let Some(tag) = self.dollar_tag(i) else {
                    return Ok(None);
                };
                let body = i + tag.len();
                match self.src[body..].find(tag) {
                    Some(n) => body + n + tag.len(),
                    None => {
                        return Err(self.err(
                            i,
                            &format!("unterminated dollar-quoted body (no closing {tag})"),
                        ))
                    }
                }
            }
            _ => return Ok(None),
        };
        Ok(Some(end))
    }
}

/// Bytes that can start a string, quoted identifier, dollar-quoted body or comment: where a
/// settled statement's scan must look (besides its delimiter's first byte).
fn may_start_section(b: u8) -> bool {
    matches!(b, b'\'' | b'"' | b'`' | b'$' | b'-' | b'/' | b'#')
}

/// Where the next byte at or after `i` is that can end a settled statement or start a string
/// or comment in it (the end of `bytes` where none): most of a file is the body of a statement
/// past its first words, and nothing else there matters to the split.
fn skip_settled(bytes: &[u8], mut i: usize, delimiter: &str) -> usize {
    let first = delimiter.as_bytes().first().copied();
    while i < bytes.len() && Some(bytes[i]) != first && !may_start_section(bytes[i]) {
        i += 1;
    }
    i
}

fn is_word_byte(b: u8) -> bool {
    b == b'_' || b.is_ascii_alphanumeric() || b >= 0x80
}

/// The `BEGIN … END` / `CASE … END` nesting of a routine body (`CREATE TRIGGER|PROCEDURE|
/// FUNCTION|EVENT`), where a `;` does not end the statement. Words are compared in place
/// (ASCII case-insensitively): the splitter sees every word of every file, so nothing here
/// allocates.
#[derive(Default)]
struct Blocks {
    /// How many words of the current statement were seen (counted up to 8: a routine's kind
    /// comes within its first words, `CREATE DEFINER = … TRIGGER`).
    head_words: usize,
    starts_with_create: bool,
    routine: bool,
    depth: usize,
    /// The previous word was `END`.
    after_end: bool,
}

impl Blocks {
    /// The next word of the statement.
    fn word(&mut self, w: &str) {
        let is = |k: &str| w.eq_ignore_ascii_case(k);
        if self.head_words < 8 {
            if self.head_words == 0 {
                self.starts_with_create = is("CREATE");
            } else if self.starts_with_create
                && (is("TRIGGER") || is("PROCEDURE") || is("FUNCTION") || is("EVENT"))
            {
                self.routine = true;
            }
            self.head_words += 1;
        }
        if self.routine {
            let closes_other = is("IF") || is("LOOP") || is("WHILE") || is("REPEAT");
            if self.after_end && !closes_other {
                // `END`, `END CASE`, `END label`: closes a BEGIN or CASE block.
                self.depth = self.depth.saturating_sub(1);
            } else if is("BEGIN") || is("CASE") {
                self.depth += 1;
            }
        }
        self.after_end = is("END");
    }

    /// Past a statement's first words, outside a routine: no word can change how the
    /// statement splits any more, so the scanner may skip to the next byte that can.
    fn settled(&self) -> bool {
        self.head_words >= 8 && !self.routine
    }

    /// A character that is neither a word's nor whitespace; true where it follows `END` in a
    /// routine and so closes a block (`END;`, `END$`).
    fn punctuation(&mut self) -> bool {
        let closes = self.routine && self.after_end;
        if closes {
            self.depth = self.depth.saturating_sub(1);
        }
        self.after_end = false;
        closes
    }
}

/// Split `src` (the content of `file`) into statements.
///
/// # Errors
/// An unterminated string, quoted identifier, comment or dollar-quoted body, or an unknown
/// `-- ebb:` directive, with its position.
pub fn split(file: &str, src: &str, dialect: Dialect) -> Result<SplitFile> {
    let sc = Scanner {
        src,
        bytes: src.as_bytes(),
        file,
        lex: dialect.lexical(),
    };
    let bytes = sc.bytes;
    let mut out = SplitFile::default();
    let mut delimiter = ";".to_string();
    let mut start: Option<usize> = None;
    let mut skip_next = false;
    let mut blocks = Blocks::default();
    let mut i = 0;

    let mut cursor = Cursor::default();
    let mut finish = |out: &mut SplitFile, s: usize, end: usize, skip: bool| {
        let text = src[s..end].trim_end().to_string();
        if text.is_empty() {
            return;
        }
        let (line, col) = sc.pos_after(&mut cursor, s);
        out.statements.push(SplitStatement {
            text,
            offset: s,
            line,
            col,
            skip,
        });
    };

    while i < bytes.len() {
        if start.is_some() && blocks.settled() {
            i = skip_settled(bytes, i, &delimiter);
            if i == bytes.len() {
                break;
            }
        }
        let b = bytes[i];
        // Delimiter (outside routine bodies when it is the default `;`).
        if start.is_some()
            && delimiter.as_bytes().first() == Some(&b)
            && bytes[i..].starts_with(delimiter.as_bytes())
            && (delimiter != ";" || blocks.depth == 0)
        {
            finish(&mut out, start.unwrap_or(i), i, skip_next);
            skip_next = false;
            start = None;
            blocks = Blocks::default();
            i += delimiter.len();
            continue;
        }
        match b {
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                let end = src[i..].find('\n').map_or(src.len(), |n| i + n);
                let comment = src[i + 2..end].trim();
                if start.is_none() {
                    if let Some(d) = comment.strip_prefix("ebb:") {
                        directive(&sc, i, d, &mut out, &mut delimiter, &mut skip_next)?;
                    }
                }
                i = end;
                continue;
            }
            b'#' if sc.lex.hash_comments => {
                i = src[i..].find('\n').map_or(src.len(), |n| i + n);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                match src[i + 2..].find("*/") {
                    Some(n) => i = i + 2 + n + 2,
                    None => return Err(sc.err(i, "unterminated block comment")),
                }
                continue;
            }
            _ => {}
        }
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        // mysql client `DELIMITER xx` line, outside a statement.
        if start.is_none() && sc.lex.delimiter_command {
            if let Some((d, end)) = delimiter_line(src, i) {
                delimiter = d.to_string();
                i = end;
                continue;
            }
        }
        if start.is_none() {
            start = Some(i);
        }
        if let Some(next) = sc.skip_literal(i)? {
            i = next;
            continue;
        }
        if is_word_byte(b) && (i == 0 || !is_word_byte(bytes[i - 1])) {
            let mut j = i;
            while j < bytes.len() && is_word_byte(bytes[j]) {
                j += 1;
            }
            blocks.word(&src[i..j]);
            i = j;
            continue;
        }
        if blocks.punctuation()
            && src[i..].starts_with(delimiter.as_str())
            && (delimiter != ";" || blocks.depth == 0)
        {
            continue;
        }
        i += 1;
    }
    if let Some(s) = start {
        finish(&mut out, s, src.len(), skip_next);
    } else if skip_next {
        return Err(sc.err(
            src.len().saturating_sub(1),
            "`-- ebb:skip` is not followed by a statement",
        ));
    }
    if dialect.transactional_ddl() && !out.directives.no_transaction {
        refuse_outside_transaction_only(dialect, file, &out)?;
    }
    Ok(out)
}

/// The new delimiter of a mysql client `DELIMITER xx` line starting at `i`, and where the line
/// ends.
fn delimiter_line(src: &str, i: usize) -> Option<(&str, usize)> {
    let bytes = src.as_bytes();
    // Bytes, not a str slice: i + 10 may fall inside a multi-byte character (found by
    // core/tests/fuzz.rs).
    if bytes.len() <= i + 10 || !bytes[i..i + 10].eq_ignore_ascii_case(b"delimiter ") {
        return None;
    }
    let end = src[i..].find('\n').map_or(src.len(), |n| i + n);
    let d = src[i + 10..end].trim();
    (!d.is_empty()).then_some((d, end))
}

/// A `-- ebb:` directive (`d` is the text after `ebb:`) in a comment at byte `i`, between
/// statements.
fn directive(
    sc: &Scanner<'_>,
    i: usize,
    d: &str,
    out: &mut SplitFile,
    delimiter: &mut String,
    skip_next: &mut bool,
) -> Result<()> {
    let mut parts = d.split_whitespace();
    match (parts.next(), parts.next()) {
        (Some("txmode"), Some("none")) => out.directives.no_transaction = true,
        (Some("txmode"), Some("file" | "all")) => {}
        (Some("delimiter"), Some(dl)) => {
            *delimiter = if dl == "default" {
                ";".into()
            } else {
                dl.to_string()
            };
        }
        (Some("skip"), None) => *skip_next = true,
        (Some("lint"), Some("ignore")) => {
            let codes: Vec<String> = parts
                .flat_map(|p| p.split(','))
                .filter(|c| !c.is_empty())
                .map(str::to_ascii_uppercase)
                .collect();
            if codes.is_empty() {
                return Err(sc.err(i, "`-- ebb:lint ignore` names no code (e.g. `-- ebb:lint ignore EL401`)"));
            }
            out.directives.lint_ignore.extend(codes);
        }
        _ => {
            return Err(sc.err(
                i,
                &format!("unknown directive `-- ebb:{d}` (known: txmode none, delimiter X, skip, lint ignore CODE)"),
            ))
        }
    }
    Ok(())
}

/// PostgreSQL: a statement that cannot run in a transaction (`CREATE INDEX CONCURRENTLY`, …)
/// in a file that runs in one is refused, naming the directive that fixes it.
fn refuse_outside_transaction_only(d: Dialect, file: &str, out: &SplitFile) -> Result<()> {
    if let Some((st, what)) = out
        .statements
        .iter()
        .find_map(|st| outside_transaction_only(d, &st.text).map(|w| (st, w)))
    {
        return Err(Error::Semantic {
            file: file.to_string(),
            line: st.line,
            col: st.col,
            message: format!(
                "{what} cannot run inside a transaction block; put `-- ebb:txmode none` at \
                 the top of this file (ebb then runs it statement by statement, \
                 without a transaction)"
            ),
        });
    }
    Ok(())
}

/// Statements that refuse to run in a transaction, by their leading words: PostgreSQL's
/// concurrent index builds, `VACUUM`, `CREATE DATABASE`, `ALTER SYSTEM`; SQLite's `VACUUM`
/// ("cannot VACUUM from within a transaction"). MySQL runs no DDL in a transaction anyway.
fn outside_transaction_only(d: Dialect, text: &str) -> Option<&'static str> {
    // Its first four words, compared in place (a whole statement's canonical text cost a
    // twentieth of replaying a large directory; lower-cased copies of four words, a hundredth).
    let mut w = [""; 4];
    let words = text
        .split(|c: char| c.is_whitespace() || c == '(' || c == ';')
        .filter(|w| !w.is_empty());
    for (slot, word) in w.iter_mut().zip(words) {
        *slot = word;
    }
    let is = |i: usize, k: &str| w[i].eq_ignore_ascii_case(k);
    if d == Dialect::Sqlite {
        return is(0, "vacuum").then_some("`VACUUM`");
    }
    let concurrent_create = is(1, "index") && is(2, "concurrently")
        || is(1, "unique") && is(2, "index") && is(3, "concurrently");
    if is(0, "create") && concurrent_create {
        Some("`CREATE INDEX CONCURRENTLY`")
    } else if is(0, "drop") && is(1, "index") && is(2, "concurrently") {
        Some("`DROP INDEX CONCURRENTLY`")
    } else if is(0, "reindex") && (1..4).any(|i| is(i, "concurrently")) {
        Some("`REINDEX CONCURRENTLY`")
    } else if is(0, "vacuum") {
        Some("`VACUUM`")
    } else if is(0, "create") && is(1, "database") {
        Some("`CREATE DATABASE`")
    } else if is(0, "alter") && is(1, "system") {
        Some("`ALTER SYSTEM`")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str, d: Dialect) -> Vec<String> {
        split("f.sql", src, d)
            .unwrap()
            .statements
            .into_iter()
            .map(|s| s.text)
            .collect()
    }

    #[test]
    fn splits_simple_statements_with_positions() {
        let f = split(
            "f.sql",
            "CREATE TABLE a (x int);\n  -- c\n  DROP TABLE a;",
            Dialect::Postgres,
        )
        .unwrap();
        assert_eq!(f.statements.len(), 2);
        assert_eq!((f.statements[1].line, f.statements[1].col), (3, 3));
        assert_eq!(f.statements[1].text, "DROP TABLE a");
    }

    #[test]
    fn keeps_semicolons_in_strings_comments_and_dollar_bodies() {
        let src = "INSERT INTO t VALUES ('a;b');\nCREATE FUNCTION f() RETURNS int AS $fn$ BEGIN RETURN 1; END; $fn$ LANGUAGE plpgsql;\n/* ; */ SELECT 1";
        let t = texts(src, Dialect::Postgres);
        assert_eq!(t.len(), 3, "{t:?}");
        assert!(t[1].ends_with("LANGUAGE plpgsql"));
    }

    #[test]
    fn keeps_trigger_bodies_whole() {
        let src = "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET x = CASE WHEN 1 THEN 2 END; DELETE FROM u; END;\nCREATE TABLE z (a int);";
        let t = texts(src, Dialect::Sqlite);
        assert_eq!(t.len(), 2, "{t:?}");
        assert!(t[0].ends_with("END"));
    }

    #[test]
    fn honours_delimiter_directive_and_mysql_delimiter_lines() {
        let src = "-- ebb:delimiter //\nCREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END//\n-- ebb:delimiter ;\nCREATE TABLE a (x int);\nDELIMITER $$\nCREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW SET NEW.x = 1$$\nDELIMITER ;\nDROP TABLE a;";
        let t = texts(src, Dialect::Mysql);
        assert_eq!(t.len(), 4, "{t:?}");
        assert!(t[2].starts_with("CREATE TRIGGER"));
    }

    #[test]
    fn reports_unterminated_string_position() {
        let e = split("f.sql", "SELECT 1;\nSELECT 'abc", Dialect::Postgres).unwrap_err();
        assert_eq!(
            e.to_string(),
            "f.sql:2:8: syntax error: unterminated string literal"
        );
    }

    #[test]
    fn reads_txmode_and_skip_directives() {
        let f = split("f.sql", "-- ebb:txmode none\nCREATE INDEX CONCURRENTLY i ON t (a);\n-- ebb:skip\nSELECT do_things();", Dialect::Postgres).unwrap();
        assert!(f.directives.no_transaction);
        assert!(!f.statements[0].skip);
        assert!(f.statements[1].skip);
    }

    #[test]
    fn vacuum_needs_txmode_none_on_sqlite_and_postgres() {
        for d in [Dialect::Sqlite, Dialect::Postgres] {
            let e = split("f.sql", "CREATE TABLE t (a int);\nVACUUM;", d).unwrap_err();
            assert!(
                e.to_string().starts_with(
                    "f.sql:2:1: `VACUUM` cannot run inside a transaction block; put `-- ebb:txmode none`"
                ),
                "{d}: {e}"
            );
            assert!(split("f.sql", "-- ebb:txmode none\nVACUUM;", d).is_ok());
        }
        // MySQL runs no DDL in a transaction: nothing to refuse.
        assert!(split(
            "f.sql",
            "OPTIMIZE TABLE t;\nCREATE INDEX CONCURRENTLY i ON t (a);",
            Dialect::Mysql
        )
        .is_ok());
    }

    #[test]
    fn postgres_statements_that_refuse_a_transaction_need_txmode_none() {
        let refused = [
            (
                "create index concurrently i on t (a)",
                "`CREATE INDEX CONCURRENTLY`",
            ),
            (
                "CREATE UNIQUE INDEX CONCURRENTLY i ON t (a)",
                "`CREATE INDEX CONCURRENTLY`",
            ),
            ("Drop Index Concurrently i", "`DROP INDEX CONCURRENTLY`"),
            (
                "REINDEX (VERBOSE) TABLE CONCURRENTLY t",
                "`REINDEX CONCURRENTLY`",
            ),
            ("CREATE DATABASE other", "`CREATE DATABASE`"),
            ("ALTER SYSTEM SET work_mem = '64MB'", "`ALTER SYSTEM`"),
        ];
        for (sql, what) in refused {
            let e = split("f.sql", &format!("{sql};"), Dialect::Postgres).unwrap_err();
            assert!(e.to_string().contains(what), "{sql}: {e}");
        }
        // The same words elsewhere, or later than the fourth word, refuse nothing.
        for sql in [
            "CREATE TABLE concurrently (a int)",
            "CREATE INDEX i ON concurrently (a)",
            "REINDEX TABLE t",
            "ALTER TABLE system ADD COLUMN a int",
        ] {
            assert!(
                split("f.sql", &format!("{sql};"), Dialect::Postgres).is_ok(),
                "{sql}"
            );
        }
    }

    #[test]
    fn rejects_unknown_directive() {
        let e = split("f.sql", "-- ebb:txmod none\nSELECT 1;", Dialect::Postgres).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("f.sql:1:1: syntax error: unknown directive"),
            "{e}"
        );
    }
}
