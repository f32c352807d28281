//! A migration directory as data: files named `<version>_<description>.sql`, ordered by
//! numeric version, and the `ebb.sum` integrity file. Surfaces read the files; this module
//! never touches the file system.

use crate::{Error, Result};
use base64::Engine as _;
use sha2::{Digest, Sha256};
use std::cmp::Ordering;

/// One migration file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MigrationFile {
    /// Version (digits), compared numerically.
    pub version: String,
    /// Description (the part after the first `_`, without `.sql`).
    pub description: String,
    /// File name (in ebb's naming: another tool's `1_x.up.sql` is `1_x.sql` here).
    pub name: String,
    /// The file's name on disk, for people (`1_x.up.sql`, `V1__x.sql`).
    #[serde(skip)]
    pub disk_name: String,
    /// Content.
    pub sql: String,
}

impl MigrationFile {
    /// `h1:` + base64 SHA-256 of the content.
    #[must_use]
    pub fn hash(&self) -> String {
        hash_text(&self.sql)
    }
}

/// `h1:` + base64 SHA-256 of a text.
#[must_use]
pub fn hash_text(s: &str) -> String {
    format!(
        "h1:{}",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(s.as_bytes()))
    )
}

/// Compare two versions numerically (any number of digits).
#[must_use]
pub fn cmp_versions(a: &str, b: &str) -> Ordering {
    let a = a.trim_start_matches('0');
    let b = b.trim_start_matches('0');
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// Name of ebb's integrity file.
pub const SUM_FILE: &str = "ebb.sum";

/// Whether opening a directory checks it against its `ebb.sum`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SumCheck {
    /// Do not read it (writing a new sum, listing files).
    Skip,
    /// Check it when the directory has one.
    IfPresent,
    /// Check it, and refuse a directory of ebb's layout that has files and no sum: what every
    /// command that runs files does. Another tool's directory is that tool's: ebb writes no
    /// `ebb.sum` into it (its revision rows still hold each applied file's hash).
    Required,
}

/// The migration files of a directory, ordered by version.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct MigrationDir {
    /// Files in version order.
    pub files: Vec<MigrationFile>,
}

impl MigrationDir {
    /// Open a directory from every file in it (`entries`: name and bytes, `ebb.sum` and
    /// `atlas.sum` among them), the way every surface reads one: a directory read as ebb's
    /// whose files show another tool's layout is refused with the layout to use; an Atlas
    /// directory is checked against its `atlas.sum` as Atlas would; then `ebb.sum` as `check`
    /// says.
    ///
    /// # Errors
    /// [`Error::OtherLayout`], [`Error::AtlasSum`], [`Error::SumMissing`], the errors of
    /// [`MigrationDir::from_layout`] and [`MigrationDir::verify_sum`].
    pub fn open(
        layout: crate::migrate::Layout,
        entries: Vec<(String, Vec<u8>)>,
        check: SumCheck,
    ) -> Result<Self> {
        use crate::migrate::Layout;
        if layout == Layout::Ebb {
            let texts: Vec<(String, &str)> = entries
                .iter()
                .map(|(n, b)| (n.clone(), std::str::from_utf8(b).unwrap_or("")))
                .collect();
            if let Some((other, evidence)) = Layout::guess(&texts) {
                return Err(Error::OtherLayout {
                    layout: other.name().to_string(),
                    evidence,
                });
            }
        }
        let text_of = |name: &str| {
            entries
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        };
        if layout == Layout::Atlas {
            if let Some(sum) = text_of("atlas.sum") {
                crate::migrate::layout::verify_atlas_sum(&entries, &sum)
                    .map_err(Error::AtlasSum)?;
            }
        }
        let sum = text_of(SUM_FILE);
        let dir = Self::from_layout(layout, entries)?;
        match (sum, check) {
            (_, SumCheck::Skip) | (None, SumCheck::IfPresent) => {}
            (Some(sum), _) => dir.verify_sum(&sum)?,
            (None, SumCheck::Required) => {
                if !dir.files.is_empty() && layout == Layout::Ebb {
                    return Err(Error::SumMissing);
                }
            }
        }
        Ok(dir)
    }

