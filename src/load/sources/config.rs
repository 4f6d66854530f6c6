//! `sources.yaml`: the book's own mappings, parsed into [`Spec`]s with the position of
//! every value, so a mistake found later (a misspelled column in an expression, a bad
//! date format) points into the file. Presets become `Spec`s too ([`Spec::preset`]),
//! with no positions; a mapping's keys override the parts of its preset. A deals
//! source's deal columns are in [`deal`].

mod deal;

use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde::de::{Deserializer, SeqAccess, Visitor};

pub(crate) use deal::DealSpec;

use super::people::By;
use super::presets::{self, Preset};
use crate::base::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::load::yaml::{self, Source, Spanned, SpannedMap};

/// The file's path in the book.
pub(crate) const FILE: &str = "sources.yaml";

/// Where a value is in sources.yaml (1-based); presets have none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Loc {
    pub(crate) line: usize,
    pub(crate) col: usize,
}

/// A text value of a mapping and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Text {
    pub(crate) value: String,
    pub(crate) at: Option<Loc>,
}

impl Loc {
    fn of<T>(s: &Spanned<T>) -> Loc {
        Loc {
            line: s.referenced.line() as usize,
            col: s.referenced.column() as usize,
        }
    }
}

impl Text {
    fn of(s: &Spanned<String>) -> Text {
        Text {
            value: s.value.clone(),
            at: Some(Loc::of(s)),
        }
    }

    fn fixed(value: &str) -> Text {
        Text {
            value: value.to_string(),
            at: None,
        }
    }
}

/// Where a source's rows come from.
#[derive(Debug, Clone)]
pub(crate) enum Input {
    /// Files matching a glob relative to the book (none for a file found by its header).
    Files(Option<Text>),
    /// A query on PostgreSQL; the connection string is in the environment variable.
    Postgres { url_env: Text, query: Text },
}

/// One measure of a source.
#[derive(Debug, Clone)]
pub(crate) struct MeasureSpec {
    pub(crate) name: Text,
    /// `None`: count rows.
    pub(crate) sum: Option<Text>,
    pub(crate) filter: Option<Text>,
    pub(crate) date: Option<Text>,
}

/// The team of rows without a person: a column's value through `map` (or a team id or
/// name as written).
#[derive(Debug, Clone)]
pub(crate) struct TeamSpec {
    pub(crate) column: Text,
    pub(crate) map: Vec<(Text, Text)>,
}

/// One source, resolved from sources.yaml and its preset.
#[derive(Debug, Clone)]
pub(crate) struct Spec {
    pub(crate) name: String,
    pub(crate) input: Input,
    pub(crate) preset: Option<&'static Preset>,
    pub(crate) encoding: Option<Text>,
    pub(crate) sheet: Option<Text>,
    pub(crate) header_row: Option<usize>,
    pub(crate) footer_lines: usize,
    pub(crate) footer_prefixes: Vec<String>,
    /// Candidate person columns: the first in the header is used.
    pub(crate) person: Vec<Text>,
    pub(crate) by: By,
    pub(crate) none: Vec<String>,
    pub(crate) unmatched_skip: bool,
    pub(crate) date: Option<Text>,
    pub(crate) date_format: Option<Text>,
    pub(crate) timezone: Option<Text>,
    pub(crate) team: Option<TeamSpec>,
    pub(crate) measures: Vec<MeasureSpec>,
    pub(crate) number_style: Option<Text>,
    pub(crate) skip_bad_rows: Option<bool>,
    /// A column that must hold the book's currency when present (a preset's).
    pub(crate) currency_column: Option<&'static str>,
    /// A deals source's deal columns: its open deals are kept for the pipeline.
    pub(crate) deal: Option<DealSpec>,
}

impl Spec {
    /// A file read with `preset` and no overrides.
    pub(crate) fn preset(preset: &'static Preset, name: &str) -> Spec {
        let mut spec = Spec::empty(name.to_string(), Input::Files(None));
        apply_preset(&mut spec, preset, &[]);
        spec
    }

