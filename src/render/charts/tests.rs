//! The charts' tests: determinism, accessibility, gaps and single points, dashes,
//! degenerate input, label thinning, the legend and the y scale, the team line, the
//! classes of the parts and the hover targets with their titles.

use super::scale::{YScale, data_range, label_indices, nice_ticks};
use super::*;

fn months(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("m{i:02}")).collect()
}

fn plain(v: f64) -> String {
    format!("{v}")
}

fn svg(values: &[Option<f64>], targets: &[Option<f64>], size: ChartSize) -> String {
    let labels = months(values.len());
    trend_svg(&TrendChart {
        labels: &labels,
        values,
        targets,
        format_y: &plain,
        actual_label: "Actual",
        target_label: "Target",
        team: &[],
        team_label: "Team",
        tips: &[],
        alt: "Revenue by month",
        size,
        tone: Tone::Green,
        band: None,
    })
}

/// Polylines drawn in the actual line's style (with the legend's sample on Large).
fn actual_lines(svg: &str) -> usize {
    svg.matches("<polyline fill=\"none\" class=\"actual\" stroke=\"#15803D\" stroke-width=\"4\"")
        .count()
}

/// Hollow markers (every point but the latest).
fn markers(svg: &str) -> usize {
    svg.matches("fill=\"none\" class=\"point\" stroke=\"#15803D\" stroke-width=\"3\"")
        .count()
}

fn texts(svg: &str) -> Vec<&str> {
    svg.split("<text ")
        .skip(1)
        .filter_map(|t| {
            t.split_once('>')
                .and_then(|(_, rest)| rest.split_once("</text>"))
        })
        .map(|(text, _)| text)
        .collect()
}

#[test]
fn same_input_gives_identical_svg() {
    let v = [Some(3.0), None, Some(5.5), Some(4.25)];
    let t = [Some(4.0); 4];
    assert_eq!(svg(&v, &t, ChartSize::Large), svg(&v, &t, ChartSize::Large));
}

#[test]
fn alt_text_is_escaped_in_title_and_label() {
    let labels = months(2);
    let out = trend_svg(&TrendChart {
        labels: &labels,
        values: &[Some(1.0), Some(2.0)],
        targets: &[],
        format_y: &plain,
        actual_label: "<b>",
        target_label: "T",
        team: &[],
        team_label: "Team",
        tips: &[],
        alt: "<script>alert(1)</script> & \"x\"",
        size: ChartSize::Large,
        tone: Tone::Neutral,
        band: None,
    });
    assert!(!out.contains("<script"), "{out}");
    assert!(!out.contains("<b>"), "{out}");
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;";
    assert!(out.contains(&format!("<title>{escaped}</title>")), "{out}");
    assert!(out.contains(&format!("aria-label=\"{escaped}\"")), "{out}");
}

