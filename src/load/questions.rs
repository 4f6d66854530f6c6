//! The question bank: opening questions for 1:1s and mentoring in five groups. The
//! handbook shows it (`{{ questions(group="…") }}`) and every scorecard's 1:1 agenda
//! picks from it, so both read the same data: `content/<lang>/questions.yaml` built in,
//! or the book's own `content/questions.yaml`.

use std::path::Path;

use serde::Deserialize;

use crate::base::diag::Diagnostics;
use crate::load::yaml::{self, Source, Spanned};

/// The group keys, in the order the handbook shows them.
pub(crate) const GROUPS: [&str; 5] = [
    "relationship",
    "goals",
    "strengths",
    "challenges",
    "reflection",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Group {
    pub(crate) key: &'static str,
    pub(crate) title: String,
    pub(crate) questions: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct QuestionBank {
    /// In the order of [`GROUPS`].
    pub(crate) groups: Vec<Group>,
}

impl QuestionBank {
    pub(crate) fn group(&self, key: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.key == key)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    title: String,
    questions: Spanned<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBank {
    relationship: RawGroup,
    goals: RawGroup,
    strengths: RawGroup,
    challenges: RawGroup,
    reflection: RawGroup,
}

/// Parses a question bank; every group needs a title and at least three questions
/// (the agenda asks three).
pub(crate) fn load(path: &Path, text: &str, diags: &mut Diagnostics) -> Option<QuestionBank> {
    let raw: RawBank = yaml::parse(path, text, diags)?;
    let src = Source { path, text };
    let mut ok = true;
    let groups = [
        raw.relationship,
        raw.goals,
        raw.strengths,
        raw.challenges,
        raw.reflection,
    ]
    .into_iter()
    .zip(GROUPS)
    .map(|(g, key)| {
        let questions: Vec<String> = g
            .questions
            .value
            .iter()
            .map(|q| q.trim().to_string())
            .filter(|q| !q.is_empty())
            .collect();
        if questions.len() < 3 {
            ok = false;
            diags.push(
                src.error_at(
                    &g.questions,
                    format!("the group `{key}` needs at least three questions"),
                )
                .with_hint("the 1:1 agenda picks three questions from a group"),
            );
        }
        Group {
            key,
            title: g.title.trim().to_string(),
            questions,
        }
    })
    .collect();
    ok.then_some(QuestionBank { groups })
}

/// Three questions of `group` for a person and period: a fixed start from the person's
/// id, moved on by three every period, so consecutive months ask different questions.
pub(crate) fn pick<'a>(group: &'a Group, person_id: &str, period_index: usize) -> Vec<&'a str> {
    let n = group.questions.len();
    if n == 0 {
        return Vec::new();
    }
    // FNV-1a: stable on every machine and release, unlike std's hasher.
    let hash = person_id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let start = (hash % n as u64) as usize + period_index * 3;
    (0..3.min(n))
        .map(|i| group.questions[(start + i) % n].as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_banks_have_five_groups_of_ten() {
        for lang in ["en", "pl"] {
            let path = format!("content/{lang}/questions.yaml");
            let text =
                String::from_utf8(crate::base::embedded::get(&path).unwrap().to_vec()).unwrap();
            let mut diags = Diagnostics::new();
            let bank = load(Path::new(&path), &text, &mut diags).unwrap();
            assert!(diags.is_empty());
            assert_eq!(bank.groups.len(), 5);
            assert!(
                bank.groups.iter().all(|g| g.questions.len() == 10),
                "{lang}"
            );
        }
    }

    #[test]
    fn picks_rotate_by_period_and_stay_stable() {
        let group = Group {
            key: "goals",
            title: "Goals".into(),
            questions: (0..10).map(|i| format!("q{i}")).collect(),
        };
        let a = pick(&group, "ann", 4);
        assert_eq!(a, pick(&group, "ann", 4));
        assert_eq!(a.len(), 3);
        let next = pick(&group, "ann", 5);
        // Moved on by three: the first question of the next period follows the last.
        let index = |q: &str| q[1..].parse::<usize>().unwrap();
        assert_eq!(index(next[0]), (index(a[2]) + 1) % 10);
    }

    #[test]
    fn a_group_needs_three_questions() {
        let text = "relationship: { title: R, questions: [a, b] }\ngoals: { title: G, questions: [a, b, c] }\nstrengths: { title: S, questions: [a, b, c] }\nchallenges: { title: C, questions: [a, b, c] }\nreflection: { title: F, questions: [a, b, c] }\n";
        let mut diags = Diagnostics::new();
        assert!(load(Path::new("content/questions.yaml"), text, &mut diags).is_none());
        let d = diags.sorted();
        assert_eq!(
            d[0].message,
            "the group `relationship` needs at least three questions"
        );
        assert_eq!(d[0].line, 1);
    }
}
