//! Matching the person cell of an export to a person of team.yaml.
//!
//! `by: auto` tries, in this order: the id; an e-mail; the name ignoring case, accents,
//! punctuation and repeated spaces (`Chloé MARTIN` = `Chloe Martin`, `Liam O'Connor` =
//! `liam oconnor`); an alias (compared like names). The first way that finds anyone
//! decides: one person is a match, two are ambiguous.

use std::collections::HashMap;

use crate::load::team::Person;

/// Which way a source's person column names people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum By {
    Id,
    Email,
    Name,
    Alias,
    Auto,
}

impl By {
    /// Every value, as sources.yaml spells it.
    pub(crate) const NAMES: [&'static str; 5] = ["auto", "id", "email", "name", "alias"];

    pub(crate) fn parse(text: &str) -> Option<By> {
        Some(match text {
            "auto" => By::Auto,
            "id" => By::Id,
            "email" => By::Email,
            "name" => By::Name,
            "alias" => By::Alias,
            _ => return None,
        })
    }
}

/// What a person cell matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Match {
    Person(u32),
    /// Two or more people (indices, sorted).
    Ambiguous(Vec<u32>),
    Unmatched,
}

/// The people of the book, indexed every way a cell can name them.
pub(crate) struct Matcher {
    ids: HashMap<String, Vec<u32>>,
    emails: HashMap<String, Vec<u32>>,
    names: HashMap<String, Vec<u32>>,
    aliases: HashMap<String, Vec<u32>>,
    /// (folded name, person) for the closest-person hint.
    folded: Vec<(String, u32)>,
}

impl Matcher {
    pub(crate) fn new(people: &[Person]) -> Matcher {
        let mut m = Matcher {
            ids: HashMap::new(),
            emails: HashMap::new(),
            names: HashMap::new(),
            aliases: HashMap::new(),
            folded: Vec::new(),
        };
        for (i, p) in people.iter().enumerate() {
            let i = i as u32;
            push(&mut m.ids, p.id.to_lowercase(), i);
            if let Some(email) = &p.email {
                push(&mut m.emails, email.to_lowercase(), i);
            }
            let name = fold(&p.name);
            push(&mut m.names, name.clone(), i);
            m.folded.push((name, i));
            for alias in &p.aliases {
                push(&mut m.aliases, fold(alias), i);
            }
        }
        m
    }

    /// The person `cell` names.
    pub(crate) fn find(&self, cell: &str, by: By) -> Match {
        let cell = cell.trim();
        let lower = || cell.to_lowercase();
        let ways: [(&HashMap<String, Vec<u32>>, bool); 4] = [
            (&self.ids, matches!(by, By::Auto | By::Id)),
            (&self.emails, matches!(by, By::Auto | By::Email)),
            (&self.names, matches!(by, By::Auto | By::Name)),
            (&self.aliases, matches!(by, By::Auto | By::Alias)),
        ];
        let folded = fold(cell);
        for (k, (map, used)) in ways.iter().enumerate() {
            if !used {
                continue;
            }
            let key = if k < 2 { lower() } else { folded.clone() };
            match map.get(&key).map(Vec::as_slice) {
                Some([one]) => return Match::Person(*one),
                Some(many @ [_, _, ..]) => return Match::Ambiguous(many.to_vec()),
                _ => {}
            }
        }
        Match::Unmatched
    }

    /// The person whose name is closest to `cell` (for "did you mean").
    pub(crate) fn closest(&self, cell: &str) -> Option<u32> {
        let target = fold(cell);
        let target = target
            .split('@')
            .next()
            .unwrap_or(&target)
            .replace(['.', '_'], " ");
        self.folded
            .iter()
            .map(|(name, i)| (strsim::jaro_winkler(&target, name), *i))
            .filter(|(score, _)| *score >= 0.75)
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
            .map(|(_, i)| i)
    }
}

fn push(map: &mut HashMap<String, Vec<u32>>, key: String, person: u32) {
    let list = map.entry(key).or_default();
    if !list.contains(&person) {
        list.push(person);
    }
}

