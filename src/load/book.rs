//! Load: a book folder → a validated [`Book`]. Reads every input file once, runs each
//! loader, and collects all diagnostics of the run before giving up.
//!
//! Built-in files (theme, labels, handbook) come from the binary; the book's own
//! `templates/` and `content/` files replace them by name.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::base::diag::{Diagnostic, Diagnostics};
use crate::base::embedded;
use crate::base::locale::{Catalogue, Locale};
use crate::load::coaching::{self, Coaching};
use crate::load::content::{self, Chapter};
use crate::load::files::{self, walk};
use crate::load::kpi::{self, Kpi};
use crate::load::metrics::{self, Metrics};
use crate::load::plan::{self, PlanBook};
use crate::load::questions::{self, QuestionBank};
use crate::load::settings::{self, Settings};
use crate::load::shortcode;
use crate::load::sources;
use crate::load::targets;
use crate::load::team::{self, Roster};

/// A loaded, validated book.
pub struct Book {
    pub(crate) root: PathBuf,
    pub(crate) settings: Settings,
    pub(crate) roster: Roster,
    pub(crate) metrics: Metrics,
    /// Built-in KPIs plus `kpis.yaml`.
    pub(crate) catalogue: Vec<Kpi>,
    pub(crate) chapters: Vec<Chapter>,
    /// The coaching log, mentoring and rhythm (empty without `coaching/`).
    pub(crate) coaching: Coaching,
    /// The question bank the handbook and the 1:1 agendas read.
    pub(crate) questions: QuestionBank,
    /// Scenario plans and the working-day calendar (defaults without `plan.yaml`).
    pub(crate) plan: PlanBook,
    /// Theme files by name relative to `templates/` (built-in, replaced by the book's).
    pub(crate) templates: BTreeMap<String, Template>,
    /// Label catalogues for every locale a page may be written in.
    pub(crate) labels: BTreeMap<Locale, Catalogue>,
    /// Files of the book's `assets/`, by path relative to it.
    pub(crate) assets: BTreeMap<String, Vec<u8>>,
}

/// One theme file and where it came from (for diagnostics).
#[derive(Debug, Clone)]
pub(crate) struct Template {
    pub(crate) path: PathBuf,
    pub(crate) bytes: Vec<u8>,
}

/// Display path of an embedded file in diagnostics.
pub(crate) fn builtin_path(rel: &str) -> PathBuf {
    PathBuf::from(format!("<built-in>/{rel}"))
}

fn read_text(root: &Path, rel: &str, diags: &mut Diagnostics) -> Option<String> {
    match files::read(root, Path::new(rel), files::MAX_TEXT) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(mut text) => {
                if text.starts_with('\u{feff}') {
                    text.drain(..3);
                }
                Some(text)
            }
            Err(e) => {
                let (line, col) = crate::base::diag::line_col(
                    &String::from_utf8_lossy(e.as_bytes()),
                    e.utf8_error().valid_up_to(),
                );
                diags.push(
                    Diagnostic::error(rel, "the file is not valid UTF-8")
                        .at_line(line, col, "")
                        .with_hint("save it as UTF-8"),
                );
                None
            }
        },
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

