//! The parser: pattern text to [`Node`]s.
//!
//! The syntax is ECMA-262's (Unicode mode: code points, `\u{...}`, `\p{...}`) as AWS models
//! write it, with the Annex B leniencies they rely on (`{` and `}` as literals, `[\w-_]`,
//! quantified look-aheads) and the Java constructs they use, with Java's meaning:
//! - a UTF-16 surrogate pair written as two escapes (`\uD800\uDC00`) is one code point;
//! - `\p{Alpha}`, `\p{Print}`, ... are Java's US-ASCII POSIX classes;
//! - `\A`, `\z`, `\x{...}`, `\Q...\E`, `\h`, `\e`, `\a`, octal `\0nn`, nested classes and `&&`;
//! - inline flags `(?i)` (ASCII case folding, as Java's default), `(?s)`, `(?m)`, scoped to the
//!   enclosing group;
//! - a quantifier on an assertion (`${1,4096}`) repeats nothing: the assertion holds once, or
//!   not at all when the quantifier allows zero;
//! - a second quantifier (`x{11}{0,1011}`) applies to an empty atom, which is what Java does.
//!
//! Escape classes keep their ECMA-262 meaning: `\d` is `[0-9]`, `\w` is `[A-Za-z0-9_]`, `\s`
//! is Unicode white space and line terminators, `.` is anything but a line terminator.

use crate::ast::{Anchor, Node};
use crate::charset::CharSet;
use crate::error::Error;
use crate::features::Features;
use crate::properties::{self, Source};

/// Groups nested deeper than this are not compiled (the compiler recurses per level).
const MAX_DEPTH: usize = 200;

/// A parsed pattern.
#[derive(Debug)]
pub struct Parsed {
    /// The syntax tree.
    pub node: Node,
    /// What the pattern uses.
    pub features: Features,
}

/// Parses `pattern`.
pub fn parse(pattern: &str) -> Result<Parsed, Error> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut parser = Parser {
        groups: count_groups(&chars),
        chars,
        pos: 0,
        flags: Flags::default(),
        next_group: 1,
        depth: 0,
        features: Features::default(),
    };
    let node = parser.alternation()?;
    if parser.pos < parser.chars.len() {
        return Err(Error::syntax(parser.pos, "unmatched `)`"));
    }
    Ok(Parsed {
        node,
        features: parser.features,
    })
}