    /// Build from `(file name, bytes)` pairs. Files not ending in `.sql` (such as `ebb.sum`)
    /// are ignored, as are `.down.sql` files of other tools' layouts.
    ///
    /// # Errors
    /// A `.sql` name without a numeric version, two files with one version, non-UTF-8 content.
    pub fn from_files(files: Vec<(String, Vec<u8>)>) -> Result<Self> {
        Self::from_layout(crate::migrate::Layout::Ebb, files)
    }

    /// Build from the files of a directory written for another tool (see
    /// [`crate::migrate::layout`]): only its up migrations, in ebb's naming.
    ///
    /// # Errors
    /// As [`MigrationDir::from_files`], and files the layout cannot express.
    pub fn from_layout(
        layout: crate::migrate::Layout,
        files: Vec<(String, Vec<u8>)>,
    ) -> Result<Self> {
        // Flyway's per-script settings live beside the script: `V2__x.sql.conf`.
        let script_configs: std::collections::HashMap<String, String> = files
            .iter()
            .filter_map(|(name, bytes)| {
                let script = name.strip_suffix(".conf")?;
                Some((
                    script.to_string(),
                    String::from_utf8_lossy(bytes).into_owned(),
                ))
            })
            .collect();
        let mut converted = Vec::with_capacity(files.len());
        let mut on_disk = std::collections::HashMap::new();
        for (name, bytes) in files {
            #[allow(clippy::case_sensitive_file_extension_comparisons)]
            if !name.ends_with(".sql") {
                continue;
            }
            let text = String::from_utf8(bytes).map_err(|e| Error::NotUtf8 {
                file: name.clone(),
                offset: e.utf8_error().valid_up_to(),
            })?;
            let text = match script_configs.get(&name) {
                Some(conf) => crate::migrate::layout::with_script_config(layout, &text, conf),
                None => text,
            };
            if let Some((n, t)) = crate::migrate::layout::convert(layout, &name, &text)? {
                on_disk.insert(n.clone(), name.clone());
                converted.push((n, t.into_bytes()));
            }
        }
        let mut dir = Self::read_ebb(converted)?;
        for f in &mut dir.files {
            if let Some(n) = on_disk.remove(&f.name) {
                f.disk_name = n;
            }
        }
        Ok(dir)
    }

    fn read_ebb(files: Vec<(String, Vec<u8>)>) -> Result<Self> {
        let mut out: Vec<MigrationFile> = Vec::new();
        for (name, bytes) in files {
            // Migration files are lower-case `.sql`, as in every tool ebb reads directories of.
            #[allow(clippy::case_sensitive_file_extension_comparisons)]
            if !name.ends_with(".sql") || name.ends_with(".down.sql") {
                continue;
            }
            let stem = name.trim_end_matches(".sql").trim_end_matches(".up");
            let (version, description) = stem.split_once('_').unwrap_or((stem, ""));
            if version.is_empty() || !version.bytes().all(|b| b.is_ascii_digit()) {
                return Err(Error::BadFileName { file: name });
            }
            let sql = String::from_utf8(bytes).map_err(|e| Error::NotUtf8 {
                file: name.clone(),
                offset: e.utf8_error().valid_up_to(),
            })?;
            out.push(MigrationFile {
                version: version.to_string(),
                description: description.to_string(),
                disk_name: name.clone(),
                name,
                sql,
            });
        }
        out.sort_by(|a, b| cmp_versions(&a.version, &b.version).then_with(|| a.name.cmp(&b.name)));
        for w in out.windows(2) {
            if cmp_versions(&w[0].version, &w[1].version) == Ordering::Equal {
                return Err(Error::DuplicateVersion {
                    version: w[0].version.clone(),
                    first: w[0].name.clone(),
                    second: w[1].name.clone(),
                });
            }
        }
        Ok(MigrationDir { files: out })
    }