/// Loads the book at `root`. `None` when it has errors (all in `diags`).
pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<Book> {
    if !is_book(root, diags) {
        return None;
    }
    let settings_text = read_text(root, "pulsebook.yaml", diags)?;
    let settings = settings::load(Path::new("pulsebook.yaml"), &settings_text, diags);
    let team_text = read_team(root, diags);
    let roster = team_text.as_deref().and_then(|text| {
        let kind = settings.as_ref().map(|s: &Settings| s.period);
        // With mistakes that leave the ids sound, the rest of the book is still read
        // and checked, so one run reports everything.
        team::load_partial(Path::new("team.yaml"), text, kind, diags)
    });
    let sources_text = read_optional(root, sources::config::FILE, diags).unwrap_or_default();
    let sources_config = sources::config::load(&sources_text, diags).unwrap_or_default();
    let metric_files = metric_files(root, diags);
    let (jobs, native) = sources::plan(root, &sources_config, &sources_text, &metric_files, diags);
    let raw_metrics = read_metrics(root, &native, jobs.is_empty(), diags);

    // The rest needs valid settings and people.
    let (settings, mut roster) = match (settings, roster) {
        (Some(s), Some(r)) => (s, r),
        _ => return None,
    };
    load_quotas(root, &settings, &mut roster, diags);
    let ids: Vec<&str> = roster.people.iter().map(|p| p.id.as_str()).collect();
    // The coaching log's YAML needs nothing of the metrics: parse it alongside.
    let (metrics, mut coaching_files) = rayon::join(
        || {
            let mut d = Diagnostics::new();
            let options = metrics::Options {
                period: settings.period,
                skip_bad_rows: settings.skip_bad_rows,
            };
            let mut metrics = metrics::load(&raw_metrics, &ids, &options, &mut d);
            let loaded = load_sources(
                root,
                &settings,
                &roster,
                (&sources_config, &sources_text),
                &jobs,
                &metrics,
                &mut d,
            );
            metrics.add_sources(loaded, &mut d);
            (metrics, d)
        },
        || coaching::parse(root),
    );
    let (metrics, metrics_diags) = metrics;
    diags.extend(metrics_diags);

    let catalogue = load_kpis(root, &metrics, diags);
    warn_unused_columns(&raw_metrics, &metrics, &catalogue, diags);
    warn_unused_measures(&sources_config, &sources_text, &catalogue, diags);
    drop(raw_metrics);
    let kpi_ids: Vec<&str> = catalogue.iter().map(|k| k.id.as_str()).collect();
    team::check_target_kpis(&roster, &kpi_ids, diags);
    diags.extend(std::mem::take(&mut coaching_files.diags));
    let coaching = coaching::load(&coaching_files, &roster, &kpi_ids, diags);
    let questions = load_questions(root, &settings, diags).unwrap_or_default();
    let plan = load_plan(root, &settings, &roster, &catalogue, diags);
    let mut chapters = load_content(root, &settings, diags);
    resolve_shortcodes(&mut chapters, &catalogue, &metrics, &roster, diags);
    let templates = load_templates(root, diags);
    let labels = load_labels(&templates, diags);
    let mut assets_names = walk(root, "assets", diags);
    assets_names.retain(|name| {
        let ok = !name.contains('\\');
        if !ok {
            diags.push(
                Diagnostic::error(
                    format!("assets/{name}"),
                    format!(
                        "the file name `{name}` has a backslash: it cannot be part of a web address"
                    ),
                )
                .with_hint("rename the file (a Windows path saved as a name?)"),
            );
        }
        ok
    });
    let assets: BTreeMap<String, Vec<u8>> = assets_names
        .into_iter()
        .filter_map(|rel| {
            let path = Path::new("assets").join(&rel);
            match files::read(root, &path, files::MAX_ASSET) {
                Ok(bytes) => Some((rel, bytes)),
                Err(d) => {
                    diags.push(d);
                    None
                }
            }
        })
        .collect();
    check_logo(&settings, &settings_text, &assets, diags);

    (!diags.has_errors()).then(|| Book {
        root: root.to_path_buf(),
        settings,
        roster,
        metrics,
        catalogue,
        chapters,
        coaching,
        questions,
        plan,
        templates,
        labels,
        assets,
    })
}

/// Adds the quota spreadsheets (`targets/*.csv`) to the roster's targets.
fn load_quotas(root: &Path, settings: &Settings, roster: &mut Roster, diags: &mut Diagnostics) {
    let teams: Vec<&str> = roster.teams.iter().map(|t| t.id.as_str()).collect();
    let people: Vec<&str> = roster.people.iter().map(|p| p.id.as_str()).collect();
    let ids = targets::csv::Ids {
        teams: &teams,
        people: &people,
    };
    let mut targets = std::mem::take(&mut roster.targets);
    targets::csv::load(root, &mut targets, settings.period, &ids, diags);
    roster.targets = targets;
}

/// Whether `root` holds a book (its `pulsebook.yaml`); else says what to pass.
fn is_book(root: &Path, diags: &mut Diagnostics) -> bool {
    // Anything by that name (a folder too) is the book's: reading it says what is wrong.
    if root.join("pulsebook.yaml").symlink_metadata().is_ok() {
        return true;
    }
    let hint = if root.is_dir() {
        "pass the book's folder, or start one with pulsebook.yaml and team.yaml (docs/format.md)"
    } else {
        "pass the folder that holds pulsebook.yaml"
    };
    diags.push(
        Diagnostic::error(
            "pulsebook.yaml",
            format!(
                "no pulsebook.yaml in `{}`: this is not a pulsebook book",
                crate::base::diag::display_path(root)
            ),
        )
        .with_hint(hint),
    );
    false
}

