//! `targets/*.csv`: quota spreadsheets (and the targets of `team.yaml`, which the
//! team properties mutate).

use proptest::prelude::*;

use super::*;

const QUOTAS: &str = "targets/quotas.csv";

proptest! {
    #![proptest_config(config(8))]

    #[test]
    fn book_with_mutated_quotas_is_checked((name, m) in mutated(QUOTAS, 4)) {
        check_mutated(name, QUOTAS, &m);
    }

    #[test]
    fn book_with_arbitrary_quotas_is_checked((name, bytes) in replaced(QUOTAS)) {
        check_replaced(name, QUOTAS, &bytes);
    }

    /// The quotas of one book in another, whose people and teams differ.
    #[test]
    fn quotas_in_another_book_are_checked(
        name in proptest::sample::select(&["tiny", "polski", "plan"][..]),
        m in mutate::mutations(2),
    ) {
        let quotas = mutate::apply_all(file(files_of("targets"), QUOTAS), &m);
        check_replaced(name, QUOTAS, &quotas);
    }
}
