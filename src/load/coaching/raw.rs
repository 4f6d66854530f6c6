//! The shape of a `coaching/*.yaml` file, as serde reads it, with the locations the
//! checks point at.

use serde::Deserialize;

use super::model::{Frequency, Kind, Plan};
use crate::load::yaml::{Spanned, SpannedMap};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawKinds {
    pub(super) one_on_one: Option<Frequency>,
    pub(super) coaching: Option<Frequency>,
    pub(super) call_review: Option<Frequency>,
    pub(super) training: Option<Frequency>,
    pub(super) team_meeting: Option<Frequency>,
}

impl RawKinds {
    pub(super) fn plan(&self) -> Plan {
        [
            self.one_on_one,
            self.coaching,
            self.call_review,
            self.training,
            self.team_meeting,
            None,
        ]
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRhythm {
    pub(super) one_on_one: Option<Frequency>,
    pub(super) coaching: Option<Frequency>,
    pub(super) call_review: Option<Frequency>,
    pub(super) training: Option<Frequency>,
    pub(super) team_meeting: Option<Frequency>,
    #[serde(default)]
    pub(super) teams: SpannedMap<RawKinds>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFeedback {
    #[serde(rename = "type")]
    pub(super) kind: FeedbackType,
    pub(super) situation: String,
    pub(super) behaviour: String,
    pub(super) impact: String,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum FeedbackType {
    Reinforcing,
    Developmental,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAction {
    pub(super) text: String,
    pub(super) owner: Spanned<String>,
    pub(super) due: Spanned<String>,
    pub(super) done: Option<Spanned<RawDone>>,
}

/// `done:` as written: `true`/`false`, or the day the action was done.
#[derive(Debug)]
pub(super) enum RawDone {
    Flag(bool),
    On(String),
}

impl<'de> Deserialize<'de> for RawDone {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DoneVisitor;
        impl serde::de::Visitor<'_> for DoneVisitor {
            type Value = RawDone;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("true, false or the day it was done (YYYY-MM-DD)")
            }
            fn visit_bool<E>(self, v: bool) -> Result<RawDone, E> {
                Ok(RawDone::Flag(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<RawDone, E> {
                Ok(RawDone::On(v.to_string()))
            }
        }
        deserializer.deserialize_any(DoneVisitor)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTouchpoint {
    pub(super) date: Spanned<String>,
    pub(super) kind: Kind,
    pub(super) person: Option<Spanned<String>>,
    pub(super) people: Option<Vec<Spanned<String>>>,
    pub(super) team: Option<Spanned<String>>,
    pub(super) led_by: Spanned<String>,
    pub(super) minutes: Option<Spanned<u32>>,
    #[serde(default)]
    pub(super) topics: Vec<String>,
    #[serde(default)]
    pub(super) kpis: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) feedback: Vec<RawFeedback>,
    #[serde(default)]
    pub(super) actions: Vec<RawAction>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGoal {
    pub(super) text: String,
    pub(super) kpi: Option<Spanned<String>>,
    pub(super) baseline: Option<f64>,
    pub(super) target: Option<f64>,
    pub(super) by: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMentoring {
    pub(super) mentor: Spanned<String>,
    pub(super) mentee: Spanned<String>,
    pub(super) start: Spanned<String>,
    pub(super) end: Option<Spanned<String>>,
    pub(super) frequency: Frequency,
    pub(super) goals: Spanned<Vec<RawGoal>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFile {
    pub(super) rhythm: Option<Spanned<RawRhythm>>,
    #[serde(default)]
    pub(super) touchpoints: Vec<RawTouchpoint>,
    #[serde(default)]
    pub(super) mentoring: Vec<RawMentoring>,
}
