//! The `Range` header of a `GetObject` (RFC 9110, one byte range): `bytes=a-b`, `bytes=a-`
//! (to the end) and `bytes=-n` (the last `n` bytes).

use crate::error::S3Error;

/// The bytes `[start, end)` that `range` selects of an object of `len` bytes.
///
/// # Errors
///
/// `416 InvalidRange` for a range that starts past the end (or is empty) and `400
/// InvalidArgument` for one that is not a single byte range; S3 ignores neither.
pub(crate) fn select(range: &str, len: u64) -> Result<(u64, u64), S3Error> {
    let malformed = || S3Error::new(400, "InvalidArgument", format!("Invalid range {range:?}."));
    let spec = range.trim().strip_prefix("bytes=").ok_or_else(malformed)?;
    let (first, last) = spec.split_once('-').ok_or_else(malformed)?;
    let number = |text: &str| text.trim().parse::<u64>().map_err(|_| malformed());
    let (start, end) = match (first.trim().is_empty(), last.trim().is_empty()) {
        (true, false) => {
            let suffix = number(last)?;
            (len.saturating_sub(suffix), len)
        }
        (false, true) => (number(first)?, len),
        (false, false) => {
            let (start, last) = (number(first)?, number(last)?);
            if last < start {
                return Err(malformed());
            }
            (start, len.min(last.saturating_add(1)))
        }
        (true, true) => return Err(malformed()),
    };
    if start >= end {
        return Err(S3Error::new(
            416,
            "InvalidRange",
            format!("The range {range:?} is not satisfiable for an object of {len} bytes."),
        ));
    }
    Ok((start, end))
}

#[cfg(test)]
mod tests {
    use super::select;

    #[test]
    fn the_three_forms_select_their_bytes() {
        assert_eq!(select("bytes=0-99", 1000), Ok((0, 100)));
        assert_eq!(select("bytes=900-", 1000), Ok((900, 1000)));
        assert_eq!(select("bytes=-10", 1000), Ok((990, 1000)));
        assert_eq!(select("bytes=990-5000", 1000), Ok((990, 1000)));
        assert_eq!(select("bytes=-5000", 1000), Ok((0, 1000)));
    }

    #[test]
    fn unsatisfiable_and_malformed_ranges_are_errors() {
        assert_eq!(select("bytes=1000-", 1000).unwrap_err().status, 416);
        assert_eq!(select("bytes=0-0", 0).unwrap_err().status, 416);
        for bad in [
            "0-10",
            "bytes=a-b",
            "bytes=5-1",
            "bytes=-",
            "items=0-1",
            "bytes=1",
        ] {
            assert_eq!(
                select(bad, 1000).unwrap_err().code,
                "InvalidArgument",
                "{bad}"
            );
        }
    }
}
