//! Slugs: the ids that become file and page names (`[a-z0-9][a-z0-9_-]*`), and the
//! folding of accented Latin letters to ASCII shared by ids, page names and heading
//! anchors (`Łukasz Wójcik` → `lukasz-wojcik`).

/// Whether `id` is a slug: `[a-z0-9][a-z0-9_-]*`. Ids become file names.
pub(crate) fn is_slug(id: &str) -> bool {
    let mut bytes = id.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// A slug suggestion for an invalid id: `Jan Nowak` → `jan-nowak`, `Łukasz` → `lukasz`.
pub(crate) fn suggest_slug(text: &str) -> String {
    slug_text(text, false)
}

/// Lowercase text with accents folded to ASCII and every run of other characters one
/// `-`. With `keep_unicode`, letters without an ASCII form (Cyrillic, CJK) are kept.
pub(crate) fn slug_text(text: &str, keep_unicode: bool) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let part: Option<&str> = fold(c);
        let keep = c.is_ascii_alphanumeric() || (keep_unicode && c.is_alphanumeric());
        if part.is_none() && !keep {
            dash = !slug.is_empty();
            continue;
        }
        if dash {
            slug.push('-');
            dash = false;
        }
        match part {
            Some(part) => slug.push_str(part),
            None => slug.push(c),
        }
    }
    slug
}

/// The ASCII letters a lowercase Latin letter with a diacritic stands for.
pub(crate) fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĳ' => "ij",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_fold_accents() {
        assert_eq!(suggest_slug("Łukasz Wójcik"), "lukasz-wojcik");
        assert_eq!(suggest_slug("Jan  Nowak!"), "jan-nowak");
        assert!(is_slug(&suggest_slug("Ærlig Åse")));
    }
}
