//! The command line: clap definitions, resolved once into [`pipeline::Options`].

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::base::period::Period;
use crate::load::settings::OutputFormat;
use crate::pipeline;

/// Sales team handbook and monthly scorecards from YAML, CSV and Markdown.
#[derive(Debug, Parser)]
#[command(name = "pulsebook", version, about, long_about = None)]
pub struct Cli {
    #[allow(missing_docs)] // no doc comment: clap would show it in `--help`
    #[command(subcommand)]
    pub command: Command,
}

// No doc comment: clap would take it as help text and change the `--help` output.
#[allow(missing_docs)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site (and other outputs) of a book
    Build(BuildArgs),
    /// Validate a book: the same diagnostics as build, writes nothing
    Check(BookArgs),
    /// Start a new book: settings, a sample team and metrics, the handbook chapters
    Init(InitArgs),
    /// Preview a book on localhost, rebuilding and reloading the pages on every change
    Serve(ServeArgs),
    /// E-mail the period's reviews over SMTP, each person at most once
    Send(SendArgs),
    /// Show what pulsebook reads in an export: dialect, columns, preset, a sources.yaml entry
    Inspect(InspectArgs),
    /// Write a synthetic book of any size (for benchmarks)
    #[command(hide = true)]
    Synth(SynthArgs),
}

// No doc comment: clap would take it as help text and change the `--help` output.
#[allow(missing_docs)]
#[derive(Debug, Args)]
pub struct SendArgs {
    /// The book folder (holds pulsebook.yaml)
    #[arg(default_value = ".")]
    pub(crate) book: PathBuf,
    /// Report period [default: the latest with data]
    #[arg(long, value_name = "P", value_parser = parse_period)]
    pub(crate) period: Option<Period>,
    /// Send only to these people (ids)
    #[arg(long, value_name = "PERSON", num_args = 1..)]
    pub(crate) only: Vec<String>,
    /// List what would be sent, send nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Send again to people the send log says already got this period's review
    #[arg(long)]
    pub(crate) resend: bool,
}

impl SendArgs {
    /// The send options these flags resolve to.
    pub fn options(&self) -> crate::send::SendOptions {
        crate::send::SendOptions {
            pipeline: pipeline::Options {
                book: self.book.clone(),
                out: None,
                period: self.period,
                all_periods: false,
                formats: None,
                force: false,
            },
            only: self.only.clone(),
            dry_run: self.dry_run,
            resend: self.resend,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
// No doc comments: clap would show them as per-value help and
// change the `--help` text; the flag's own help describes both.
#[allow(missing_docs)]
pub enum TimingsFormat {
    Text,
    Json,
}

// No doc comment: clap would take it as help text and change the `--help` output.
#[allow(missing_docs)]
#[derive(Debug, Args)]
pub struct SynthArgs {
    /// Folder to create (must be new or empty)
    pub out: PathBuf,
    /// People in the book: a director and teams of ten
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub people: usize,
    /// Months of daily rows, ending with 2026-10
    #[arg(long, value_name = "M", default_value_t = 36)]
    pub months: usize,
    /// Seed of the generator: the same seed gives the same book
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
}

// No doc comment: clap would take it as help text and change the `--help` output.
#[allow(missing_docs)]
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create the book in (created if missing; must not hold a book)
    pub dir: PathBuf,
    /// Language of the handbook, labels and number formats
    #[arg(long, value_name = "L", default_value = "en", value_parser = parse_locale)]
    pub locale: crate::base::locale::Locale,
}

// No doc comment: clap would take it as help text and change the `--help` output.
#[allow(missing_docs)]
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The book folder (holds pulsebook.yaml)
    #[arg(default_value = ".")]
    pub book: PathBuf,
    /// Port to listen on (0 picks a free one)
    #[arg(long, short, value_name = "N", default_value_t = 4000)]
    pub(crate) port: u16,
    /// Address to listen on; the default serves this machine only
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub(crate) host: std::net::IpAddr,
    /// Report period [default: the latest with data]
    #[arg(long, value_name = "P", value_parser = parse_period)]
    pub(crate) period: Option<Period>,
    /// Outputs to build in memory [default: html]
    #[arg(long, value_name = "LIST", value_delimiter = ',', value_parser = parse_format)]
    pub(crate) format: Option<Vec<OutputFormat>>,
}

impl ServeArgs {
    /// The pipeline options these flags resolve to.
    pub fn options(&self) -> pipeline::Options {
        pipeline::Options {
            book: self.book.clone(),
            out: None,
            period: self.period,
            all_periods: false,
            formats: self.format.clone(),
            force: false,
        }
    }

