//! `sources.yaml` and the raw exports it maps: the config alone (fast), and the
//! exports book with its mapping or an export mutated.

use proptest::prelude::*;

use super::*;
use crate::load::sources;

const CONFIG: &str = "sources.yaml";

fn load_direct(text: &str) {
    on_stack(|| {
        let mut diags = Diagnostics::new();
        let config = sources::config::load(text, &mut diags);
        assert_eq!(config.is_none(), diags.has_errors(), "{:?}", diags.sorted());
    });
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn sources_text_never_panics(text in any::<String>()) {
        load_direct(&text);
    }

    #[test]
    fn sources_mutations_never_panic(m in mutate::mutations(4)) {
        let text = mutate::apply_all(file(files_of("exports"), CONFIG), &m);
        load_direct(&String::from_utf8_lossy(&text));
    }
}

proptest! {
    #![proptest_config(config(4))]

    #[test]
    fn book_with_mutated_sources_is_checked(m in mutate::mutations(3)) {
        check_mutated("exports", CONFIG, &m);
    }

    #[test]
    fn book_with_mutated_export_is_checked(
        path in proptest::sample::select(vec![
            "metrics/centrala-krakow.csv",
            "metrics/genesys-interactions.csv",
            "metrics/pipedrive-deals.csv",
        ]),
        m in mutate::mutations(3),
    ) {
        check_mutated("exports", path, &m);
    }
}
