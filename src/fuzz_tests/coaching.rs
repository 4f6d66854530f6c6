//! `coaching/*.yaml`: the coaching log, mentoring and rhythm, in the coaching book
//! and copied into books that have none.

use proptest::prelude::*;

use super::*;

const LOG: &str = "coaching/log.yaml";

proptest! {
    #![proptest_config(config(8))]

    #[test]
    fn book_with_mutated_coaching_log_is_checked((name, m) in mutated(LOG, 4)) {
        check_mutated(name, LOG, &m);
    }

    #[test]
    fn book_with_arbitrary_coaching_log_is_checked((name, bytes) in replaced(LOG)) {
        check_replaced(name, LOG, &bytes);
    }

    /// The log of one book in another: unknown people, teams and KPIs everywhere.
    #[test]
    fn coaching_log_in_another_book_is_checked(
        name in proptest::sample::select(&["tiny", "polski", "plan", "targets"][..]),
        m in mutate::mutations(2),
    ) {
        let log = mutate::apply_all(file(files_of("coaching"), LOG), &m);
        check_replaced(name, "coaching/other.yaml", &log);
    }
}