    /// The address to listen on.
    pub fn listen(&self) -> pipeline::Listen {
        pipeline::Listen {
            host: self.host,
            port: self.port,
        }
    }
}

fn parse_locale(text: &str) -> Result<crate::base::locale::Locale, String> {
    crate::base::locale::Locale::parse(text)
        .ok_or_else(|| format!("`{text}` is not a supported locale: use en, pl or nb"))
}

// No doc comment: clap would take it as help text and change the `--help` output.
#[allow(missing_docs)]
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The export (CSV or XLSX)
    pub file: PathBuf,
    /// The encoding, when it is not UTF-8 (e.g. windows-1250)
    #[arg(long)]
    pub encoding: Option<String>,
    /// The XLSX sheet [default: the first]
    #[arg(long)]
    pub sheet: Option<String>,
}

// No doc comment: clap would take it as help text and change the `--help` output.
#[allow(missing_docs)]
#[derive(Debug, Args)]
pub struct BookArgs {
    /// The book folder (holds pulsebook.yaml)
    #[arg(default_value = ".")]
    pub book: PathBuf,
}

// No doc comment: clap would take it as help text and change the `--help` output.
#[allow(missing_docs)]
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The book folder (holds pulsebook.yaml)
    #[arg(default_value = ".")]
    pub book: PathBuf,
    /// Output folder [default: BOOK/public]
    #[arg(long, value_name = "DIR")]
    pub(crate) out: Option<PathBuf>,
    /// Report period, e.g. 2026-10, 2026-W42 or 2026-Q4 [default: the latest with data]
    #[arg(long, value_name = "P", value_parser = parse_period)]
    pub(crate) period: Option<Period>,
    /// Write scorecards and data files for every period in the data
    #[arg(long)]
    pub(crate) all_periods: bool,
    /// Outputs to build, overriding `outputs` in pulsebook.yaml
    #[arg(long, value_name = "LIST", value_delimiter = ',', value_parser = parse_format)]
    pub(crate) format: Option<Vec<OutputFormat>>,
    /// Render every output again, even those whose inputs did not change
    #[arg(long)]
    pub(crate) force: bool,
    /// Print the time spent per stage: a table (text) or one JSON object on stdout
    #[arg(long, value_name = "FORMAT", num_args = 0..=1, default_missing_value = "text")]
    pub timings: Option<TimingsFormat>,
}

fn parse_period(text: &str) -> Result<Period, String> {
    Period::parse(text).map_err(|problem| problem.message)
}

fn parse_format(text: &str) -> Result<OutputFormat, String> {
    OutputFormat::parse(text)
        .ok_or_else(|| format!("`{text}` is not an output: use html, pdf or email"))
}

impl BuildArgs {
    /// The pipeline options these flags resolve to.
    pub fn options(&self) -> pipeline::Options {
        pipeline::Options {
            book: self.book.clone(),
            out: self.out.clone(),
            period: self.period,
            all_periods: self.all_periods,
            formats: self.format.clone(),
            force: self.force,
        }
    }
}

impl BookArgs {
    /// The pipeline options these flags resolve to.
    pub fn options(&self) -> pipeline::Options {
        pipeline::Options {
            book: self.book.clone(),
            out: None,
            period: None,
            all_periods: false,
            formats: None,
            force: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }

    #[test]
    fn build_flags_resolve() {
        let cli = Cli::try_parse_from([
            "pulsebook",
            "build",
            "book",
            "--period",
            "2026-10",
            "--format",
            "html,pdf",
        ])
        .unwrap();
        let Command::Build(args) = cli.command else {
            panic!("build")
        };
        let o = args.options();
        assert_eq!(o.period.unwrap().to_string(), "2026-10");
        assert_eq!(o.formats.unwrap(), [OutputFormat::Html, OutputFormat::Pdf]);
        assert!(Cli::try_parse_from(["pulsebook", "build", "--period", "2026-13"]).is_err());
    }
}
