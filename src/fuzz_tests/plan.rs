//! `plan.yaml`: scenarios, the working-day calendar and plans per team and period.

use proptest::prelude::*;

use super::*;

proptest! {
    #![proptest_config(config(8))]

    #[test]
    fn book_with_mutated_plan_is_checked((name, m) in mutated("plan.yaml", 4)) {
        check_mutated(name, "plan.yaml", &m);
    }

    #[test]
    fn book_with_arbitrary_plan_is_checked((name, bytes) in replaced("plan.yaml")) {
        check_replaced(name, "plan.yaml", &bytes);
    }
}