/// The text of `team.yaml`, which every book has.
fn read_team(root: &Path, diags: &mut Diagnostics) -> Option<String> {
    if root.join("team.yaml").symlink_metadata().is_ok() {
        return read_text(root, "team.yaml", diags);
    }
    diags.push(
        Diagnostic::error("team.yaml", "the book has no team.yaml")
            .with_hint("list teams, people and targets there (see docs/format.md)"),
    );
    None
}

/// The exports in `metrics/`: `*.csv` (and `.tsv`) and `*.xlsx`, names
/// relative to the folder.
fn metric_files(root: &Path, diags: &mut Diagnostics) -> Vec<String> {
    let is_export = |name: &str| {
        let lower = name.to_ascii_lowercase();
        [".csv", ".tsv", ".xlsx"].iter().any(|e| lower.ends_with(e))
    };
    let files = walk(root, "metrics", diags);
    // Sub-folders are ignored, but one named like an export is a mistake to say.
    let mut folders: Vec<&str> = files
        .iter()
        .filter_map(|f| f.split_once('/').map(|(folder, _)| folder))
        .filter(|folder| is_export(folder))
        .collect();
    folders.dedup();
    for folder in folders {
        diags.push(
            Diagnostic::warning(
                format!("metrics/{folder}"),
                format!("metrics/{folder} is a folder, not an export: it is not read"),
            )
            .with_hint(
                "files in sub-folders of metrics/ are ignored; move the export up into metrics/",
            ),
        );
    }
    files
        .iter()
        .filter(|f| !f.contains('/') && is_export(f))
        .cloned()
        .collect()
}

/// What the sources read, for [`Metrics::add_sources`].
fn load_sources(
    root: &Path,
    settings: &Settings,
    roster: &Roster,
    (config, yaml): (&sources::config::Config, &str),
    jobs: &[sources::Job],
    native: &Metrics,
    diags: &mut Diagnostics,
) -> sources::Loaded {
    if jobs.is_empty() {
        return sources::Loaded::default();
    }
    let sources_zone = match &config.timezone {
        Some(t) => match sources::cells::zone(&t.value) {
            Ok(z) => z,
            Err(message) => {
                diags.push(sources::at_yaml(yaml, t, Diagnostic::problem(message)));
                return sources::Loaded::default();
            }
        },
        None => settings.timezone.clone(),
    };
    // `$1` of a query: the first day of the earliest period the build shows.
    let first_day = match settings.report_period {
        Some(p) => (1..settings.history).fold(p, |p, _| p.pred()).start(),
        None => native
            .first_day()
            .unwrap_or_else(|| jiff::civil::date(1900, 1, 1)),
    };
    let ctx = sources::Context {
        root,
        locale: settings.locale,
        currency: &settings.currency,
        period: settings.period,
        skip_bad_rows: settings.skip_bad_rows,
        roster,
        yaml,
        book_zone: &settings.timezone,
        sources_zone: &sources_zone,
        first_day,
    };
    sources::load(&ctx, jobs, diags)
}

/// The bytes of the native metrics files (path relative to the book); the book must
/// have at least one file of metrics, native or read by a source.
fn read_metrics(
    root: &Path,
    metric_files: &[String],
    no_sources: bool,
    diags: &mut Diagnostics,
) -> Vec<(PathBuf, Vec<u8>)> {
    if metric_files.is_empty() && no_sources {
        diags.push(
            Diagnostic::error(
                "metrics/",
                "the book has no metrics: expected at least one metrics/*.csv",
            )
            .with_hint("export daily rows with `date`, `rep` and one column per base measure"),
        );
    }
    let mut raw_metrics = Vec::new();
    for f in metric_files {
        let rel = PathBuf::from("metrics").join(f);
        match files::read(root, &rel, files::MAX_DATA) {
            Ok(bytes) => raw_metrics.push((rel, bytes)),
            Err(d) => diags.push(d),
        }
    }
    raw_metrics
}

/// The text of an optional file of the book: `None` when it is absent (or unreadable,
/// which is reported).
fn read_optional(root: &Path, rel: &str, diags: &mut Diagnostics) -> Option<String> {
    root.join(rel)
        .is_file()
        .then(|| read_text(root, rel, diags))
        .flatten()
}

/// The KPI catalogue: built-ins and `kpis.yaml`, whose formulas may read the base
/// measures and every column of the metrics.
fn load_kpis(root: &Path, metrics: &Metrics, diags: &mut Diagnostics) -> Vec<Kpi> {
    let kpis_text = read_optional(root, "kpis.yaml", diags);
    let mut known: Vec<&str> = kpi::BASE_MEASURES.to_vec();
    known.extend(metrics.measures.iter().map(String::as_str));
    known.sort_unstable();
    known.dedup();
    kpi::load(
        kpis_text.as_deref().map(|t| (Path::new("kpis.yaml"), t)),
        &known,
        diags,
    )
}