/// A name as it is compared: lower case, accents removed, apostrophes dropped, other
/// punctuation and runs of spaces made one space.
pub(crate) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        // Apostrophes join (O'Connor = oconnor); other punctuation separates
        // (priya.raman = Priya Raman, Mary-Jane = Mary Jane).
        if matches!(c, '\'' | '’' | '`' | 'ʼ') {
            continue;
        }
        if !c.is_alphanumeric() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        match unaccent(c) {
            Some(plain) => out.push_str(plain),
            None => out.push(c),
        }
    }
    out
}

/// The plain letters of an accented Latin letter (lower case).
fn unaccent(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'ā' | 'ă' | 'ą' => "a",
        'å' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' | 'ė' => "e",
        'ğ' | 'ģ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'ķ' => "k",
        'ł' | 'ľ' | 'ĺ' | 'ļ' => "l",
        'ñ' | 'ń' | 'ň' | 'ņ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ř' => "r",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: &str, name: &str, email: Option<&str>, aliases: &[&str]) -> Person {
        Person {
            id: id.to_string(),
            name: name.to_string(),
            email: email.map(str::to_string),
            role: "rep".to_string(),
            team: None,
            manager: None,
            start: None,
            end: None,
            days_off: Default::default(),
            locale: None,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
        }
    }

    fn matcher() -> Matcher {
        Matcher::new(&[
            person(
                "chloe-martin",
                "Chloe Martin",
                Some("chloe.martin@x.example"),
                &[],
            ),
            person(
                "ben-okafor",
                "Ben Okafor",
                Some("Ben.Okafor@x.example"),
                &["bokafor", "Ext.185", "Benjamin Okafor"],
            ),
            person("liam-oconnor", "Liam O'Connor", None, &[]),
            person("lukasz-wojcik", "Łukasz Wójcik", None, &[]),
            person("anna-a", "Anna Berg", None, &[]),
            person("anna-b", "Anna  Berg", None, &[]),
        ])
    }

    #[test]
    fn names_ignore_case_accents_punctuation_and_spaces() {
        assert_eq!(fold("  Chloé   MARTIN "), "chloe martin");
        assert_eq!(fold("Liam O'Connor"), "liam oconnor");
        assert_eq!(fold("Łukasz Wójcik"), "lukasz wojcik");
        let m = matcher();
        assert_eq!(m.find("Chloé MARTIN", By::Auto), Match::Person(0));
        assert_eq!(m.find("liam oconnor", By::Auto), Match::Person(2));
        assert_eq!(m.find("LUKASZ WOJCIK", By::Auto), Match::Person(3));
    }

    #[test]
    fn id_email_and_alias() {
        let m = matcher();
        assert_eq!(m.find("ben-okafor", By::Auto), Match::Person(1));
        assert_eq!(m.find("ben.okafor@X.example", By::Auto), Match::Person(1));
        assert_eq!(m.find("Ext.185", By::Auto), Match::Person(1));
        assert_eq!(m.find("ext 185", By::Alias), Match::Person(1));
        assert_eq!(m.find("ben.okafor", By::Name), Match::Person(1));
        assert_eq!(m.find("BOKAFOR", By::Auto), Match::Person(1));
        // A restricted `by` looks only there.
        assert_eq!(m.find("Ben Okafor", By::Email), Match::Unmatched);
        assert_eq!(m.find("Ben Okafor", By::Name), Match::Person(1));
    }

    #[test]
    fn two_people_with_one_name_are_ambiguous() {
        let m = matcher();
        assert_eq!(m.find("anna berg", By::Auto), Match::Ambiguous(vec![4, 5]));
        assert_eq!(m.find("Hannah Weiss", By::Auto), Match::Unmatched);
    }

    #[test]
    fn closest_person_for_hints() {
        let m = matcher();
        assert_eq!(m.closest("Chloe Martinez"), Some(0));
        assert_eq!(m.closest("ben.okafr@x.example"), Some(1));
        assert_eq!(m.closest("zzz"), None);
    }
}
