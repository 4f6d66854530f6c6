//! `metrics/*.csv`: native metrics and the exports the presets recognise, in every
//! dialect (`mutate::Dialect`: separators, line ends, quoting, decimal commas,
//! UTF-16, Windows-1250) and with broken cells.

use std::path::PathBuf;

use proptest::prelude::*;

use super::*;
use crate::base::period::PeriodKind;
use crate::load::metrics;

/// The native metrics loader on one file, for the tiny book's people.
fn load_direct(bytes: Vec<u8>, skip_bad_rows: bool) {
    on_stack(|| {
        let files = vec![(PathBuf::from("metrics/crm.csv"), bytes)];
        let options = metrics::Options {
            period: PeriodKind::Month,
            skip_bad_rows,
        };
        let mut diags = Diagnostics::new();
        let metrics = metrics::load(
            &files,
            &["mia-boss", "ann", "bob", "cid"],
            &options,
            &mut diags,
        );
        let _ = (metrics.first_day(), metrics.last_day());
    });
}

/// A metrics file of a test book and mutations of it.
fn mutated_metrics() -> impl Strategy<Value = ((&'static str, &'static str), Vec<mutate::Mutation>)>
{
    (
        proptest::sample::select(paths_under("metrics/")),
        mutate::mutations(3),
    )
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn metrics_bytes_never_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..4096),
        skip in any::<bool>(),
    ) {
        load_direct(bytes, skip);
    }

    #[test]
    fn metrics_mutations_never_panic(m in mutate::mutations(4), skip in any::<bool>()) {
        let bytes = mutate::apply_all(file(files_of("tiny"), "metrics/crm.csv"), &m);
        load_direct(bytes, skip);
    }
}

proptest! {
    #![proptest_config(config(8))]

    #[test]
    fn book_with_mutated_metrics_is_checked(((name, path), m) in mutated_metrics()) {
        check_mutated(name, path, &m);
    }

    #[test]
    fn book_with_arbitrary_metrics_is_checked(
        (name, path) in proptest::sample::select(paths_under("metrics/")),
        bytes in proptest::collection::vec(any::<u8>(), 0..4096),
    ) {
        check_replaced(name, path, &bytes);
    }
}
