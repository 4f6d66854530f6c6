//! `team.yaml`: teams, people and targets, alone and in a book.

use std::path::Path;

use proptest::prelude::*;

use super::*;
use crate::base::period::PeriodKind;
use crate::load::team;

fn load_direct(text: &str) {
    on_stack(|| {
        let mut diags = Diagnostics::new();
        let roster = team::load_partial(
            Path::new("team.yaml"),
            text,
            Some(PeriodKind::Month),
            &mut diags,
        );
        // A roster despite mistakes is allowed (`load_partial`); none without one.
        assert!(
            roster.is_some() || diags.has_errors(),
            "no roster and no error"
        );
    });
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn team_text_never_panics(text in any::<String>()) {
        load_direct(&text);
    }

    #[test]
    fn team_mutations_never_panic((name, m) in mutated("team.yaml", 3)) {
        let text = mutate::apply_all(file(files_of(name), "team.yaml"), &m);
        load_direct(&String::from_utf8_lossy(&text));
    }
}

proptest! {
    #![proptest_config(config(6))]

    #[test]
    fn book_with_mutated_team_is_checked((name, m) in mutated("team.yaml", 3)) {
        check_mutated(name, "team.yaml", &m);
    }

    #[test]
    fn book_with_arbitrary_team_is_checked((name, bytes) in replaced("team.yaml")) {
        check_replaced(name, "team.yaml", &bytes);
    }
}
