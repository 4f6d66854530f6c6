//! What every CSV reader of pulsebook agrees on: how the delimiter is found (the native
//! metrics reader and the reader of raw exports use the same rule).

/// The most frequent of `,` `;` and tab outside quotes; ties go to the earlier one.
pub(crate) fn detect_delimiter(header: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in header {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).rev().max_by_key(|&i| counts[i]).unwrap_or(0);
    [b',', b';', b'\t'][best]
}
