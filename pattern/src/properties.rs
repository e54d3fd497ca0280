//! The sets behind class escapes (`\d`, `\w`, `\s`, ...) and `\p{...}` names.
//!
//! Escapes have their ECMA-262 meaning. `\p{...}` accepts ECMA-262's names (general categories
//! long and short, `Alphabetic`, `White_Space`, `ASCII`, `Any`, `gc=...`) and Java's (its
//! US-ASCII POSIX classes, `Is...` binary properties and categories, `LD`, `L1`, `all`). Where
//! the two dialects give one name two meanings (`\p{Alpha}`), Java's wins: AWS services are
//! written in Java, and the models' authors wrote these names for it.

use crate::charset::CharSet;

/// Where a `\p{...}` name comes from, for [`crate::Features`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// One of Java's US-ASCII classes (`Alpha`, `Print`, `all`, ...): no Unicode table needed.
    JavaPosix,
    /// A Unicode property (general category or binary property).
    Unicode,
}

/// `\d`: `[0-9]`.
pub fn digit() -> CharSet {
    ascii(b"09")
}

/// `\w`: `[A-Za-z0-9_]`; also what `\b` counts as word characters.
pub fn word() -> CharSet {
    ascii(b"AZaz09__")
}

/// `\s`: ECMA-262's WhiteSpace and LineTerminator.
pub fn space() -> CharSet {
    CharSet::from_ranges([
        (0x09, 0x0D),
        (0x20, 0x20),
        (0xA0, 0xA0),
        (0x1680, 0x1680),
        (0x2000, 0x200A),
        (0x2028, 0x2029),
        (0x202F, 0x202F),
        (0x205F, 0x205F),
        (0x3000, 0x3000),
        (0xFEFF, 0xFEFF),
    ])
}

/// ECMA-262's line terminators: what `.` does not match (without the `s` flag) and where `^`
/// and `$` also match under the `m` flag.
pub fn line_terminators() -> CharSet {
    CharSet::from_ranges([(0x0A, 0x0A), (0x0D, 0x0D), (0x2028, 0x2029)])
}

/// Java's `\h`: horizontal white space.
pub fn horizontal_space() -> CharSet {
    CharSet::from_ranges([
        (0x09, 0x09),
        (0x20, 0x20),
        (0xA0, 0xA0),
        (0x1680, 0x1680),
        (0x180E, 0x180E),
        (0x2000, 0x200A),
        (0x202F, 0x202F),
        (0x205F, 0x205F),
        (0x3000, 0x3000),
    ])
}

/// Java's `\V` complement: vertical white space `[\n\x0B\f\r\x85\u2028\u2029]`.
pub fn vertical_space() -> CharSet {
    CharSet::from_ranges([(0x0A, 0x0D), (0x85, 0x85), (0x2028, 0x2029)])
}

/// Pairs of ASCII bounds as one set: `b"az09"` is `[a-z0-9]`.
fn ascii(bounds: &[u8]) -> CharSet {
    CharSet::from_ranges(
        bounds
            .chunks(2)
            .map(|pair| (u32::from(pair[0]), u32::from(pair[1]))),
    )
}

/// Java's POSIX classes, which are US-ASCII only (`java.util.regex.Pattern`).
fn java_posix(name: &str) -> Option<CharSet> {
    let punct = b"!/:@[`{~";
    Some(match name {
        "Lower" => ascii(b"az"),
        "Upper" => ascii(b"AZ"),
        "ASCII" => ascii(b"\x00\x7F"),
        "Alpha" => ascii(b"AZaz"),
        "Digit" => ascii(b"09"),
        "Alnum" => ascii(b"AZaz09"),
        "Punct" => ascii(punct),
        "Graph" => ascii(b"!~"),
        "Print" => ascii(b" ~"),
        "Blank" => ascii(b"  \t\t"),
        "Cntrl" => ascii(b"\x00\x1F\x7F\x7F"),
        "XDigit" => ascii(b"09AFaf"),
        "Space" => ascii(b"\t\r  "),
        "L1" => CharSet::range(0, 0xFF),
        "all" | "Any" => CharSet::full(),
        _ => return None,
    })
}