/// `plan.yaml`, else the defaults.
fn load_plan(
    root: &Path,
    settings: &Settings,
    roster: &Roster,
    catalogue: &[Kpi],
    diags: &mut Diagnostics,
) -> PlanBook {
    match read_optional(root, "plan.yaml", diags) {
        Some(text) => plan::load(
            Path::new("plan.yaml"),
            &text,
            roster,
            catalogue,
            settings.period,
            settings.locale,
            diags,
        ),
        None => PlanBook::new(settings.locale),
    }
}

/// Checks each chapter's shortcodes against the book and keeps the valid ones.
fn resolve_shortcodes(
    chapters: &mut [Chapter],
    catalogue: &[Kpi],
    metrics: &Metrics,
    roster: &Roster,
    diags: &mut Diagnostics,
) {
    let shown = |k: &Kpi| k.measures.iter().all(|m| metrics.measures.contains(m));
    for chapter in chapters {
        chapter.live = shortcode::resolve(
            &chapter.shortcodes,
            &chapter.path,
            catalogue,
            &shown,
            roster,
            diags,
        )
        .into_iter()
        .flatten()
        .collect();
    }
}

/// The logo named in the settings must be one of the book's assets.
fn check_logo(
    settings: &Settings,
    settings_text: &str,
    assets: &BTreeMap<String, Vec<u8>>,
    diags: &mut Diagnostics,
) {
    let Some(logo) = settings.logo.as_ref().filter(|l| !assets.contains_key(*l)) else {
        return;
    };
    let line = settings_text
        .lines()
        .position(|l| l.trim_start().starts_with("logo:"))
        .map_or(0, |i| i + 1);
    let col = settings_text
        .lines()
        .nth(line.saturating_sub(1))
        .and_then(|l| l.find(logo.as_str()))
        .map_or(1, |c| c + 1);
    diags.push(
        Diagnostic::error(
            "pulsebook.yaml",
            format!("logo `assets/{logo}` does not exist"),
        )
        .at(settings_text, line, col)
        .with_len(logo.chars().count())
        .with_hint("put the image in the book's assets/ folder"),
    );
}

/// A metrics column no KPI reads is most likely a typo (`revnue`) or an export
/// column nobody needs; say so once, at its header cell.
fn warn_unused_columns(
    files: &[(PathBuf, Vec<u8>)],
    metrics: &Metrics,
    catalogue: &[Kpi],
    diags: &mut Diagnostics,
) {
    for measure in &metrics.measures {
        if catalogue.iter().any(|k| k.measures.contains(measure)) {
            continue;
        }
        let found = files.iter().find_map(|(path, bytes)| {
            let header = String::from_utf8_lossy(bytes.split(|&b| b == b'\n').next()?).into_owned();
            let header = header
                .trim_start_matches('\u{feff}')
                .trim_end_matches('\r')
                .to_string();
            let at = header.find(measure.as_str())?;
            Some((path, header[..at].chars().count() + 1, header))
        });
        let Some((path, col, header)) = found else {
            continue;
        };
        let mut d = Diagnostic::warning(path, format!("column `{measure}` is not used by any KPI"))
            .at_line(1, col, header)
            .with_len(measure.chars().count());
        d = d.with_hint(
            crate::base::diag::did_you_mean(measure, kpi::BASE_MEASURES.iter().copied())
                .unwrap_or_else(|| {
                    "use it in a formula in kpis.yaml, or leave it out of the export".into()
                }),
        );
        diags.push(d);
    }
}

/// A measure of sources.yaml that no KPI reads is most likely a typo
/// (`handel_seconds`): the same warning as for a native column.
fn warn_unused_measures(
    config: &sources::config::Config,
    yaml: &str,
    catalogue: &[Kpi],
    diags: &mut Diagnostics,
) {
    let names = config
        .sources
        .iter()
        .flat_map(|s| &s.measures)
        .map(|m| &m.name);
    for name in names {
        let Some(at) = name.at else { continue };
        if catalogue.iter().any(|k| k.measures.contains(&name.value)) {
            continue;
        }
        let hint = crate::base::diag::did_you_mean(&name.value, kpi::BASE_MEASURES.iter().copied())
            .unwrap_or_else(|| "use it in a formula in kpis.yaml, or leave it out".into());
        diags.push(
            Diagnostic::warning(
                sources::config::FILE,
                format!("measure `{}` is not used by any KPI", name.value),
            )
            .at(yaml, at.line, at.col)
            .with_len(name.value.chars().count())
            .with_hint(hint),
        );
    }
}

