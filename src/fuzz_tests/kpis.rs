//! `kpis.yaml`: the KPI catalogue and its formulas. Formulas are generated from the
//! measures, numbers at the edges, operators and exmex's functions, so compute and
//! the renderers meet every value a formula can make (0/0, inf, NaN, negative).

use std::path::Path;

use proptest::prelude::*;

use super::*;
use crate::load::kpi;

/// Numbers a formula may hold, and names that are none.
const NUMBERS: &[&str] = &[
    "0", "1", "-1", "0.5", "1e308", "1e-308", "NaN", "inf", "x", "π",
];

/// A formula over the base measures (and a name that is none).
fn formula() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        4 => proptest::sample::select(kpi::BASE_MEASURES).prop_map(str::to_string),
        1 => proptest::sample::select(NUMBERS).prop_map(str::to_string),
    ];
    leaf.prop_recursive(4, 24, 3, |inner| {
        prop_oneof![
            (
                inner.clone(),
                proptest::sample::select(&["+", "-", "*", "/", "^", "%", "", ",", "=="][..]),
                inner.clone()
            )
                .prop_map(|(a, op, b)| format!("{a} {op} {b}")),
            inner.clone().prop_map(|a| format!("({a})")),
            inner.clone().prop_map(|a| format!("-{a}")),
            (
                proptest::sample::select(
                    &[
                        "sqrt", "abs", "ln", "log", "exp", "sin", "signum", "round", "floor",
                        "nope"
                    ][..]
                ),
                inner
            )
                .prop_map(|(f, a)| format!("{f}({a})")),
        ]
    })
}

/// A `kpis.yaml` of generated KPIs, some overriding built-in ones.
fn kpis_yaml() -> impl Strategy<Value = String> {
    let entry = (
        prop_oneof![
            proptest::sample::select(
                &["conversion", "revenue", "aht", "custom", "x", "Bad Id", ""][..]
            )
            .prop_map(str::to_string),
            "[a-z_]{1,12}",
        ],
        proptest::option::of(formula()),
        proptest::option::of(proptest::sample::select(
            &[
                "currency", "integer", "number", "percent", "duration", "days", "score", "procent",
            ][..],
        )),
        proptest::option::of(proptest::sample::select(
            &["higher", "lower", "sideways"][..],
        )),
        proptest::option::of(proptest::sample::select(
            &["0.8", "0", "-1", "2", "1e309", ".nan", "x"][..],
        )),
    )
        .prop_map(|(id, formula, format, better, amber)| {
            let mut e = format!("  - id: {id}\n");
            if let Some(f) = formula {
                e.push_str(&format!(
                    "    formula: \"{}\"\n",
                    f.replace('\\', "\\\\").replace('"', "\\\"")
                ));
            }
            if let Some(f) = format {
                e.push_str(&format!("    format: {f}\n"));
            }
            if let Some(b) = better {
                e.push_str(&format!("    better: {b}\n"));
            }
            if let Some(a) = amber {
                e.push_str(&format!("    amber: {a}\n"));
            }
            e
        });
    proptest::collection::vec(entry, 0..6)
        .prop_map(|entries| format!("kpis:\n{}", entries.concat()))
}

fn load_direct(text: &str) {
    on_stack(|| {
        let mut diags = Diagnostics::new();
        let catalogue = kpi::load(
            Some((Path::new("kpis.yaml"), text)),
            kpi::BASE_MEASURES,
            &mut diags,
        );
        // Every KPI of the catalogue evaluates on any inputs without panicking.
        for k in &catalogue {
            for v in [
                0.0,
                1.0,
                -1.0,
                f64::MAX,
                f64::MIN_POSITIVE,
                f64::NAN,
                f64::INFINITY,
            ] {
                let value = k.eval(&vec![v; k.measures.len()]);
                let _ = k.status(value, Some(v));
                let _ = k.attainment(value, Some(v));
            }
        }
    });
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn kpis_text_never_panics(text in any::<String>()) {
        load_direct(&text);
    }

    #[test]
    fn generated_kpis_never_panic(text in kpis_yaml()) {
        load_direct(&text);
    }

    #[test]
    fn kpis_mutations_never_panic((name, m) in mutated("kpis.yaml", 3)) {
        let text = mutate::apply_all(file(files_of(name), "kpis.yaml"), &m);
        load_direct(&String::from_utf8_lossy(&text));
    }
}

proptest! {
    #![proptest_config(config(6))]

    #[test]
    fn book_with_generated_kpis_is_checked(
        name in proptest::sample::select(&["tiny", "polski", "plan"][..]),
        text in kpis_yaml(),
    ) {
        check_replaced(name, "kpis.yaml", text.as_bytes());
    }

    #[test]
    fn book_with_mutated_kpis_is_checked((name, m) in mutated("kpis.yaml", 3)) {
        check_mutated(name, "kpis.yaml", &m);
    }
}
