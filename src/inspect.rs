//! `pulsebook inspect FILE`: what pulsebook sees in a raw export — the dialect, each
//! column with its detected kind and two samples, the preset it matches, and a
//! ready-to-paste `sources.yaml` entry.

use std::fmt::Write as _;
use std::path::Path;

use crate::load::sources::cell::Cell;
use crate::load::sources::cells::{self, NumberStyle};
use crate::load::sources::presets::{self, Preset};
use crate::load::sources::table::{self, Batch, Format, ReadOptions};

/// Values per column kept to classify it.
const SAMPLE: usize = 1_000;

/// What was seen in one column.
#[derive(Default)]
struct Column {
    values: Vec<String>,
    /// Cells stored as numbers or dates (XLSX).
    typed: Option<&'static str>,
    empty: usize,
}

/// The report for `file`, or why it cannot be read.
pub fn inspect(file: &Path, encoding: Option<&str>, sheet: Option<&str>) -> Result<String, String> {
    let options = ReadOptions {
        encoding: encoding.map(str::to_string),
        sheet: sheet.map(str::to_string),
        ..ReadOptions::default()
    };
    let shown = crate::base::diag::display_path(file);
    let mut first = table::open(file, &options).map_err(|e| format!("{shown}: {}", e.message))?;
    let mut names = first.columns().to_vec();
    // A title above the header (`Report …`, a blank line): the header is the first
    // row as wide as most rows.
    let header_row = wider_header(&mut first, names.len());
    let options = ReadOptions {
        header_row,
        ..options
    };
    if header_row.is_some() {
        let t = table::open(file, &options).map_err(|e| format!("{shown}: {}", e.message))?;
        names = t.columns().to_vec();
    }
    let preset = presets::recognise(&names);
    let options = ReadOptions {
        footer_prefixes: preset
            .map(|p| p.footer.iter().map(|s| s.to_string()).collect())
            .unwrap_or_default(),
        ..options
    };
    let mut t2 = table::open(file, &options).map_err(|e| format!("{shown}: {}", e.message))?;
    let (columns, rows) = scan(&mut t2, names.len()).map_err(|e| format!("{shown}: {e}"))?;
    let mut out = String::new();
    let _ = writeln!(out, "{shown}");
    dialect(&mut out, &t2, rows);
    // Machine exports write numbers the English way unless the values show otherwise.
    let kinds: Vec<String> = columns
        .iter()
        .map(|c| kind_of(c, NumberStyle::En))
        .collect();
    let _ = writeln!(out, "\ncolumns:");
    let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    let kind_width = kinds.iter().map(|k| k.chars().count()).max().unwrap_or(0);
    for ((name, column), kind) in names.iter().zip(&columns).zip(&kinds) {
        let samples: Vec<String> = column
            .values
            .iter()
            .take(2)
            .map(|v| format!("\"{v}\""))
            .collect();
        let empty = if rows > 0 && column.empty > 0 {
            format!("  ({}% empty)", (column.empty * 100).div_ceil(rows))
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "  {name:<width$}  {kind:<kind_width$}  {}{empty}",
            samples.join(", ")
        );
    }
    let _ = writeln!(out);
    match preset {
        Some(p) => {
            let _ = writeln!(
                out,
                "preset: {} ({}): a book reads it from metrics/ with no configuration",
                p.id, p.tool
            );
        }
        None => match presets::closest(&names) {
            Some((p, missing)) => {
                let _ = writeln!(
                    out,
                    "preset: none; closest is {} ({}), which needs {}",
                    p.id,
                    p.tool,
                    missing
                        .iter()
                        .map(|m| format!("`{m}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            None => {
                let _ = writeln!(out, "preset: none matches; map the columns in sources.yaml");
            }
        },
    }
    let _ = writeln!(out, "\nsources.yaml entry:");
    out.push_str(&entry(file, &t2, preset, &names, &kinds));
    Ok(out)
}

/// The line of the real header when the first row is a title (`Report …` with the
/// other cells empty): the first record with as many filled cells as most of the
/// first hundred, when that is more than the first row has.
fn wider_header(t: &mut table::Table, width: usize) -> Option<usize> {
    let mut batch = Batch::with_capacity(100);
    t.next_batch(&mut batch).ok()?;
    let filled = |r: usize| {
        (0..batch.fields(r))
            .filter(|&c| !matches!(batch.cell(r, c), Cell::Empty))
            .count()
    };
    let mut counts: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    for r in 0..batch.len() {
        *counts.entry(filled(r)).or_default() += 1;
    }
    let (&common, _) = counts.iter().max_by_key(|&(cells, n)| (*n, *cells))?;
    if common <= width.max(1) {
        return None;
    }
    (0..batch.len())
        .find(|&r| filled(r) >= common)
        .map(|r| batch.line(r))
}

/// Reads every record: row count and each column's samples.
fn scan(t: &mut table::Table, width: usize) -> Result<(Vec<Column>, usize), String> {
    let mut columns: Vec<Column> = (0..width).map(|_| Column::default()).collect();
    let mut batch = Batch::with_capacity(4_096);
    let mut rows = 0;
    while t.next_batch(&mut batch).map_err(|e| e.message)? {
        for r in 0..batch.len() {
            rows += 1;
            for (c, column) in columns.iter_mut().enumerate() {
                match batch.cell(r, c) {
                    Cell::Empty => column.empty += 1,
                    Cell::Text(s) if s.trim().is_empty() => column.empty += 1,
                    Cell::Text(s) => {
                        if column.values.len() < SAMPLE {
                            column.values.push(s.trim().to_string());
                        }
                    }
                    Cell::Number(n) => {
                        column.typed.get_or_insert("number");
                        if column.values.len() < SAMPLE {
                            column.values.push(crate::base::csv::plain_number(n));
                        }
                    }
                    Cell::DateTime(dt) => {
                        column.typed.get_or_insert("date (Excel)");
                        if column.values.len() < SAMPLE {
                            column.values.push(dt.to_string());
                        }
                    }
                    Cell::Bool(b) => {
                        column.typed.get_or_insert("boolean");
                        if column.values.len() < SAMPLE {
                            column.values.push(b.to_string());
                        }
                    }
                }
            }
        }
    }
    Ok((columns, rows))
}

fn kind_of(column: &Column, style: NumberStyle) -> String {
    if let Some(typed) = column.typed {
        return typed.to_string();
    }
    let values: Vec<&str> = column.values.iter().map(String::as_str).collect();
    cells::classify(&values, style).describe()
}

fn dialect(out: &mut String, t: &table::Table, rows: usize) {
    let d = t.dialect();
    let format = match &d.format {
        Format::Csv { delimiter } => {
            let shown = match delimiter {
                b'\t' => "tab".to_string(),
                b => format!("`{}`", *b as char),
            };
            format!("CSV, delimiter {shown}")
        }
        Format::Xlsx { sheet } => format!("XLSX, sheet \"{sheet}\""),
    };
    let bom = if d.bom { " (with BOM)" } else { "" };
    let _ = writeln!(out, "  format:   {format}, encoding {}{bom}", d.encoding);
    let _ = writeln!(
        out,
        "  header:   line {}; {rows} data rows; {} blank rows; {} footer lines",
        d.header_row,
        t.blank_rows(),
        d.footer_lines
    );
}

/// A `sources.yaml` entry for the file.
fn entry(
    file: &Path,
    t: &table::Table,
    preset: Option<&Preset>,
    names: &[String],
    kinds: &[String],
) -> String {
    let stem = file
        .file_stem()
        .map(|s| crate::base::slug::suggest_slug(&s.to_string_lossy()))
        .unwrap_or_else(|| "export".into());
    let file_name = file
        .file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut out = String::new();
    let _ = writeln!(out, "  - name: {stem}");
    let _ = writeln!(out, "    files: metrics/{file_name}");
    let d = t.dialect();
    if d.encoding != "UTF-8" && !d.encoding.starts_with("UTF-16") {
        let _ = writeln!(out, "    encoding: {}", d.encoding.to_lowercase());
    }
    if d.header_row > 1 {
        let _ = writeln!(out, "    skip: {{ header_row: {} }}", d.header_row);
    }
    if let Some(p) = preset {
        let _ = writeln!(out, "    preset: {}", p.id);
        for (param, defaults) in p.params {
            let list: Vec<String> = defaults.iter().map(|v| format!("\"{v}\"")).collect();
            let _ = writeln!(
                out,
                "    {param}: [{}]   # your CRM's stage names",
                list.join(", ")
            );
        }
        return out;
    }
    let quote = |n: &str| {
        if n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            n.to_string()
        } else {
            format!("\"{n}\"")
        }
    };
    let person = guess(
        names,
        &[
            "owner",
            "agent",
            "user",
            "rep",
            "person",
            "email",
            "e-mail",
            "konsultant",
            "handlowiec",
            "pracownik",
            "selger",
            "ansatt",
            "name",
        ],
    );
    let date = kinds
        .iter()
        .position(|k| k.starts_with("date"))
        .map(|i| names[i].clone())
        .or_else(|| guess(names, &["date", "time", "data", "dato", "datum"]));
    let _ = writeln!(
        out,
        "    person: {{ column: {} }}",
        quote(person.as_deref().unwrap_or("PERSON COLUMN"))
    );
    let _ = writeln!(
        out,
        "    date: {{ column: {} }}",
        quote(date.as_deref().unwrap_or("DATE COLUMN"))
    );
    let _ = writeln!(out, "    measures:");
    let _ = writeln!(
        out,
        "      # base measures: count rows or sum an expression, e.g."
    );
    let quoted = |i: usize| names[i].replace('"', "\\\"");
    if let Some(i) = kinds.iter().position(|k| k == "duration") {
        let _ = writeln!(out, "      calls: {{ count: true }}");
        let _ = writeln!(
            out,
            "      handle_seconds: {{ sum: \"\\\"{}\\\"\" }}",
            quoted(i)
        );
    } else {
        let _ = writeln!(out, "      deals: {{ count: true }}");
        if let Some(i) = kinds.iter().position(|k| k == "money" || k == "number") {
            let _ = writeln!(out, "      revenue: {{ sum: \"\\\"{}\\\"\" }}", quoted(i));
        }
    }
    out
}

/// The first column whose name contains one of `words` (in order of the words).
fn guess(names: &[String], words: &[&str]) -> Option<String> {
    words
        .iter()
        .find_map(|w| names.iter().find(|n| n.to_lowercase().contains(w)).cloned())
}