/// The number of capturing groups, so `\12` can be told from `\1` followed by `2`.
fn count_groups(chars: &[char]) -> u32 {
    let (mut count, mut in_class, mut i) = (0, false, 0);
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '[' => in_class = true,
            ']' => in_class = false,
            '(' if !in_class => {
                let rest = &chars[i + 1..];
                let named =
                    rest.starts_with(&['?', '<']) && !matches!(rest.get(2), Some('=' | '!'));
                if rest.first() != Some(&'?') || named {
                    count += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    count
}

#[derive(Clone, Copy, Default)]
struct Flags {
    /// `i`: ASCII letters match either case.
    ignore_case: bool,
    /// `s`: `.` matches line terminators too.
    dot_all: bool,
    /// `m`: `^` and `$` also match at line boundaries.
    multiline: bool,
}

/// One item of a bracketed class.
enum ClassAtom {
    Char(u32),
    Set(CharSet),
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    flags: Flags,
    /// Capturing groups in the whole pattern.
    groups: u32,
    next_group: u32,
    depth: usize,
    features: Features,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        let found = self.peek() == Some(c);
        if found {
            self.pos += 1;
        }
        found
    }

    fn next(&mut self, what: &str) -> Result<char, Error> {
        let c = self
            .peek()
            .ok_or_else(|| Error::syntax(self.pos, format!("the pattern ends inside {what}")))?;
        self.pos += 1;
        Ok(c)
    }

    /// `a|b|...` up to the end or the `)` of the enclosing group.
    fn alternation(&mut self) -> Result<Node, Error> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Error::unsupported(
                self.pos,
                format!("groups nested more than {MAX_DEPTH} deep"),
            ));
        }
        let mut branches = vec![self.concat()?];
        while self.eat('|') {
            branches.push(self.concat()?);
        }
        self.depth -= 1;
        Ok(if branches.len() == 1 {
            branches.pop().unwrap_or(Node::Empty)
        } else {
            Node::Alternation(branches)
        })
    }

    fn concat(&mut self) -> Result<Node, Error> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let start = self.pos;
            let Some(atom) = self.atom()? else {
                continue;
            };
            match self.quantified(atom, start)? {
                Node::Empty => {}
                node => items.push(node),
            }
        }
        Ok(match items.len() {
            0 => Node::Empty,
            1 => items.pop().unwrap_or(Node::Empty),
            _ => Node::Concat(items),
        })
    }

    /// The atom with its quantifiers, if any.
    fn quantified(&mut self, atom: Node, atom_start: usize) -> Result<Node, Error> {
        let mut node = atom;
        let mut quantified = false;
        loop {
            let at = self.pos;
            let Some((min, max, possessive)) = self.quantifier()? else {
                return Ok(node);
            };
            if quantified {
                if self.chars[at] != '{' {
                    return Err(Error::syntax(at, "a quantifier cannot follow a quantifier"));
                }
                // Java applies `{n,m}` after a quantifier to an empty atom: it changes nothing.
                self.features.stacked_quantifier = true;
                continue;
            }
            quantified = true;
            if node.is_zero_width() {
                self.features.quantified_assertion |= !matches!(node, Node::Empty);
                if min == 0 {
                    node = Node::Empty;
                }
                continue;
            }
            if max.is_some_and(|max| max < min) {
                return Err(Error::syntax(
                    atom_start,
                    format!(
                        "the repetition `{{{min},{}}}` has its bounds out of order",
                        max.unwrap_or(0)
                    ),
                ));
            }
            node = if possessive {
                self.possessive(node, min, max, at)?
            } else {
                Node::Repeat {
                    node: Box::new(node),
                    min,
                    max,
                }
            };
        }
    }

    /// Java's possessive `class{min,max}+`: as many characters of the class as there are (up to
    /// `max`), never fewer. That is `class{max}`, or fewer followed by no such character.
    fn possessive(
        &mut self,
        node: Node,
        min: u32,
        max: Option<u32>,
        at: usize,
    ) -> Result<Node, Error> {
        let Some(set) = node.as_single_class() else {
            return Err(Error::unsupported(
                at,
                "a possessive quantifier (`*+`, `++`, ...) on more than one character gives up \
                 matches an automaton cannot tell apart",
            ));
        };
        self.features.possessive = true;
        let class = Node::Class(set.clone());
        let repeat = |min, max| Node::Repeat {
            node: Box::new(class.clone()),
            min,
            max,
        };
        let no_more = Node::Look {
            node: Box::new(class.clone()),
            behind: false,
            negated: true,
        };
        Ok(match max {
            None => Node::Concat(vec![repeat(min, None), no_more]),
            Some(max) if max == min => repeat(min, Some(max)),
            Some(max) => Node::Alternation(vec![
                repeat(max, Some(max)),
                Node::Concat(vec![repeat(min, Some(max - 1)), no_more]),
            ]),
        })
    }

    /// `*`, `+`, `?` or `{n}`, `{n,}`, `{n,m}`, with a lazy `?` (same match set) or a
    /// possessive `+` (Java; the third value); `None`, and nothing consumed, when no quantifier
    /// follows (`{` without bounds is a literal).
    fn quantifier(&mut self) -> Result<Option<(u32, Option<u32>, bool)>, Error> {
        let (min, max) = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => match self.braced_bounds() {
                Some((bounds, len)) => {
                    self.pos += len - 1;
                    bounds
                }
                None => return Ok(None),
            },
            _ => return Ok(None),
        };
        self.pos += 1;
        let possessive = self.eat('+');
        if !possessive {
            self.eat('?');
        }
        Ok(Some((min, max, possessive)))
    }

    /// `{n}`, `{n,}` or `{n,m}` at the current position, with its length in characters.
    fn braced_bounds(&self) -> Option<((u32, Option<u32>), usize)> {
        let mut i = self.pos + 1;
        let number = |i: &mut usize| {
            let start = *i;
            let mut value: u32 = 0;
            while let Some(d) = self.chars.get(*i).and_then(|c| c.to_digit(10)) {
                value = value.saturating_mul(10).saturating_add(d);
                *i += 1;
            }
            (*i > start).then_some(value)
        };
        let min = number(&mut i)?;
        let max = if self.chars.get(i) == Some(&',') {
            i += 1;
            number(&mut i)
        } else {
            Some(min)
        };
        (self.chars.get(i) == Some(&'}')).then_some(((min, max), i + 1 - self.pos))
    }

    /// One atom; `None` for an inline flag group such as `(?i)`, which only sets flags.
    fn atom(&mut self) -> Result<Option<Node>, Error> {
        let start = self.pos;
        let c = self.next("an atom")?;
        Ok(Some(match c {
            '(' => return self.group(start),
            '[' => Node::Class(self.class()?),
            '.' => Node::Class(if self.flags.dot_all {
                CharSet::full()
            } else {
                properties::line_terminators().complement()
            }),
            '^' => {
                self.features.anchors = true;
                Node::Anchor(if self.flags.multiline {
                    Anchor::LineStart
                } else {
                    Anchor::Start
                })
            }
            '$' => {
                self.features.anchors = true;
                Node::Anchor(if self.flags.multiline {
                    Anchor::LineEnd
                } else {
                    Anchor::End
                })
            }
            '\\' => self.escape_atom(start)?,
            '*' | '+' | '?' => {
                return Err(Error::syntax(start, format!("`{c}` has nothing to repeat")));
            }
            '{' => {
                self.pos = start;
                if self.braced_bounds().is_some() {
                    return Err(Error::syntax(start, "`{` has nothing to repeat"));
                }
                self.pos = start + 1;
                self.literal(u32::from('{'))
            }
            c => self.literal(u32::from(c)),
        }))
    }

    /// A one-character class, case-folded under `(?i)`.
    fn literal(&self, c: u32) -> Node {
        Node::Class(self.folded(CharSet::single(c)))
    }

    fn folded(&self, set: CharSet) -> CharSet {
        if self.flags.ignore_case {
            set.ascii_case_folded()
        } else {
            set
        }
    }

    /// After `(`: a group, a look-around, or inline flags.
    fn group(&mut self, start: usize) -> Result<Option<Node>, Error> {
        let saved = self.flags;
        let node =
            if self.eat('?') {
                match self.next("a group")? {
                    ':' => self.group_body(start)?,
                    '=' | '!' => {
                        let negated = self.chars[self.pos - 1] == '!';
                        self.features.lookahead = true;
                        let node = self.group_body(start)?;
                        Node::Look {
                            node: Box::new(node),
                            behind: false,
                            negated,
                        }
                    }
                    '<' if matches!(self.peek(), Some('=' | '!')) => {
                        let negated = self.next("a group")? == '!';
                        self.features.lookbehind = true;
                        let node = self.group_body(start)?;
                        Node::Look {
                            node: Box::new(node),
                            behind: true,
                            negated,
                        }
                    }
                    '<' => {
                        while self.next("a group name")? != '>' {}
                        self.capture(start)?
                    }
                    '>' => return Err(Error::unsupported(
                        start,
                        "atomic groups `(?>...)` give up matches an automaton cannot tell apart",
                    )),
                    _ => {
                        self.pos -= 1;
                        return self.flag_group(start, saved);
                    }
                }
            } else {
                self.capture(start)?
            };
        self.flags = saved;
        Ok(Some(node))
    }

    fn capture(&mut self, start: usize) -> Result<Node, Error> {
        let index = self.next_group;
        self.next_group += 1;
        let node = self.group_body(start)?;
        Ok(Node::Capture {
            index,
            node: Box::new(node),
        })
    }

    /// The alternation of a group up to its `)`, which is consumed.
    fn group_body(&mut self, start: usize) -> Result<Node, Error> {
        let node = self.alternation()?;
        if !self.eat(')') {
            return Err(Error::syntax(start, "unclosed group: a `(` has no `)`"));
        }
        Ok(node)
    }

    /// `(?flags)` (flags set for the rest of the enclosing group) or `(?flags:...)`.
    fn flag_group(&mut self, start: usize, saved: Flags) -> Result<Option<Node>, Error> {
        self.features.inline_flags = true;
        let mut on = true;
        loop {
            let at = self.pos;
            match self.next("a group")? {
                '-' if on => on = false,
                'i' => self.flags.ignore_case = on,
                's' => self.flags.dot_all = on,
                'm' => self.flags.multiline = on,
                ')' => return Ok(None),
                ':' => {
                    let node = self.group_body(start)?;
                    self.flags = saved;
                    return Ok(Some(node));
                }
                c @ ('x' | 'u' | 'U' | 'd') => {
                    return Err(Error::unsupported(
                        at,
                        format!("the inline flag `{c}` is not supported (`i`, `s` and `m` are)"),
                    ))
                }
                c => {
                    return Err(Error::syntax(
                        at,
                        format!("`(?{c}` is not a group, a look-around or a flag"),
                    ))
                }
            }
        }
    }

    /// After `\` outside a class.
    fn escape_atom(&mut self, start: usize) -> Result<Node, Error> {
        let c = self.next("an escape")?;
        let anchor = |parser: &mut Parser, anchor| {
            parser.features.anchors = true;
            parser.features.java_syntax = true;
            Ok(Node::Anchor(anchor))
        };
        match c {
            'b' | 'B' => {
                self.features.word_boundary = true;
                Ok(Node::Anchor(if c == 'b' {
                    Anchor::WordBoundary
                } else {
                    Anchor::NotWordBoundary
                }))
            }
            'A' => anchor(self, Anchor::Start),
            'z' => anchor(self, Anchor::End),
            '1'..='9' => self.backreference_or_octal(c),
            'Q' => {
                self.features.java_syntax = true;
                let mut items = Vec::new();
                while self.pos < self.chars.len() {
                    if self.peek() == Some('\\') && self.peek_at(1) == Some('E') {
                        self.pos += 2;
                        break;
                    }
                    let c = self.next("`\\Q`")?;
                    items.push(self.literal(u32::from(c)));
                }
                Ok(Node::Concat(items))
            }
            'k' | 'Z' | 'G' | 'R' | 'X' | 'N' => Err(Error::unsupported(
                start,
                format!("the escape `\\{c}` is not supported"),
            )),
            _ => {
                self.pos -= 1;
                match self.class_escape(start)? {
                    ClassAtom::Char(c) => Ok(self.literal(c)),
                    ClassAtom::Set(set) => Ok(Node::Class(self.folded(set))),
                }
            }
        }
    }

    /// `\N` after its first digit: a backreference when group `N` exists (Java reads as many
    /// digits as still name a group), else an octal escape or the digit itself (Annex B).
    fn backreference_or_octal(&mut self, first: char) -> Result<Node, Error> {
        let mut n = first.to_digit(10).unwrap_or(0);
        if n <= self.groups {
            while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
                if n * 10 + d > self.groups {
                    break;
                }
                n = n * 10 + d;
                self.pos += 1;
            }
            self.features.backreference = true;
            return Ok(Node::BackReference(n));
        }
        let value = if first <= '7' {
            self.octal(n)
        } else {
            u32::from(first)
        };
        Ok(self.literal(value))
    }

    /// Up to two more octal digits after a first one worth `first`, at most `\377`.
    fn octal(&mut self, first: u32) -> u32 {
        let mut value = first;
        for _ in 0..2 {
            match self.peek().and_then(|c| c.to_digit(8)) {
                Some(d) if value * 8 + d <= 0o377 => {
                    value = value * 8 + d;
                    self.pos += 1;
                }
                _ => break,
            }
        }
        value
    }

    /// An escape that stands for one character or a set (after `\`, which `start` points at;
    /// the current position is the escaped letter).
    fn class_escape(&mut self, start: usize) -> Result<ClassAtom, Error> {
        let c = self.next("an escape")?;
        let set = |set: CharSet| Ok(ClassAtom::Set(set));
        let java = |parser: &mut Parser| parser.features.java_syntax = true;
        match c {
            'd' => set(properties::digit()),
            'D' => set(properties::digit().complement()),
            'w' => set(properties::word()),
            'W' => set(properties::word().complement()),
            's' => set(properties::space()),
            'S' => set(properties::space().complement()),
            'h' | 'H' => {
                java(self);
                let h = properties::horizontal_space();
                set(if c == 'h' { h } else { h.complement() })
            }
            'V' => {
                java(self);
                set(properties::vertical_space().complement())
            }
            'p' | 'P' => {
                let property = self.property(start)?;
                set(if c == 'p' {
                    property
                } else {
                    property.complement()
                })
            }
            'n' => Ok(ClassAtom::Char(0x0A)),
            'r' => Ok(ClassAtom::Char(0x0D)),
            't' => Ok(ClassAtom::Char(0x09)),
            'f' => Ok(ClassAtom::Char(0x0C)),
            'v' => Ok(ClassAtom::Char(0x0B)),
            'e' => {
                java(self);
                Ok(ClassAtom::Char(0x1B))
            }
            'a' => {
                java(self);
                Ok(ClassAtom::Char(0x07))
            }
            '0' => {
                let value = self.octal(0);
                if value != 0 {
                    java(self);
                }
                Ok(ClassAtom::Char(value))
            }
            'c' => match self.next("`\\c`")? {
                l if l.is_ascii_alphabetic() => Ok(ClassAtom::Char(u32::from(l) % 32)),
                _ => Err(Error::syntax(start, "`\\c` must be followed by a letter")),
            },
            'x' => self.hex_escape(start).map(ClassAtom::Char),
            'u' => self.unicode_escape(start).map(ClassAtom::Char),
            c if !c.is_alphanumeric() => Ok(ClassAtom::Char(u32::from(c))),
            c => Err(Error::syntax(start, format!("unknown escape `\\{c}`"))),
        }
    }

    /// After `\x`: `HH` (ECMA-262) or `{H...}` (Java).
    fn hex_escape(&mut self, start: usize) -> Result<u32, Error> {
        if self.eat('{') {
            self.features.java_syntax = true;
            return self.braced_hex(start);
        }
        self.hex_digits(2)
            .ok_or_else(|| Error::syntax(start, "`\\x` must be followed by two hex digits"))
    }

    /// After `\u`: `{H...}`, or `HHHH`, where a high surrogate followed by `\u` and a low
    /// surrogate is the one code point the UTF-16 pair encodes (as Java and ECMA-262's Unicode
    /// mode read it).
    fn unicode_escape(&mut self, start: usize) -> Result<u32, Error> {
        if self.eat('{') {
            return self.braced_hex(start);
        }
        let bad = || Error::syntax(start, "`\\u` must be followed by four hex digits");
        let unit = self.hex_digits(4).ok_or_else(bad)?;
        if (0xD800..0xDC00).contains(&unit)
            && self.peek() == Some('\\')
            && self.peek_at(1) == Some('u')
        {
            let save = self.pos;
            self.pos += 2;
            match self.hex_digits(4) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    self.features.surrogate_pairs = true;
                    return Ok(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
                }
                _ => self.pos = save,
            }
        }
        Ok(unit)
    }

    /// Hex digits up to `}` (consumed), at most U+10FFFF.
    fn braced_hex(&mut self, start: usize) -> Result<u32, Error> {
        let mut value: u32 = 0;
        let mut digits = 0;
        while let Some(d) = self.peek().and_then(|c| c.to_digit(16)) {
            value = value.saturating_mul(16).saturating_add(d);
            digits += 1;
            self.pos += 1;
        }
        if digits == 0 || !self.eat('}') || value > crate::charset::MAX_CODE_POINT {
            return Err(Error::syntax(
                start,
                "a braced escape must be hex digits up to `}`, at most 10FFFF",
            ));
        }
        Ok(value)
    }

    /// Exactly `n` hex digits, consumed only when all are there.
    fn hex_digits(&mut self, n: usize) -> Option<u32> {
        let digits = self.chars.get(self.pos..self.pos + n)?;
        let mut value = 0;
        for c in digits {
            value = value * 16 + c.to_digit(16)?;
        }
        self.pos += n;
        Some(value)
    }

    /// After `\p` or `\P`: `{name}` (or Java's one-letter form, `\pL`).
    fn property(&mut self, start: usize) -> Result<CharSet, Error> {
        let name: String = if self.eat('{') {
            let mut name = String::new();
            loop {
                match self.next("`\\p{...}`")? {
                    '}' => break name,
                    c => name.push(c),
                }
            }
        } else {
            self.next("`\\p`")?.to_string()
        };
        let (set, source) =
            properties::property(&name).map_err(|message| Error::unsupported(start, message))?;
        match source {
            Source::JavaPosix => self.features.java_posix_classes = true,
            Source::Unicode => self.features.unicode_properties = true,
        }
        Ok(set)
    }

    /// After `[`: the class up to its `]`, negated, nested (Java) and intersected (Java `&&`).
    fn class(&mut self) -> Result<CharSet, Error> {
        let start = self.pos - 1;
        let negated = self.eat('^');
        let set = self.class_items(start)?;
        let set = self.folded(set);
        Ok(if negated { set.complement() } else { set })
    }

    /// The items of a class up to and including its `]`.
    fn class_items(&mut self, start: usize) -> Result<CharSet, Error> {
        let mut set = CharSet::empty();
        loop {
            let unclosed = || Error::syntax(start, "unclosed character class: a `[` has no `]`");
            let c = self.peek().ok_or_else(unclosed)?;
            match c {
                ']' => {
                    self.pos += 1;
                    return Ok(set);
                }
                '[' => {
                    self.features.java_syntax = true;
                    self.pos += 1;
                    let inner = self.class()?;
                    set.add(&inner);
                    continue;
                }
                '&' if self.peek_at(1) == Some('&') => {
                    self.features.java_syntax = true;
                    self.pos += 2;
                    let rest = self.class_items(start)?;
                    return Ok(set.intersection(&rest));
                }
                _ => {}
            }
            let item_start = self.pos;
            let item = self.class_atom()?;
            let is_range = self.peek() == Some('-') && !matches!(self.peek_at(1), Some(']') | None);
            match item {
                ClassAtom::Char(lo) if is_range => {
                    self.pos += 1;
                    match self.class_atom()? {
                        ClassAtom::Char(hi) if hi < lo => {
                            return Err(Error::syntax(
                                item_start,
                                "the range of a character class has its bounds out of order",
                            ))
                        }
                        ClassAtom::Char(hi) => set.add(&CharSet::range(lo, hi)),
                        ClassAtom::Set(other) => {
                            // `[a-\d]`: Annex B and Java read a literal `-`.
                            self.features.class_escape_range_bound = true;
                            set.add(&CharSet::from_ranges([(lo, lo), (0x2D, 0x2D)]));
                            set.add(&other);
                        }
                    }
                }
                ClassAtom::Char(c) => set.add(&CharSet::single(c)),
                ClassAtom::Set(other) => {
                    // `[\w-_]`: the `-` after a class escape is a literal (Annex B, Java).
                    if is_range {
                        self.features.class_escape_range_bound = true;
                    }
                    set.add(&other);
                }
            }
        }
    }

    /// One character or escape inside a class.
    fn class_atom(&mut self) -> Result<ClassAtom, Error> {
        let start = self.pos;
        let c = self.next("a character class")?;
        if c != '\\' {
            return Ok(ClassAtom::Char(u32::from(c)));
        }
        match self.peek() {
            // Inside a class `\b` is a backspace.
            Some('b') => {
                self.pos += 1;
                Ok(ClassAtom::Char(0x08))
            }
            Some(d @ '1'..='9') => {
                self.pos += 1;
                let value = d.to_digit(8).map_or(u32::from(d), |n| self.octal(n));
                Ok(ClassAtom::Char(value))
            }
            Some('Q') => Err(Error::unsupported(start, "`\\Q...\\E` inside a class")),
            _ => self.class_escape(start),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(pattern: &str) -> CharSet {
        match parse(pattern).unwrap().node {
            Node::Class(set) => set,
            other => panic!("{pattern}: {other:?}"),
        }
    }

    fn error(pattern: &str) -> Error {
        parse(pattern).unwrap_err()
    }

    #[test]
    fn surrogate_pairs_are_code_points() {
        let set = class(r"[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF]");
        assert!(set.contains(0x1F600) && set.contains(0x10000) && set.contains(0x10FFFF));
        assert!(set.contains(0x20) && !set.contains(0x1F));
        // A high surrogate followed by another high one is two lone units: no astral range.
        let set = class(r"[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDBFF-\uDC00\uDFFF]");
        assert!(!set.contains(0x1F600));
        assert!(parse(r"\uD83D\uDE00").unwrap().features.surrogate_pairs);
        assert_eq!(class(r"\uD83D\uDE00"), CharSet::single(0x1F600));
    }

    #[test]
    fn java_syntax() {
        assert!(!class(r"[\p{Print}&&[^|:/]]").contains('|'.into()));
        assert!(class(r"[\p{Print}&&[^|:/]]").contains('a'.into()));
        assert_eq!(class(r"\x{0022}"), CharSet::single(0x22));
        assert_eq!(class(r"[\000-\037]"), CharSet::range(0, 31));
        assert_eq!(class(r"[\w-_]"), class(r"[\w_-]"));
        assert!(parse(r"[\w-_]").unwrap().features.class_escape_range_bound);
        assert_eq!(
            parse(r"\Aa\z").unwrap().node,
            Node::Concat(vec![
                Node::Anchor(Anchor::Start),
                Node::Class(CharSet::single('a'.into())),
                Node::Anchor(Anchor::End)
            ])
        );
        // `x{11}{0,1011}` is `x{11}` in Java; `${1,4096}` is `$`.
        let stacked = parse("x{11}{0,1011}").unwrap();
        assert!(stacked.features.stacked_quantifier);
        assert_eq!(stacked.node, parse("x{11}").unwrap().node);
        assert_eq!(parse("a${1,4096}").unwrap().node, parse("a$").unwrap().node);
        assert_eq!(parse("a(?!b)*c").unwrap().node, parse("ac").unwrap().node);
    }

    #[test]
    fn inline_flags_are_scoped_to_their_group() {
        let (Node::Concat(items), _) = (parse("(?i)ab(?-i)c").unwrap().node, ()) else {
            panic!()
        };
        assert_eq!(
            items[0],
            Node::Class(CharSet::from_ranges([(65, 65), (97, 97)]))
        );
        assert_eq!(items[2], Node::Class(CharSet::single('c'.into())));
        let Node::Concat(items) = parse("(a(?i)b)c").unwrap().node else {
            panic!()
        };
        assert_eq!(items[1], Node::Class(CharSet::single('c'.into())));
        assert!(!class("(?i:[^a])").contains('A'.into()));
        assert_eq!(class("(?s:.)"), CharSet::full());
        assert!(!class(".").contains('\n'.into()) && class(".").contains(0x85));
    }

    #[test]
    fn literals_braces_and_escapes() {
        assert_eq!(class("{"), CharSet::single('{'.into()));
        assert_eq!(class("}"), CharSet::single('}'.into()));
        assert!(parse("a{,3}").is_ok());
        assert_eq!(class(r"[\b]"), CharSet::single(8));
        assert_eq!(class(r"\cJ"), CharSet::single(10));
        assert_eq!(class(r"[]"), CharSet::empty());
        assert_eq!(class(r"[^]"), CharSet::full());
        assert_eq!(class(r"\u{1F600}"), CharSet::single(0x1F600));
        assert!(matches!(parse(r"(a)\1").unwrap().node, Node::Concat(_)));
        // No group 1: an octal escape.
        assert_eq!(class(r"\1"), CharSet::single(1));
    }

    #[test]
    fn syntax_errors_name_the_problem() {
        let cases = [
            ("[a-z", "unclosed character class"),
            ("(ab", "unclosed group"),
            ("ab)", "unmatched `)`"),
            ("*a", "nothing to repeat"),
            ("a**", "cannot follow a quantifier"),
            ("a{3,1}", "out of order"),
            ("[z-a]", "out of order"),
            (r"\q", "unknown escape"),
            (r"\x4", "two hex digits"),
            (r"\u12", "four hex digits"),
            (r"\u{110000}", "at most 10FFFF"),
            ("(?q)", "is not a group"),
            ("\\", "ends inside an escape"),
        ];
        for (pattern, message) in cases {
            let e = error(pattern);
            assert_eq!(e.kind(), crate::ErrorKind::Syntax, "{pattern}");
            assert!(e.message().contains(message), "{pattern}: {e}");
        }
    }

    #[test]
    fn unsupported_constructs_are_not_syntax_errors() {
        for pattern in [r"(ab)*+", "(?>a)", r"\p{IsLatin}", r"\Z", "(?x)a", r"\k<n>"] {
            assert_eq!(
                error(pattern).kind(),
                crate::ErrorKind::Unsupported,
                "{pattern}"
            );
        }
        let deep = format!("{}a{}", "(".repeat(300), ")".repeat(300));
        assert_eq!(error(&deep).kind(), crate::ErrorKind::Unsupported);
    }
}