    /// The file with this version.
    #[must_use]
    pub fn file(&self, version: &str) -> Option<&MigrationFile> {
        // Files are in version order, one per version.
        self.files
            .binary_search_by(|f| cmp_versions(&f.version, version))
            .ok()
            .map(|i| &self.files[i])
    }

    /// The schema after the files up to `version` (every file when `None`), replayed.
    ///
    /// # Errors
    /// The first statement that does not replay, with its position.
    pub fn schema_at(&self, d: crate::Dialect, version: Option<&str>) -> Result<crate::Schema> {
        let mut s = crate::replay::Session::new(crate::Schema::new(d));
        for f in &self.files {
            if version.is_some_and(|v| cmp_versions(&f.version, v) == Ordering::Greater) {
                break;
            }
            s.file(&f.name, &f.sql)?;
        }
        Ok(s.into_schema())
    }

    /// The content of `ebb.sum` for this directory.
    #[must_use]
    pub fn sum(&self) -> String {
        let mut total = Sha256::new();
        let mut lines = String::new();
        for f in &self.files {
            let h = f.hash();
            total.update(f.name.as_bytes());
            total.update(b"\n");
            total.update(h.as_bytes());
            total.update(b"\n");
            lines.push_str(&format!("{} {h}\n", f.name));
        }
        format!(
            "h1:{}\n{lines}",
            base64::engine::general_purpose::STANDARD.encode(total.finalize())
        )
    }

    /// Check the directory against the content of its `ebb.sum`, naming the first file that
    /// was edited, added or removed.
    ///
    /// # Errors
    /// [`Error::SumMismatch`] or [`Error::SumSyntax`].
    pub fn verify_sum(&self, sum: &str) -> Result<()> {
        let mut lines = sum.lines();
        let Some(first) = lines.next().filter(|l| l.starts_with("h1:")) else {
            return Err(Error::SumSyntax {
                line: 1,
                message: "expected `h1:<hash>` on the first line".into(),
            });
        };
        let _ = first;
        let mut recorded = Vec::new();
        for (i, l) in lines.enumerate() {
            if l.trim().is_empty() {
                continue;
            }
            let Some((name, h)) = l.rsplit_once(' ') else {
                return Err(Error::SumSyntax {
                    line: i + 2,
                    message: "expected `<file> h1:<hash>`".into(),
                });
            };
            recorded.push((name.to_string(), h.to_string()));
        }
        // By name, not a scan per line: a directory of thousands of files made this quadratic.
        let files: std::collections::HashMap<&str, &MigrationFile> =
            self.files.iter().map(|f| (f.name.as_str(), f)).collect();
        for (name, h) in &recorded {
            match files.get(name.as_str()) {
                None => {
                    return Err(Error::SumMismatch {
                        file: name.clone(),
                        what: "removed".into(),
                    })
                }
                Some(f) if f.hash() != *h => {
                    return Err(Error::SumMismatch {
                        file: name.clone(),
                        what: "edited".into(),
                    })
                }
                Some(_) => {}
            }
        }
        let listed: std::collections::HashSet<&str> =
            recorded.iter().map(|(n, _)| n.as_str()).collect();
        for f in &self.files {
            if !listed.contains(f.name.as_str()) {
                return Err(Error::SumMismatch {
                    file: f.name.clone(),
                    what: "added".into(),
                });
            }
        }
        if self.sum() != sum.trim_end().to_string() + "\n" {
            // Same files and hashes but another order or total: someone edited the sum.
            return Err(Error::SumSyntax {
                line: 1,
                message: "the total hash does not match the files; run `ebb migrate hash`".into(),
            });
        }
        Ok(())
    }
}
