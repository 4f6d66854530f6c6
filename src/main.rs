//! `pulsebook`: parse flags, run one pipeline entry point, print diagnostics, set the
//! exit status (0 success, 1 the book has errors, 2 bad usage — clap's own).

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use pulsebook::base::diag::{Diagnostics, display_path};
use pulsebook::cli::{
    BookArgs, BuildArgs, Cli, Command, InitArgs, SendArgs, ServeArgs, SynthArgs, TimingsFormat,
};
use pulsebook::pipeline::{self, Failure, Shown};
use pulsebook::render::pdf::engine::STACK;

fn print_diagnostics(diags: Diagnostics) {
    let mut err = std::io::stderr().lock();
    for d in diags.sorted() {
        let _ = writeln!(err, "{d}");
    }
}

fn failed(diags: Diagnostics, failure: Failure) -> ExitCode {
    eprint!(
        "{}",
        pipeline::failure_text(diags, &failure, Shown::Terminal)
    );
    match failure {
        Failure::Usage(_) => ExitCode::from(2),
        Failure::Book | Failure::Write(_) => ExitCode::from(1),
    }
}

fn main() -> ExitCode {
    // The main work and every rayon worker get Typst's stack: Typst runs layout work
    // on them too.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(STACK)
        .build_global();
    match std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(run)
        .and_then(|handle| {
            handle
                .join()
                .map_err(|_| std::io::Error::other("the build thread panicked"))
        }) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build(&args),
        Command::Synth(args) => synth(&args),
        Command::Init(args) => init(&args),
        Command::Serve(args) => serve(&args),
        Command::Send(args) => send(&args),
        Command::Check(args) => check(&args),
        Command::Inspect(args) => inspect(&args),
    }
}

fn build(args: &BuildArgs) -> ExitCode {
    let mut diags = Diagnostics::new();
    match pipeline::build(&args.options(), &mut diags) {
        Ok(built) => {
            print_diagnostics(diags);
            eprint!("{}", built.sources);
            let w = &built.write;
            let reused = match built.pdfs {
                (0, _) | (_, 0) => String::new(),
                (made, reused) => format!("; {reused} of {made} PDFs reused"),
            };
            eprintln!(
                "built {} for {} → {} ({} written, {} unchanged, {} removed{reused})",
                display_path(&args.book),
                built.report_period,
                display_path(&built.out),
                w.written,
                w.unchanged,
                w.removed
            );
            for kept in &w.kept {
                eprintln!("note: kept `{kept}`: it changed since pulsebook wrote it");
            }
            match args.timings {
                Some(TimingsFormat::Text) => eprint!("{}", built.timings.table()),
                Some(TimingsFormat::Json) => println!("{}", built.timings.json()),
                None => {}
            }
            ExitCode::SUCCESS
        }
        Err(failure) => failed(diags, failure),
    }
}

fn synth(args: &SynthArgs) -> ExitCode {
    let options = pulsebook::synth::Options {
        out: args.out.clone(),
        people: args.people,
        months: args.months,
        seed: args.seed,
    };
    match pulsebook::synth::synth(&options) {
        Ok(s) => {
            eprintln!(
                "wrote {}: {} people in {} teams, {} metrics rows, {} touchpoints",
                display_path(&args.out),
                s.people,
                s.teams,
                s.rows,
                s.touchpoints
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn init(args: &InitArgs) -> ExitCode {
    let mut diags = Diagnostics::new();
    match pulsebook::init::init(&args.dir, args.locale, &mut diags) {
        Some(written) => {
            let dir = display_path(&args.dir);
            eprintln!("created a new book in {dir} ({} files)", written.len());
            eprintln!("next: pulsebook serve {dir}   (preview with live reload)");
            eprintln!("  or: pulsebook build {dir}   (writes {dir}/public)");
            ExitCode::SUCCESS
        }
        None => {
            // About the folder, not a place in a book file: message and hint only.
            for d in diags.iter() {
                eprintln!("error: {}", d.message);
                if let Some(hint) = &d.hint {
                    eprintln!("  = hint: {hint}");
                }
            }
            ExitCode::from(1)
        }
    }
}

fn serve(args: &ServeArgs) -> ExitCode {
    match pipeline::serve(&args.options(), args.listen()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot serve {}: {e}", display_path(&args.book));
            ExitCode::from(1)
        }
    }
}

fn send(args: &SendArgs) -> ExitCode {
    let mut diags = Diagnostics::new();
    let report = match pulsebook::send::send(&args.options(), &mut diags) {
        Ok(report) => report,
        Err(failure) => return failed(diags, failure),
    };
    print_diagnostics(diags);
    let p = &report.period;
    if args.dry_run {
        for id in &report.planned {
            eprintln!("would send {p} review to {id}");
        }
    }
    for id in &report.skipped {
        eprintln!(
            "skipped {id}: the {p} review is in {} already (--resend to send again)",
            pulsebook::send::LOG
        );
    }
    for (id, why) in &report.failed {
        eprintln!("error: {id}: {why}");
    }
    eprintln!(
        "{p}: {} sent, {} already sent, {} failed{}",
        report.sent.len(),
        report.skipped.len(),
        report.failed.len(),
        if args.dry_run {
            " (dry run: nothing sent)"
        } else {
            ""
        }
    );
    if report.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn inspect(args: &pulsebook::cli::InspectArgs) -> ExitCode {
    match pulsebook::inspect::inspect(&args.file, args.encoding.as_deref(), args.sheet.as_deref()) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}

fn check(args: &BookArgs) -> ExitCode {
    let mut diags = Diagnostics::new();
    match pipeline::check(&args.options(), &mut diags) {
        Ok(checked) => {
            let period = checked.period;
            let warnings = diags.iter().filter(|d| !d.is_note()).count();
            print_diagnostics(diags);
            eprint!("{}", checked.sources);
            eprintln!(
                "{} is valid (report period {period}{})",
                display_path(&args.book),
                if warnings > 0 {
                    format!(", {warnings} warning(s)")
                } else {
                    String::new()
                }
            );
            ExitCode::SUCCESS
        }
        Err(failure) => failed(diags, failure),
    }
}