    fn empty(name: String, input: Input) -> Spec {
        Spec {
            name,
            input,
            preset: None,
            encoding: None,
            sheet: None,
            header_row: None,
            footer_lines: 0,
            footer_prefixes: Vec::new(),
            person: Vec::new(),
            by: By::Auto,
            none: Vec::new(),
            unmatched_skip: false,
            date: None,
            date_format: None,
            timezone: None,
            team: None,
            measures: Vec::new(),
            number_style: None,
            skip_bad_rows: None,
            currency_column: None,
            deal: None,
        }
    }
}

/// What sources.yaml holds.
#[derive(Debug, Clone, Default)]
pub(crate) struct Config {
    pub(crate) timezone: Option<Text>,
    pub(crate) sources: Vec<Spec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    timezone: Option<Spanned<String>>,
    #[serde(default)]
    sources: Vec<Spanned<RawSource>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    name: Spanned<String>,
    files: Option<Spanned<String>>,
    preset: Option<Spanned<String>>,
    postgres: Option<RawPostgres>,
    query: Option<Spanned<String>>,
    encoding: Option<Spanned<String>>,
    sheet: Option<Spanned<String>>,
    skip: Option<RawSkip>,
    person: Option<RawPerson>,
    unmatched: Option<Spanned<String>>,
    date: Option<RawDate>,
    timezone: Option<Spanned<String>>,
    team: Option<RawTeam>,
    measures: Option<SpannedMap<RawMeasure>>,
    number_style: Option<Spanned<String>>,
    skip_bad_rows: Option<bool>,
    won: Option<Spanned<Strings>>,
    lost: Option<Spanned<Strings>>,
    kind: Option<Spanned<String>>,
    deal: Option<Spanned<deal::RawDeal>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPostgres {
    url_env: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSkip {
    header_row: Option<Spanned<usize>>,
    footer_lines: Option<usize>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPerson {
    column: Option<Spanned<Strings>>,
    by: Option<Spanned<String>>,
    none: Option<Spanned<Strings>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDate {
    column: Option<Spanned<String>>,
    format: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTeam {
    column: Spanned<String>,
    #[serde(default)]
    map: SpannedMap<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeasure {
    count: Option<Spanned<bool>>,
    sum: Option<Spanned<String>>,
    #[serde(rename = "where")]
    filter: Option<Spanned<String>>,
    date: Option<Spanned<String>>,
}

/// One string or a list of them (`won: Won`, `won: [Won, "Closed Won"]`); used as
/// `Spanned<Strings>`, so every item points at the value.
#[derive(Debug, Default)]
struct Strings(Vec<String>);

impl<'de> Deserialize<'de> for Strings {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StringsVisitor)
    }
}

struct StringsVisitor;

impl<'de> Visitor<'de> for StringsVisitor {
    type Value = Strings;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string or a list of strings")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Strings, E> {
        Ok(Strings(vec![v.to_string()]))
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Strings, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Strings, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Strings, A::Error> {
        let mut out = Vec::new();
        while let Some(s) = seq.next_element::<String>()? {
            out.push(s);
        }
        Ok(Strings(out))
    }
}

/// Each item of a spanned list, placed at the list.
fn texts(list: &Spanned<Strings>) -> Vec<Text> {
    list.value
        .0
        .iter()
        .map(|v| Text {
            value: v.clone(),
            at: Some(Loc::of(list)),
        })
        .collect()
}

/// Parses sources.yaml; `None` when it has errors (pushed).
pub(crate) fn load(text: &str, diags: &mut Diagnostics) -> Option<Config> {
    let path = Path::new(FILE);
    let raw: RawFile = yaml::parse(path, text, diags)?;
    let src = Source { path, text };
    let before = diags.error_count();
    let mut sources: Vec<Spec> = Vec::new();
    for entry in &raw.sources {
        if let Some(spec) = source(&src, entry, diags) {
            if sources.iter().any(|s| s.name == spec.name) {
                diags.push(src.error_at(
                    &entry.value.name,
                    format!("two sources are called `{}`", spec.name),
                ));
            }
            sources.push(spec);
        }
    }
    (diags.error_count() == before).then(|| Config {
        timezone: raw.timezone.as_ref().map(Text::of),
        sources,
    })
}

fn source(src: &Source, entry: &Spanned<RawSource>, diags: &mut Diagnostics) -> Option<Spec> {
    let raw = &entry.value;
    let before = diags.error_count();
    yaml::check_slug(src, &raw.name, "source", diags);
    let input = input(src, raw, diags)?;
    let mut spec = Spec::empty(raw.name.value.clone(), input);
    if let Some(p) = &raw.preset {
        match presets::by_id(&p.value) {
            Some(preset) => {
                let params = params(src, preset, raw, diags);
                apply_preset(&mut spec, preset, &params);
            }
            None => {
                let ids = presets::PRESETS.iter().map(|p| p.id);
                let hint = did_you_mean(&p.value, ids.clone()).unwrap_or_else(|| {
                    format!("the presets are {}", ids.collect::<Vec<_>>().join(", "))
                });
                diags.push(
                    src.error_at(p, format!("unknown preset `{}`", p.value))
                        .with_hint(hint),
                );
            }
        }
    } else if (raw.won.is_some() || raw.lost.is_some()) && !deal::is_deals(raw) {
        let key = raw.won.as_ref().or(raw.lost.as_ref());
        let message = "`won` and `lost` are parameters of a deals source";
        let d = match key {
            Some(k) => src.error_at(k, message),
            None => Diagnostic::error(FILE, message),
        };
        diags.push(d.with_hint(
            "add `preset: hubspot-deals` (or another deals preset) or `kind: deals`, or write the stage in `where`",
        ));
    }
    overrides(src, raw, &mut spec, diags);
    deal::apply(src, raw, &mut spec, diags);
    // An unknown preset is the one mistake to show, not what it would have given.
    let unknown_preset = raw.preset.is_some() && spec.preset.is_none();
    if !unknown_preset {
        check_complete(src, raw, &spec, diags);
    }
    (diags.error_count() == before).then_some(spec)
}

fn input(src: &Source, raw: &RawSource, diags: &mut Diagnostics) -> Option<Input> {
    match (&raw.files, &raw.postgres, &raw.query) {
        (Some(files), None, None) => Some(Input::Files(Some(Text::of(files)))),
        (None, Some(pg), Some(query)) => Some(Input::Postgres {
            url_env: Text::of(&pg.url_env),
            query: Text::of(query),
        }),
        (None, Some(_), None) => {
            diags.push(
                src.error_at(
                    &raw.name,
                    format!("source `{}` has `postgres` but no `query`", raw.name.value),
                )
                .with_hint("add `query: select … as person, … as date, … from …`"),
            );
            None
        }
        (None, None, Some(q)) => {
            diags.push(
                src.error_at(q, "`query` needs `postgres: { url_env: VARIABLE }`")
                    .with_hint("the connection string comes from an environment variable, never from the book"),
            );
            None
        }
        (Some(files), Some(_), _) | (Some(files), None, Some(_)) => {
            diags.push(src.error_at(
                files,
                "a source reads either `files` or a `postgres` query, not both",
            ));
            None
        }
        (None, None, None) => {
            diags.push(
                src.error_at(
                    &raw.name,
                    format!("source `{}` reads nothing", raw.name.value),
                )
                .with_hint("add `files: metrics/…` (a glob) or `postgres:` with a `query`"),
            );
            None
        }
    }
}

/// The preset's parameters with the source's values (`won`, `lost`).
fn params(
    src: &Source,
    preset: &Preset,
    raw: &RawSource,
    diags: &mut Diagnostics,
) -> Vec<(&'static str, Vec<String>)> {
    let given = [("won", &raw.won), ("lost", &raw.lost)];
    for (name, value) in given {
        if let Some(v) = value
            && !preset.params.iter().any(|(p, _)| *p == name)
        {
            diags.push(src.error_at(
                v,
                format!("preset `{}` has no parameter `{name}`", preset.id),
            ));
        }
    }
    preset
        .params
        .iter()
        .map(|&(name, default)| {
            let user = given
                .iter()
                .find(|(n, _)| *n == name)
                .and_then(|(_, v)| v.as_ref());
            let values = match user {
                Some(v) => v.value.0.clone(),
                None => default.iter().map(|s| s.to_string()).collect(),
            };
            (name, values)
        })
        .collect()
}

/// Fills a spec from a preset, its stage parameters substituted.
fn apply_preset(spec: &mut Spec, preset: &'static Preset, params: &[(&'static str, Vec<String>)]) {
    let params: Vec<(&str, Vec<String>)> = if params.is_empty() {
        preset
            .params
            .iter()
            .map(|&(n, d)| (n, d.iter().map(|s| s.to_string()).collect()))
            .collect()
    } else {
        params.to_vec()
    };
    spec.preset = Some(preset);
    spec.person = preset.person.iter().map(|c| Text::fixed(c)).collect();
    spec.none = preset.none.iter().map(|s| s.to_string()).collect();
    spec.date = Some(Text::fixed(preset.date));
    spec.footer_prefixes = preset.footer.iter().map(|s| s.to_string()).collect();
    spec.currency_column = preset.currency;
    spec.deal = preset
        .deal
        .as_ref()
        .map(|d| DealSpec::of_preset(d, &params));
    spec.measures = preset
        .measures
        .iter()
        .map(|m| MeasureSpec {
            name: Text::fixed(m.name),
            sum: m.sum.map(|e| Text::fixed(&presets::substitute(e, &params))),
            filter: m
                .filter
                .map(|e| Text::fixed(&presets::substitute(e, &params))),
            date: m.date.map(Text::fixed),
        })
        .collect();
}

/// The keys of a mapping, over its preset's parts.
fn overrides(src: &Source, raw: &RawSource, spec: &mut Spec, diags: &mut Diagnostics) {
    spec.encoding = raw.encoding.as_ref().map(Text::of);
    spec.sheet = raw.sheet.as_ref().map(Text::of);
    if let Some(skip) = &raw.skip {
        if let Some(h) = &skip.header_row {
            if h.value == 0 {
                diags.push(src.error_at(h, "`header_row` counts from 1"));
            }
            spec.header_row = Some(h.value);
        }
        spec.footer_lines = skip.footer_lines.unwrap_or(0);
    }
    if let Some(person) = &raw.person {
        if let Some(cols) = &person.column {
            spec.person = texts(cols);
        }
        if let Some(by) = &person.by {
            match By::parse(&by.value) {
                Some(b) => spec.by = b,
                None => diags.push(
                    src.error_at(by, format!("unknown `by` value `{}`", by.value))
                        .with_hint(format!("expected one of {}", By::NAMES.join(", "))),
                ),
            }
        }
        if let Some(none) = &person.none {
            spec.none = none.value.0.clone();
        }
    }
    if let Some(u) = &raw.unmatched {
        match u.value.as_str() {
            "skip" => spec.unmatched_skip = true,
            "error" => spec.unmatched_skip = false,
            other => diags.push(
                src.error_at(u, format!("unknown `unmatched` value `{other}`"))
                    .with_hint("expected `error` (the default) or `skip`"),
            ),
        }
    }
    if let Some(date) = &raw.date {
        if let Some(c) = &date.column {
            spec.date = Some(Text::of(c));
        }
        spec.date_format = date.format.as_ref().map(Text::of);
    }
    spec.timezone = raw.timezone.as_ref().map(Text::of);
    if let Some(team) = &raw.team {
        spec.team = Some(TeamSpec {
            column: Text::of(&team.column),
            map: team
                .map
                .0
                .iter()
                .map(|(k, v)| (Text::of(k), Text::of(v)))
                .collect(),
        });
    }
    if let Some(measures) = &raw.measures {
        for (name, m) in &measures.0 {
            if let Some(spec_m) = measure(src, name, m, diags) {
                match spec
                    .measures
                    .iter_mut()
                    .find(|x| x.name.value == name.value)
                {
                    Some(existing) => *existing = spec_m,
                    None => spec.measures.push(spec_m),
                }
            }
        }
    }
    spec.number_style = raw.number_style.as_ref().map(Text::of);
    spec.skip_bad_rows = raw.skip_bad_rows;
}

fn measure(
    src: &Source,
    name: &Spanned<String>,
    m: &RawMeasure,
    diags: &mut Diagnostics,
) -> Option<MeasureSpec> {
    let counted = m.count.as_ref().is_some_and(|c| c.value);
    match (counted, &m.sum) {
        (true, Some(sum)) => {
            diags.push(
                src.error_at(
                    sum,
                    format!("measure `{}` has both `count` and `sum`", name.value),
                )
                .with_hint("a measure either counts rows or sums an expression"),
            );
            return None;
        }
        (false, None) => {
            diags.push(
                src.error_at(
                    name,
                    format!(
                        "measure `{}` needs `count: true` or `sum: EXPR`",
                        name.value
                    ),
                )
                .with_hint("e.g. `calls: { count: true, where: \"\\\"TALK TIME\\\" > 0\" }`"),
            );
            return None;
        }
        _ => {}
    }
    if let Some(c) = &m.count
        && !c.value
    {
        diags.push(
            src.error_at(c, "`count: false` counts nothing")
                .with_hint("write `count: true`, or `sum: EXPR`"),
        );
        return None;
    }
    Some(MeasureSpec {
        name: Text::of(name),
        sum: m.sum.as_ref().map(Text::of),
        filter: m.filter.as_ref().map(Text::of),
        date: m.date.as_ref().map(Text::of),
    })
}

/// A file mapping without a preset needs a person column, a date column and measures.
fn check_complete(src: &Source, raw: &RawSource, spec: &Spec, diags: &mut Diagnostics) {
    if matches!(spec.input, Input::Postgres { .. }) {
        // A query names its own columns; keys for files would be silently ignored.
        let file_keys = [
            ("preset", raw.preset.is_some()),
            ("measures", raw.measures.is_some()),
            ("date", raw.date.is_some()),
            ("team", raw.team.is_some()),
            ("encoding", raw.encoding.is_some()),
            ("sheet", raw.sheet.is_some()),
            ("skip", raw.skip.is_some()),
            (
                "person.column",
                raw.person.as_ref().is_some_and(|p| p.column.is_some()),
            ),
            ("kind", raw.kind.is_some()),
            ("deal", raw.deal.is_some()),
        ];
        for (key, given) in file_keys {
            if given {
                diags.push(
                    src.error_at(&raw.name, format!("`{key}` does not apply to a postgres source"))
                        .with_hint("the query returns `person`, `date` (or `period`) and one column per measure; name them with `as`"),
                );
            }
        }
        return;
    }
    let no_measures =
        spec.measures.is_empty() && raw.measures.as_ref().is_none_or(|m| m.0.is_empty());
    // A deals source may keep its open deals only (no measures, then no day needed).
    let deals = spec.deal.is_some() || deal::is_deals(raw);
    let missing: Vec<&str> = [
        ("person", spec.person.is_empty()),
        ("date", spec.date.is_none() && !(deals && no_measures)),
        ("measures", no_measures && !deals),
    ]
    .into_iter()
    .filter_map(|(k, m)| m.then_some(k))
    .collect();
    if !missing.is_empty() {
        diags.push(
            src.error_at(
                &raw.name,
                format!("source `{}` needs {}", raw.name.value, missing.join(", ")),
            )
            .with_hint("give `preset:` (see `pulsebook inspect FILE`), or write `person: { column: … }`, `date: { column: … }` and `measures:`"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Vec<String>> {
        let mut diags = Diagnostics::new();
        let config = load(text, &mut diags);
        config.ok_or_else(|| {
            diags
                .sorted()
                .iter()
                .map(|d| format!("{}:{}: {}", d.line, d.col, d.message))
                .collect()
        })
    }

    #[test]
    fn the_contract_example_parses() {
        let text = r#"timezone: America/New_York
sources:
  - name: hubspot
    files: metrics/hubspot-*.csv
    preset: hubspot-deals
    won: ["Closed Won", "Won"]
  - name: dialer
    files: metrics/five9-*.csv
    person: { column: AGENT, by: email, none: ["[None]"] }
    date: { column: TIMESTAMP, format: "%a, %d %b %Y %H:%M:%S" }
    team: { column: CAMPAIGN, map: { "Field Sales Inbound": field } }
    measures:
      calls:          { count: true, where: "\"TALK TIME\" > 0" }
      handle_seconds: { sum: "\"TALK TIME\" + \"HOLD TIME\"", where: "\"TALK TIME\" > 0" }
  - name: warehouse
    postgres: { url_env: PULSEBOOK_PG_URL }
    query: |
      select 1
"#;
        let config = parse(text).unwrap();
        assert_eq!(config.timezone.unwrap().value, "America/New_York");
        let hub = &config.sources[0];
        assert_eq!(hub.preset.unwrap().id, "hubspot-deals");
        let deals = &hub.measures[0];
        assert_eq!(
            deals.filter.as_ref().unwrap().value,
            r#""Deal Stage" IN ('Closed Won', 'Won')"#
        );
        let dialer = &config.sources[1];
        assert_eq!(dialer.by, By::Email);
        assert_eq!(dialer.none, ["[None]"]);
        assert_eq!(dialer.measures.len(), 2);
        let calls = &dialer.measures[0];
        assert_eq!(calls.filter.as_ref().unwrap().value, "\"TALK TIME\" > 0");
        assert_eq!(
            calls.filter.as_ref().unwrap().at,
            Some(Loc { line: 13, col: 45 })
        );
        assert_eq!(dialer.team.as_ref().unwrap().map[0].1.value, "field");
        assert!(matches!(config.sources[2].input, Input::Postgres { .. }));
    }

    #[test]
    fn a_postgres_source_takes_no_file_keys() {
        let text = "sources:\n  - name: wh\n    postgres: { url_env: PG }\n    query: select 1\n    measures:\n      calls: { count: true }\n";
        assert_eq!(
            parse(text).unwrap_err(),
            ["2:11: `measures` does not apply to a postgres source"]
        );
    }

    #[test]
    fn a_mapping_overrides_its_preset() {
        let text = "sources:\n  - name: sf\n    files: x.csv\n    preset: salesforce-opportunities\n    won: Won\n    measures:\n      revenue: { sum: \"Amount * 2\" }\n";
        let config = parse(text).unwrap();
        let sf = &config.sources[0];
        assert_eq!(
            sf.measures[0].filter.as_ref().unwrap().value,
            r#""Stage" IN ('Won')"#
        );
        let revenue = sf
            .measures
            .iter()
            .find(|m| m.name.value == "revenue")
            .unwrap();
        assert_eq!(revenue.sum.as_ref().unwrap().value, "Amount * 2");
        assert!(revenue.filter.is_none());
        assert_eq!(sf.footer_prefixes.len(), 3);
    }

    #[test]
    fn mistakes_are_located() {
        let text = "sources:\n  - name: a\n    files: x.csv\n    preset: hubspot-deal\n  - name: b\n    files: y.csv\n    measures:\n      calls: { where: \"x > 1\" }\n  - name: c\n  - name: d\n    files: z.csv\n    preset: five9-call-log\n    person: { by: mail }\n    won: Won\n";
        let errors = parse(text).unwrap_err();
        assert_eq!(
            errors,
            [
                "4:13: unknown preset `hubspot-deal`",
                "5:11: source `b` needs person, date",
                "8:7: measure `calls` needs `count: true` or `sum: EXPR`",
                "9:11: source `c` reads nothing",
                "13:19: unknown `by` value `mail`",
                "14:10: preset `five9-call-log` has no parameter `won`",
            ]
        );
    }
}