/// The built-in handbook's language for a locale: its own when the binary has it,
/// else English.
pub(crate) fn content_language(locale: Locale) -> &'static str {
    [locale.as_str(), "en"]
        .into_iter()
        .find(|l| embedded::under(&format!("content/{l}")).next().is_some())
        .unwrap_or("en")
}

/// The book's `content/questions.yaml`, else the built-in bank of its language.
fn load_questions(
    root: &Path,
    settings: &Settings,
    diags: &mut Diagnostics,
) -> Option<QuestionBank> {
    let own = Path::new("content/questions.yaml");
    if root.join(own).is_file() {
        let text = read_text(root, "content/questions.yaml", diags)?;
        return questions::load(own, &text, diags);
    }
    let rel = format!(
        "content/{}/questions.yaml",
        content_language(settings.locale)
    );
    let bytes = embedded::get(&rel)?;
    questions::load(&builtin_path(&rel), &String::from_utf8_lossy(bytes), diags)
}

/// The handbook: built-in chapters for the locale (English for a locale without a
/// set of its own), replaced or extended by the book's `content/` by file name.
fn load_content(root: &Path, settings: &Settings, diags: &mut Diagnostics) -> Vec<Chapter> {
    let locale = settings.locale;
    let mut sources: BTreeMap<String, content::Source> = BTreeMap::new();
    let lang = content_language(locale);
    let dir = format!("content/{lang}");
    for (name, bytes) in embedded::under(&dir).filter(|_| settings.builtin_handbook) {
        if name.ends_with(".md") {
            sources.insert(
                name.to_string(),
                content::Source {
                    name: name.to_string(),
                    path: builtin_path(&format!("{dir}/{name}")),
                    text: String::from_utf8_lossy(bytes).into_owned(),
                },
            );
        }
    }
    for name in walk(root, "content", diags) {
        if !name.ends_with(".md") {
            continue;
        }
        let rel = format!("content/{name}");
        if let Some(text) = read_text(root, &rel, diags) {
            sources.insert(
                name.clone(),
                content::Source {
                    name,
                    path: PathBuf::from(rel),
                    text,
                },
            );
        }
    }
    let sources: Vec<content::Source> = sources.into_values().collect();
    content::load(&sources, diags)
}

fn load_templates(root: &Path, diags: &mut Diagnostics) -> BTreeMap<String, Template> {
    let mut templates: BTreeMap<String, Template> = embedded::under("templates")
        .map(|(name, bytes)| {
            (
                name.to_string(),
                Template {
                    path: builtin_path(&format!("templates/{name}")),
                    bytes: bytes.to_vec(),
                },
            )
        })
        .collect();
    for name in walk(root, "templates", diags) {
        let rel = PathBuf::from(format!("templates/{name}"));
        match files::read(root, &rel, files::MAX_TEXT) {
            Ok(bytes) => {
                templates.insert(name, Template { path: rel, bytes });
            }
            Err(d) => diags.push(d),
        }
    }
    templates
}

/// Built-in label catalogues, each merged with the book's `templates/i18n/<l>.yaml`.
fn load_labels(
    templates: &BTreeMap<String, Template>,
    diags: &mut Diagnostics,
) -> BTreeMap<Locale, Catalogue> {
    let mut labels = BTreeMap::new();
    for locale in Locale::ALL {
        let name = format!("i18n/{}.yaml", locale.as_str());
        let builtin = embedded::get(&format!("templates/{name}")).unwrap_or_default();
        let mut catalogue = Catalogue::from_yaml(&String::from_utf8_lossy(builtin))
            .expect("invariant: built-in catalogues are valid (tested)");
        if let Some(t) = templates
            .get(&name)
            .filter(|t| !t.path.starts_with("<built-in>"))
        {
            let text = String::from_utf8_lossy(&t.bytes);
            match Catalogue::from_yaml(&text) {
                Ok(own) => {
                    for key in catalogue.merge(own) {
                        let line = text
                            .lines()
                            .position(|l| l.trim_start().starts_with(&key))
                            .map_or(0, |i| i + 1);
                        diags.push(
                            Diagnostic::warning(
                                &t.path,
                                format!("unknown label `{key}` is not used"),
                            )
                            .at(&text, line, 1),
                        );
                    }
                }
                Err(d) => diags.push(d.in_file(&t.path)),
            }
        }
        labels.insert(locale, catalogue);
    }
    labels
}
