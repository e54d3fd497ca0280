//! Which translations a pattern needed, for reports over a corpus of models.

/// The constructs of a pattern that go beyond a plain ECMA-262 regular expression, or that
/// need more than a plain automaton state. Filled by parsing and compiling.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Features {
    /// `^` or `$` (or `\A`, `\z`): anchors only where written.
    pub anchors: bool,
    /// A UTF-16 surrogate pair written as two escapes (`\uD800\uDC00`), read as one code point.
    pub surrogate_pairs: bool,
    /// Java's US-ASCII POSIX classes (`\p{Alpha}`, `\p{Print}`, `\p{Punct}`, ...).
    pub java_posix_classes: bool,
    /// Unicode properties (`\p{L}`, `\P{C}`, `\p{IsAlphabetic}`, ...).
    pub unicode_properties: bool,
    /// Other Java syntax: `\A`, `\z`, `\x{...}`, nested classes and `&&`, `\Q...\E`, `\h`,
    /// `\e`, `\a`, octal escapes.
    pub java_syntax: bool,
    /// Inline flags (`(?i)`, `(?s)`, `(?m)`, `(?i:...)`).
    pub inline_flags: bool,
    /// A class escape as a range bound (`[\w-_]`): the `-` is then a literal, as in Java.
    pub class_escape_range_bound: bool,
    /// A quantifier on a zero-width assertion (`${1,4096}`, `(?!x)+`).
    pub quantified_assertion: bool,
    /// A quantifier right after another (`x{11}{0,1011}`), which Java applies to nothing.
    pub stacked_quantifier: bool,
    /// `(?=...)` or `(?!...)`.
    pub lookahead: bool,
    /// `(?<=...)` or `(?<!...)`.
    pub lookbehind: bool,
    /// `\b` or `\B`.
    pub word_boundary: bool,
    /// A bounded repetition of one character class, matched by one counting state.
    pub counted_class: bool,
    /// A bounded repetition of a longer expression, matched with a set of counts per state.
    pub counted_group: bool,
    /// A possessive quantifier (Java `x*+`), on one character class.
    pub possessive: bool,
    /// A backreference (`\1`) to a group that matches few texts.
    pub backreference: bool,
}

impl Features {
    /// The names of the features present, in declaration order.
    pub fn names(&self) -> Vec<&'static str> {
        let all = [
            (self.anchors, "anchors"),
            (self.surrogate_pairs, "surrogate_pairs"),
            (self.java_posix_classes, "java_posix_classes"),
            (self.unicode_properties, "unicode_properties"),
            (self.java_syntax, "java_syntax"),
            (self.inline_flags, "inline_flags"),
            (self.class_escape_range_bound, "class_escape_range_bound"),
            (self.quantified_assertion, "quantified_assertion"),
            (self.stacked_quantifier, "stacked_quantifier"),
            (self.lookahead, "lookahead"),
            (self.lookbehind, "lookbehind"),
            (self.word_boundary, "word_boundary"),
            (self.counted_class, "counted_class"),
            (self.counted_group, "counted_group"),
            (self.possessive, "possessive"),
            (self.backreference, "backreference"),
        ];
        all.into_iter()
            .filter_map(|(on, name)| on.then_some(name))
            .collect()
    }
}