/// The set named by `\p{name}`, with where the name comes from; `Err` says why it is not known.
pub fn property(name: &str) -> Result<(CharSet, Source), String> {
    if let Some(set) = java_posix(name) {
        return Ok((set, Source::JavaPosix));
    }
    let unicode = |set: CharSet| Ok((set, Source::Unicode));
    let (key, value) = match name.split_once('=') {
        Some((key, value)) => (Some(key), value),
        None => (None, name),
    };
    match key {
        Some("gc" | "General_Category" | "general_category") => match category_mask(value) {
            Some(mask) => unicode(tables::categories(mask)?),
            None => Err(format!("unknown general category `{value}`")),
        },
        Some(key) => Err(format!(
            "the Unicode property `{key}` is not supported (general categories, Alphabetic and \
             White_Space are)"
        )),
        None => {
            if let Some(mask) = category_mask(value) {
                return unicode(tables::categories(mask)?);
            }
            // Java spells binary properties and categories with `Is` (`IsAlphabetic`, `IsL`).
            let bare = value.strip_prefix("Is").unwrap_or(value);
            if let Some(mask) = category_mask(bare) {
                return unicode(tables::categories(mask)?);
            }
            match binary_property(bare) {
                Some(set) => unicode(set?),
                None => Err(format!(
                    "the Unicode property `{name}` is not supported (general categories, \
                     Alphabetic, White_Space and Java's POSIX classes are)"
                )),
            }
        }
    }
}

