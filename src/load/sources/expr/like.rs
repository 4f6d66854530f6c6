//! SQL `LIKE` matching over characters, without allocating.

/// One element of a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// `%`: any run of characters, also none.
    Many,
    /// `_`: exactly one character.
    One,
    /// A character that must be there (escaped or ordinary).
    Char(char),
}

/// The next part of `pattern`, reading `escape` followed by a character as that
/// character (a trailing escape character stands for itself).
fn next_part(pattern: &mut impl Iterator<Item = char>, escape: Option<char>) -> Option<Part> {
    let c = pattern.next()?;
    Some(match c {
        c if Some(c) == escape => Part::Char(pattern.next().unwrap_or(c)),
        '%' => Part::Many,
        '_' => Part::One,
        c => Part::Char(c),
    })
}

/// Whether `subject` matches `pattern` (SQL `LIKE`, case-sensitive). Iterative, with
/// backtracking to the last `%` only, so it runs in O(len(subject) × len(pattern)) at
/// worst and without recursion.
pub(super) fn matches<S, P>(subject: S, pattern: P, escape: Option<char>) -> bool
where
    S: Iterator<Item = char> + Clone,
    P: Iterator<Item = char> + Clone,
{
    let mut s = subject;
    let mut p = pattern;
    // Where to resume after the last `%`: the pattern after it, the subject there.
    let mut star: Option<(P, S)> = None;
    loop {
        let matched = match next_part(&mut p, escape) {
            Some(Part::Many) => {
                star = Some((p.clone(), s.clone()));
                continue;
            }
            Some(Part::One) => s.next().is_some(),
            Some(Part::Char(c)) => s.next() == Some(c),
            None => {
                if s.clone().next().is_none() {
                    return true;
                }
                false
            }
        };
        if matched {
            continue;
        }
        // Let the last `%` swallow one more character and try again from there.
        let Some((star_p, star_s)) = star.as_mut() else {
            return false;
        };
        if star_s.next().is_none() {
            return false;
        }
        p = star_p.clone();
        s = star_s.clone();
    }
}