#[test]
fn root_is_responsive_and_accessible() {
    let out = svg(&[Some(1.0), Some(2.0)], &[], ChartSize::Small);
    let root = out.split_once('>').map(|(r, _)| r).unwrap_or_default();
    assert!(root.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(root.contains("viewBox=\"0 0 640 280\""), "{root}");
    assert!(root.contains("role=\"img\""));
    assert!(root.contains("font-family=\"Inter, 'Segoe UI', system-ui, sans-serif\""));
    assert!(!root.contains(" width="), "{root}");
    assert!(!root.contains(" height="), "{root}");
    // Only the root names the family; plotters' per-text attributes are gone.
    assert_eq!(out.matches("font-family").count(), 1);
    assert_eq!(out.matches("<svg").count(), 1);
    assert!(out.ends_with("</svg>\n"));
}

#[test]
fn gaps_break_the_line_and_have_no_marker() {
    let v = [Some(1.0), Some(2.0), None, Some(3.0), Some(2.5)];
    let out = svg(&v, &[], ChartSize::Small);
    assert_eq!(actual_lines(&out), 2, "{out}");
    // Four points with data: three hollow markers plus the emphasised latest.
    assert_eq!(markers(&out), 3, "{out}");
    assert_eq!(out.matches("r=\"14\"").count(), 1, "one halo on the latest");
}

#[test]
fn isolated_value_gets_a_marker_but_no_line() {
    let v = [Some(1.0), None, Some(2.0), None, Some(3.0), Some(4.0)];
    let out = svg(&v, &[], ChartSize::Small);
    assert_eq!(actual_lines(&out), 1);
    assert_eq!(markers(&out), 3);
}

#[test]
fn target_is_dashed_grey() {
    let out = svg(
        &[Some(1.0), Some(2.0)],
        &[Some(1.5), Some(1.5)],
        ChartSize::Small,
    );
    assert!(out.contains(
        "class=\"target\" stroke-dasharray=\"8 6\" stroke=\"#6B7280\" stroke-width=\"3\""
    ));
    let none = svg(&[Some(1.0), Some(2.0)], &[None, None], ChartSize::Small);
    assert!(!none.contains("stroke-dasharray"));
}

#[test]
fn all_none_draws_an_empty_frame() {
    for size in [ChartSize::Small, ChartSize::Large] {
        let out = svg(&[None; 6], &[None; 6], size);
        assert!(out.contains("viewBox"));
        assert_eq!(actual_lines(&out), 0);
        assert!(!out.contains("<circle"));
        // x labels only: no y tick labels, no legend.
        assert_eq!(texts(&out).len(), 6, "{out}");
    }
}

#[test]
fn degenerate_inputs_do_not_panic() {
    let nan = f64::NAN;
    type Series = Vec<Option<f64>>;
    let cases: Vec<(Series, Series)> = vec![
        (vec![], vec![]),
        (vec![Some(42.0)], vec![]),
        (vec![Some(0.0); 5], vec![]),
        (vec![Some(-3.0); 5], vec![Some(-1.0); 5]),
        (
            vec![Some(nan), Some(f64::INFINITY), Some(1.0)],
            vec![Some(nan)],
        ),
        (vec![Some(f64::MAX), Some(-f64::MAX)], vec![]),
        (vec![Some(1e-300), Some(2e-300)], vec![]),
        (vec![Some(0.0), Some(5e-324)], vec![]),
        (vec![Some(f64::MAX); 2], vec![Some(f64::MAX / 3.0)]),
        (vec![Some(1.0); 3], vec![Some(2.0); 7]),
    ];
    for (v, t) in cases {
        for size in [ChartSize::Small, ChartSize::Large] {
            let out = svg(&v, &t, size);
            assert!(out.starts_with("<svg") && out.ends_with("</svg>\n"));
        }
    }
    // More labels than values, none at all, and values without labels.
    let labels = months(3);
    for (labels, values) in [
        (&labels[..], &[Some(1.0)][..]),
        (&[][..], &[Some(1.0), Some(2.0)][..]),
    ] {
        let out = trend_svg(&TrendChart {
            labels,
            values,
            targets: &[],
            format_y: &plain,
            actual_label: "A",
            target_label: "T",
            team: &[],
            team_label: "Team",
            tips: &[],
            alt: "",
            size: ChartSize::Small,
            tone: Tone::Red,
            band: None,
        });
        assert!(out.contains("<title></title>"));
    }
}

#[test]
fn absurdly_long_labels_do_not_panic() {
    let long = "W".repeat(100_000);
    let labels = vec![long.clone(); 3];
    let format_y = |_: f64| long.clone();
    let out = trend_svg(&TrendChart {
        labels: &labels,
        values: &[Some(1.0), Some(2.0), Some(3.0)],
        targets: &[Some(2.0); 3],
        format_y: &format_y,
        actual_label: &long,
        target_label: &long,
        team: &[],
        team_label: "Team",
        tips: &[],
        alt: "x",
        size: ChartSize::Large,
        tone: Tone::Amber,
        band: None,
    });
    assert!(out.ends_with("</svg>\n"));
}

#[test]
fn single_point_is_an_emphasised_dot() {
    let out = svg(&[Some(42.0)], &[Some(50.0)], ChartSize::Small);
    assert_eq!(actual_lines(&out), 0);
    assert_eq!(out.matches("r=\"14\"").count(), 1);
    assert!(out.contains("stroke-dasharray"), "one-period target mark");
}

#[test]
fn x_labels_are_thinned_and_keep_the_last() {
    let v: Vec<Option<f64>> = (0..24).map(|i| Some(f64::from(i))).collect();
    for (size, cap) in [(ChartSize::Small, 6), (ChartSize::Large, 12)] {
        let out = svg(&v, &[], size);
        let shown: Vec<&str> = texts(&out)
            .into_iter()
            .filter(|t| t.starts_with('m'))
            .collect();
        assert!(shown.len() <= cap && shown.len() >= 4, "{shown:?}");
        assert_eq!(shown.last(), Some(&"m23"));
    }
    assert_eq!(label_indices(24, 6), vec![3, 7, 11, 15, 19, 23]);
    assert_eq!(label_indices(24, 5), vec![3, 8, 13, 18, 23]);
    assert_eq!(label_indices(5, 6), vec![0, 1, 2, 3, 4]);
    assert_eq!(label_indices(1, 6), vec![0]);
    assert_eq!(label_indices(0, 6), Vec::<usize>::new());
}

#[test]
fn legend_only_on_large() {
    let v = [Some(1.0), Some(2.0)];
    let t = [Some(2.0), Some(2.0)];
    assert!(texts(&svg(&v, &t, ChartSize::Large)).contains(&"Target"));
    assert!(!texts(&svg(&v, &t, ChartSize::Small)).contains(&"Target"));
}

#[test]
fn y_range_includes_zero_only_when_it_does_not_flatten_the_line() {
    let cases = [
        // (min, max) of the data → range before rounding to ticks
        ((50.0, 100.0), (0.0, 100.0)),
        ((98.0, 151.0), (98.0, 151.0)),
        ((-100.0, -50.0), (-100.0, 0.0)),
        ((-10.0, 20.0), (-10.0, 20.0)),
        ((7.0, 7.0), (0.0, 7.0)),
        ((-7.0, -7.0), (-7.0, 0.0)),
        ((0.0, 0.0), (0.0, 1.0)),
    ];
    for (data, want) in cases {
        assert_eq!(data_range(data.0, data.1), want, "{data:?}");
    }
}

#[test]
fn ticks_are_round_and_cover_the_data() {
    let cases: [((f64, f64), &[f64]); 7] = [
        ((98e3, 151e3), &[80e3, 100e3, 120e3, 140e3, 160e3]),
        ((0.0, 100.0), &[0.0, 25.0, 50.0, 75.0, 100.0]),
        ((8.2e6, 1.07e7), &[8e6, 9e6, 1e7, 1.1e7]),
        ((0.0021, 0.003), &[0.002, 0.0025, 0.003]),
        ((-10.0, 20.0), &[-10.0, 0.0, 10.0, 20.0]),
        ((0.0, 1.0), &[0.0, 0.5, 1.0]),
        ((42.0, 50.0), &[42.0, 44.0, 46.0, 48.0, 50.0]),
    ];
    for ((lo, hi), want) in cases {
        assert_eq!(
            nice_ticks(lo, hi, 5, &plain).as_deref(),
            Some(want),
            "{lo}..{hi}"
        );
    }
    assert_eq!(nice_ticks(1.0, 1.0, 5, &plain), None);
    assert_eq!(nice_ticks(-f64::MAX, f64::MAX, 5, &plain), None);
}

#[test]
fn scale_is_round_and_tight() {
    let scale = |lo, hi| YScale::new(Some((lo, hi)), 5, &plain).ticks;
    assert_eq!(scale(98.0, 151.0), [80.0, 100.0, 120.0, 140.0, 160.0]);
    assert_eq!(scale(50.0, 100.0), [0.0, 25.0, 50.0, 75.0, 100.0]);
    assert_eq!(scale(61.0, 79.0), [60.0, 65.0, 70.0, 75.0, 80.0]);
    assert_eq!(scale(0.0021, 0.003), [0.002, 0.0025, 0.003]);
    assert_eq!(scale(-3.0, -3.0), [-3.0, -2.0, -1.0, 0.0]);
    assert!(!YScale::new(None, 5, &plain).labelled);
}

#[test]
fn tick_labels_stay_distinct_with_a_coarse_formatter() {
    let whole = |v: f64| format!("{v:.0}");
    let ticks = nice_ticks(0.0, 2.0, 5, &whole).expect("ticks");
    let labels: Vec<String> = ticks.iter().map(|&t| whole(t)).collect();
    assert_eq!(labels, ["0", "1", "2"]);
}

/// A chart with everything: actual values, targets, a team line, a plan band with a
/// forecast, and a tip per period (none for the first).
fn full(size: ChartSize, tips: &[String]) -> String {
    let labels = months(4);
    let band = Band {
        min: &[Some(8.0), Some(8.0), Some(9.0), Some(9.0)],
        max: &[Some(12.0), Some(12.0), Some(13.0), Some(13.0)],
        label: "Band",
        forecast: Some((3, 11.5)),
        forecast_label: "Forecast",
    };
    trend_svg(&TrendChart {
        labels: &labels,
        values: &[Some(9.0), Some(10.0), Some(11.0), None],
        targets: &[Some(10.0); 4],
        format_y: &plain,
        actual_label: "Actual",
        target_label: "Target",
        team: &[Some(9.5), None, Some(10.5), Some(10.0)],
        team_label: "Team",
        tips,
        alt: "Revenue",
        size,
        tone: Tone::Neutral,
        band: Some(&band),
    })
}

/// The drawn elements: every line of the SVG but the root, its title and the end.
fn elements(svg: &str) -> Vec<&str> {
    svg.lines()
        .filter(|l| l.starts_with('<') && !l.starts_with("<svg") && !l.starts_with("</svg"))
        .filter(|l| !l.starts_with("<title>"))
        .collect()
}

/// The `class` of an element line.
fn class_of(element: &str) -> Option<&str> {
    let (_, rest) = element.split_once(" class=\"")?;
    rest.split_once('"').map(|(c, _)| c)
}

#[test]
fn every_part_has_one_class_and_keeps_its_colour() {
    let out = full(ChartSize::Large, &[]);
    assert!(!out.contains("#0C4A"), "a code colour is left: {out}");
    for element in elements(&out) {
        assert_eq!(element.matches(" class=\"").count(), 1, "{element}");
    }
    // The colours stay as presentation attributes: PDFs, e-mails and print are as
    // before; the actual line's parts take the tone (neutral blue here).
    for (class, paint) in [
        ("grid", "stroke=\"#E5E7EB\""),
        ("axis", "stroke=\"#D1D5DB\""),
        ("label", "fill=\"#374151\""),
        ("band", "fill=\"#6B7280\""),
        ("area", "fill=\"#2563EB\""),
        ("target", "stroke-dasharray=\"8 6\" stroke=\"#6B7280\""),
        ("team", "stroke=\"#8B5CF6\""),
        ("actual", "stroke=\"#2563EB\""),
        ("forecast", "stroke-dasharray=\"8 6\" stroke=\"#2563EB\""),
        ("point", "stroke=\"#2563EB\""),
        ("point-bg", "fill=\"#FFFFFF\""),
        ("halo", "fill=\"#2563EB\""),
        ("dot", "fill=\"#2563EB\""),
    ] {
        let with = format!(" class=\"{class}\" {paint}");
        assert!(out.contains(&with), "no `{with}` in {out}");
    }
    // The legend's samples carry the class of what they stand for.
    let team: Vec<&str> = elements(&out)
        .into_iter()
        .filter(|e| class_of(e) == Some("team"))
        .collect();
    // A run of one (the first period), a run of two, the legend's sample.
    assert_eq!(team.len(), 3, "{team:?}");
    assert!(
        team.iter().all(|e| e.contains("stroke-width=\"2\"")),
        "thin"
    );
    // Every text is a label.
    for element in elements(&out).iter().filter(|e| e.starts_with("<text")) {
        assert_eq!(class_of(element), Some("label"), "{element}");
    }
}

#[test]
fn each_period_with_a_tip_gets_a_titled_hover_strip_over_the_lines() {
    let tips: Vec<String> = [
        "",
        "m01 · Actual 10",
        "m02 · Actual 11",
        "m03 · Forecast 11.5",
    ]
    .map(String::from)
    .to_vec();
    let out = full(ChartSize::Large, &tips);
    let hits: Vec<&str> = elements(&out)
        .into_iter()
        .filter(|e| class_of(e) == Some("hit"))
        .collect();
    assert_eq!(hits.len(), 3, "none for the empty tip: {hits:?}");
    for (hit, tip) in hits.iter().zip(&tips[1..]) {
        assert!(
            hit.ends_with(&format!("<title>{tip}</title></rect>")),
            "{hit}"
        );
        assert!(
            hit.contains("fill=\"none\" pointer-events=\"all\""),
            "{hit}"
        );
        assert!(!hit.contains("tabindex"), "not in the tab order");
    }
    // Last in the picture, so they lie over every line and marker.
    let drawn = elements(&out);
    assert!(
        drawn[drawn.len() - 3..]
            .iter()
            .all(|e| class_of(e) == Some("hit"))
    );
    // Side by side without overlap, each far wider than a marker (r ≤ 5 units).
    let attr = |e: &str, name: &str| -> i32 {
        let (_, rest) = e.split_once(&format!(" {name}=\"")).expect(name);
        rest.split_once('"').expect(name).0.parse().expect(name)
    };
    for pair in hits.windows(2) {
        assert_eq!(
            attr(pair[0], "x") + attr(pair[0], "width"),
            attr(pair[1], "x")
        );
    }
    assert!(hits.iter().all(|h| attr(h, "width") > 40), "{hits:?}");
    // From the plot's top (below the legend) to the bottom, through the x labels.
    assert!(
        hits.iter()
            .all(|h| attr(h, "y") == 72 && attr(h, "height") == 480 - 72)
    );
    // The chart's own title and label stay its text alternative.
    assert!(out.contains("role=\"img\" aria-label=\"Revenue\""));
    assert!(out.contains("\n<title>Revenue</title>\n"));
}

#[test]
fn tips_are_escaped_and_kept_on_one_line() {
    let tips = vec![
        "<b>\"Q4\" & co</b>\n<script>".to_string(),
        "plain".to_string(),
    ];
    let labels = months(2);
    let out = trend_svg(&TrendChart {
        labels: &labels,
        values: &[Some(1.0), Some(2.0)],
        targets: &[],
        format_y: &plain,
        actual_label: "Actual",
        target_label: "Target",
        team: &[],
        team_label: "Team",
        tips: &tips,
        alt: "x",
        size: ChartSize::Small,
        tone: Tone::Green,
        band: None,
    });
    assert!(!out.contains("<b>") && !out.contains("<script"), "{out}");
    assert!(
        out.contains("<title>&lt;b&gt;&quot;Q4&quot; &amp; co&lt;/b&gt; &lt;script&gt;</title>"),
        "{out}"
    );
}

#[test]
fn tips_read_in_the_page_locale() {
    use crate::base::locale::{Format, Locale};
    // 12 300 zł with no-break spaces, as the scorecard's figures read in Polish.
    let pl = Format::new(Locale::Pl, "PLN");
    let tip = super::tip(
        "Październik 2026",
        &[
            ("Wynik", pl.currency(12_300.0, 0)),
            ("Cel", pl.currency(11_000.0, 0)),
            ("Zespół", pl.currency(10_950.0, 0)),
        ],
    );
    assert_eq!(
        tip,
        "Październik 2026 · Wynik 12\u{a0}300\u{a0}zł · Cel 11\u{a0}000\u{a0}zł · \
         Zespół 10\u{a0}950\u{a0}zł"
    );
    let out = svg_with_tips(&[Some(12_300.0)], std::slice::from_ref(&tip));
    assert!(out.contains(&format!("<title>{tip}</title>")), "{out}");
    // Nothing to show: no tip, and so no hover target.
    assert_eq!(super::tip("Październik 2026", &[]), "");
}

fn svg_with_tips(values: &[Option<f64>], tips: &[String]) -> String {
    let labels = months(values.len());
    trend_svg(&TrendChart {
        labels: &labels,
        values,
        targets: &[],
        format_y: &plain,
        actual_label: "Actual",
        target_label: "Target",
        team: &[],
        team_label: "Team",
        tips,
        alt: "x",
        size: ChartSize::Small,
        tone: Tone::Neutral,
        band: None,
    })
}

#[test]
fn a_team_line_gives_a_small_chart_a_legend_and_its_scale_includes_it() {
    let labels = months(3);
    let chart = |team: &[Option<f64>]| {
        trend_svg(&TrendChart {
            labels: &labels,
            values: &[Some(10.0), Some(12.0), Some(11.0)],
            targets: &[Some(11.0); 3],
            format_y: &plain,
            actual_label: "Actual",
            target_label: "Target",
            team,
            team_label: "Team",
            tips: &[],
            alt: "x",
            size: ChartSize::Small,
            tone: Tone::Green,
            band: None,
        })
    };
    let without = chart(&[]);
    assert!(without.contains("viewBox=\"0 0 640 280\""));
    assert!(!texts(&without).contains(&"Team"));
    assert!(
        !texts(&without).contains(&"Actual"),
        "no legend on a small chart"
    );
    // The team's 40 is far above the person's values: the y axis reaches it, and the
    // chart grows by the legend's row (18 px).
    let with = chart(&[Some(40.0), None, Some(20.0)]);
    assert!(with.contains("viewBox=\"0 0 640 316\""), "{with}");
    let shown = texts(&with);
    for word in ["Actual", "Target", "Team", "40"] {
        assert!(shown.contains(&word), "{word} in {shown:?}");
    }
    // Two single values: two level marks, and the legend's sample.
    assert_eq!(with.matches("class=\"team\"").count(), 3);
    // No value at all (non-finite too) is no team line.
    assert_eq!(chart(&[None, Some(f64::NAN), None]), without);
}

#[test]
fn hover_strips_and_classes_stay_valid_for_the_rasteriser() {
    // resvg (e-mails) and Typst (PDFs) read the same SVG: it parses, the strips draw
    // nothing, and a chart with them renders the same pixels as one without.
    let tips: Vec<String> = (0..4).map(|i| format!("m{i:02} · Actual {i}")).collect();
    let with = full(ChartSize::Small, &tips);
    let without = full(ChartSize::Small, &[]);
    let tree = resvg::usvg::Tree::from_str(&with, &resvg::usvg::Options::default());
    assert!(tree.is_ok(), "{with}");
    let png = crate::render::email::png;
    assert_eq!(png(&with), png(&without));
    assert!(png(&with).is_some());
}