/// A binary property by any of its ECMA or Java spellings (case, `_` and spaces ignored, as
/// Java does).
fn binary_property(name: &str) -> Option<Result<CharSet, String>> {
    let folded: String = name
        .chars()
        .filter(|c| !matches!(c, '_' | ' ' | '-'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let mask = |names: &[&str]| {
        names
            .iter()
            .fold(0u32, |m, n| m | category_mask(n).unwrap_or(0))
    };
    Some(match folded.as_str() {
        "ALPHABETIC" => tables::alphabetic(),
        "WHITESPACE" | "WSPACE" => tables::white_space(),
        "LETTER" => tables::categories(mask(&["L"])),
        "PUNCTUATION" => tables::categories(mask(&["P"])),
        "CONTROL" => tables::categories(mask(&["Cc"])),
        "DIGIT" => tables::categories(mask(&["Nd"])),
        "ASSIGNED" => tables::categories(mask(&["Cn"])).map(|set| set.complement()),
        _ => return None,
    })
}

/// The general categories a name stands for, as a bit mask over
/// [`tables::CATEGORY_NAMES`]'s indices.
fn category_mask(name: &str) -> Option<u32> {
    const GROUPS: &[(&[&str], &[&str])] = &[
        (&["L", "Letter"], &["Lu", "Ll", "Lt", "Lm", "Lo"]),
        (&["LC", "Cased_Letter"], &["Lu", "Ll", "Lt"]),
        // Java's "letter or digit".
        (&["LD"], &["Lu", "Ll", "Lt", "Lm", "Lo", "Nd"]),
        (&["M", "Mark", "Combining_Mark"], &["Mn", "Mc", "Me"]),
        (&["N", "Number"], &["Nd", "Nl", "No"]),
        (
            &["P", "Punctuation", "punct"],
            &["Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po"],
        ),
        (&["S", "Symbol"], &["Sm", "Sc", "Sk", "So"]),
        (&["Z", "Separator"], &["Zs", "Zl", "Zp"]),
        (&["C", "Other"], &["Cc", "Cf", "Cs", "Co", "Cn"]),
    ];
    const LONG: &[(&str, &str)] = &[
        ("Uppercase_Letter", "Lu"),
        ("Lowercase_Letter", "Ll"),
        ("Titlecase_Letter", "Lt"),
        ("Modifier_Letter", "Lm"),
        ("Other_Letter", "Lo"),
        ("Nonspacing_Mark", "Mn"),
        ("Spacing_Mark", "Mc"),
        ("Enclosing_Mark", "Me"),
        ("Decimal_Number", "Nd"),
        ("digit", "Nd"),
        ("Letter_Number", "Nl"),
        ("Other_Number", "No"),
        ("Connector_Punctuation", "Pc"),
        ("Dash_Punctuation", "Pd"),
        ("Open_Punctuation", "Ps"),
        ("Close_Punctuation", "Pe"),
        ("Initial_Punctuation", "Pi"),
        ("Final_Punctuation", "Pf"),
        ("Other_Punctuation", "Po"),
        ("Math_Symbol", "Sm"),
        ("Currency_Symbol", "Sc"),
        ("Modifier_Symbol", "Sk"),
        ("Other_Symbol", "So"),
        ("Space_Separator", "Zs"),
        ("Line_Separator", "Zl"),
        ("Paragraph_Separator", "Zp"),
        ("Control", "Cc"),
        ("cntrl", "Cc"),
        ("Format", "Cf"),
        ("Surrogate", "Cs"),
        ("Private_Use", "Co"),
        ("Unassigned", "Cn"),
    ];
    let single = |abbreviation: &str| {
        tables::CATEGORY_NAMES
            .iter()
            .position(|n| *n == abbreviation)
            .map(|i| 1u32 << i)
    };
    if let Some(bit) = single(name) {
        return Some(bit);
    }
    if let Some((_, members)) = GROUPS.iter().find(|(names, _)| names.contains(&name)) {
        return Some(
            members
                .iter()
                .filter_map(|m| single(m))
                .fold(0, |a, b| a | b),
        );
    }
    LONG.iter()
        .find(|(long, _)| *long == name)
        .and_then(|(_, short)| single(short))
}

/// The Unicode data, or its absence when the `unicode` feature is off (the tables are
/// constants: without the feature nothing refers to them, so no binary carries them).
mod tables {
    use crate::charset::CharSet;

    pub use crate::unicode_tables::CATEGORY_NAMES;

    #[cfg(feature = "unicode")]
    pub fn categories(mask: u32) -> Result<CharSet, String> {
        use crate::unicode_tables::GENERAL_CATEGORY;
        let mut ranges = Vec::new();
        for (i, &run) in GENERAL_CATEGORY.iter().enumerate() {
            if mask & (1 << (run & 0xFF)) == 0 {
                continue;
            }
            let end = GENERAL_CATEGORY
                .get(i + 1)
                .map_or(crate::charset::MAX_CODE_POINT, |next| (next >> 8) - 1);
            ranges.push((run >> 8, end));
        }
        Ok(CharSet::from_ranges(ranges))
    }

    #[cfg(feature = "unicode")]
    pub fn alphabetic() -> Result<CharSet, String> {
        Ok(CharSet::from_ranges(crate::unicode_tables::ALPHABETIC))
    }

    #[cfg(feature = "unicode")]
    pub fn white_space() -> Result<CharSet, String> {
        Ok(CharSet::from_ranges(crate::unicode_tables::WHITE_SPACE))
    }

    #[cfg(not(feature = "unicode"))]
    fn missing() -> Result<CharSet, String> {
        Err("Unicode properties need the `unicode` feature of aws-op-pattern".to_owned())
    }

    #[cfg(not(feature = "unicode"))]
    pub fn categories(_mask: u32) -> Result<CharSet, String> {
        missing()
    }

    #[cfg(not(feature = "unicode"))]
    pub fn alphabetic() -> Result<CharSet, String> {
        missing()
    }

    #[cfg(not(feature = "unicode"))]
    pub fn white_space() -> Result<CharSet, String> {
        missing()
    }
}

#[cfg(all(test, feature = "unicode"))]
mod tests {
    use super::*;

    fn set(name: &str) -> CharSet {
        property(name).unwrap().0
    }

    #[test]
    fn java_posix_classes_are_ascii() {
        assert_eq!(set("Print"), CharSet::range(0x20, 0x7E));
        assert_eq!(set("Graph"), CharSet::range(0x21, 0x7E));
        let punct = set("Punct");
        let expected = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
        assert_eq!(
            punct.ranges().iter().map(|(a, b)| b - a + 1).sum::<u32>(),
            32
        );
        assert!(expected.chars().all(|c| punct.contains(c.into())));
        assert_eq!(set("Alpha"), CharSet::from_ranges([(65, 90), (97, 122)]));
        assert!(!set("Alnum").contains('é'.into()));
        assert_eq!(set("Space"), CharSet::from_ranges([(9, 13), (32, 32)]));
        assert_eq!(set("Cntrl"), CharSet::from_ranges([(0, 31), (127, 127)]));
        assert_eq!(property("Print").unwrap().1, Source::JavaPosix);
    }

    #[test]
    fn unicode_names_in_both_dialects() {
        let letters = set("L");
        assert!(letters.contains('é'.into()) && letters.contains('日'.into()));
        assert!(!letters.contains('1'.into()));
        assert_eq!(set("Letter"), letters);
        assert_eq!(set("gc=L"), letters);
        assert_eq!(set("IsL"), letters);
        assert_eq!(set("IsLetter"), letters);
        let alphabetic = set("IsAlphabetic");
        assert_eq!(set("Alphabetic"), alphabetic);
        // Alphabetic adds letter numbers and some marks to the letters.
        assert!(alphabetic.contains(0x2160) && !letters.contains(0x2160));
        assert_eq!(set("IsWhite_Space"), set("IsWhitespace"));
        assert!(set("IsWhitespace").contains(0x3000));
        // Other: control, format, surrogate, private use and unassigned.
        let other = set("C");
        assert!(other.contains(0) && other.contains(0xAD) && other.contains(0xE000));
        assert!(other.contains(0x0378) && !other.contains('a'.into()));
        let ld = set("LD");
        assert!(ld.contains('٣'.into()) && ld.contains('a'.into()) && !ld.contains('_'.into()));
        assert_eq!(set("Zs").ranges().len(), 7);
    }

    #[test]
    fn unknown_names_say_so() {
        assert!(property("Latin")
            .unwrap_err()
            .contains("`Latin` is not supported"));
        assert!(property("sc=Latin").unwrap_err().contains("`sc`"));
        assert!(property("gc=Nope")
            .unwrap_err()
            .contains("unknown general category"));
    }
}
