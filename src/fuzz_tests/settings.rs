//! `pulsebook.yaml`: the settings loader alone (fast, many cases) and in a book.

use std::path::Path;

use proptest::prelude::*;

use super::*;
use crate::load::settings;

/// The settings loader's contract: `None` exactly when it pushed an error.
fn load_direct(text: &str) {
    on_stack(|| {
        let mut diags = Diagnostics::new();
        let settings = settings::load(Path::new("pulsebook.yaml"), text, &mut diags);
        assert_eq!(
            settings.is_none(),
            diags.has_errors(),
            "{:?}",
            diags.sorted()
        );
    });
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn settings_text_never_panics(text in any::<String>()) {
        load_direct(&text);
    }

    #[test]
    fn settings_mutations_never_panic((name, m) in mutated("pulsebook.yaml", 3)) {
        let text = mutate::apply_all(file(files_of(name), "pulsebook.yaml"), &m);
        load_direct(&String::from_utf8_lossy(&text));
    }
}

proptest! {
    #![proptest_config(config(6))]

    #[test]
    fn book_with_mutated_settings_is_checked((name, m) in mutated("pulsebook.yaml", 3)) {
        check_mutated(name, "pulsebook.yaml", &m);
    }

    #[test]
    fn book_with_arbitrary_settings_is_checked((name, bytes) in replaced("pulsebook.yaml")) {
        check_replaced(name, "pulsebook.yaml", &bytes);
    }
}
