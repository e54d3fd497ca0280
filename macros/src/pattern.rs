//! Compiles `pattern` constraints into the static NFAs that `aws_op_runtime::pattern` simulates.
//!
//! A Smithy pattern `P` is a full match, `^(?:P)$`, over Unicode scalar values. `P` is parsed
//! with `regex-syntax` (Unicode and UTF-8 mode, so its syntax is exactly the `regex` crate's) and
//! the HIR is turned into a Thompson NFA: the anchors are added around `P` structurally, so `P`
//! cannot close the group and escape them. The automaton is built back to front: each
//! sub-expression is compiled knowing the state that follows it, which needs no patch lists.
//!
//! Rejected, with a message at the literal: invalid syntax, multi-line anchors (`(?m)^`,
//! `(?m)$`, also with `R`), word boundaries, byte classes that match non-ASCII bytes, and patterns
//! whose bounded repetitions expand past [`MAX_STATES`] states.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use regex_syntax::hir::{Class, Hir, HirKind, Look};
use std::collections::HashMap;

/// The most states a compiled pattern may have (bounded repetitions are expanded by copying).
pub const MAX_STATES: usize = 20_000;

/// One NFA state; mirrors `aws_op_runtime::pattern::State`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// Consume one character in `ranges[start..start + len]`, then go to `next`.
    Ranges {
        /// Index of the first range.
        start: u32,
        /// Number of ranges.
        len: u32,
        /// The state after the character.
        next: u32,
    },
    /// Epsilon to both.
    Split(u32, u32),
    /// Epsilon at the start of the text only.
    AssertStart(u32),
    /// Epsilon at the end of the text only.
    AssertEnd(u32),
    /// Accept at the end of the text.
    Match,
}

/// A compiled pattern: the NFA of `^(?:P)$`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Nfa {
    /// The states; indices are `u32`.
    pub states: Vec<State>,
    /// Sorted, disjoint inclusive code point ranges referenced by [`State::Ranges`].
    pub ranges: Vec<(u32, u32)>,
    /// The initial state.
    pub start: u32,
}

/// Compiles pattern `P` into the NFA of `^(?:P)$`, or explains (in a message ready for a
/// compile error at the literal) why it cannot be used.
pub fn compile(pattern: &str) -> Result<Nfa, String> {
    let hir = regex_syntax::ParserBuilder::new()
        .unicode(true)
        .utf8(true)
        .build()
        .parse(pattern)
        .map_err(|e| {
            format!(
                "invalid regular expression in `pattern`: {}",
                error_summary(&e)
            )
        })?;
    let mut b = Builder::default();
    let accept = b.push(State::Match)?;
    let end = b.push(State::AssertEnd(accept))?;
    let body = b.hir(&hir, end)?;
    let start = b.push(State::AssertStart(body))?;
    Ok(Nfa {
        states: b.states,
        ranges: b.ranges,
        start,
    })
}

/// The last line of a `regex-syntax` error, which says what is wrong (the lines before it repeat
/// the pattern with a caret diagram).
fn error_summary(e: &dyn std::fmt::Display) -> String {
    let text = e.to_string();
    text.lines()
        .rev()
        .find(|l| l.starts_with("error:"))
        .map(|l| l.trim_start_matches("error:").trim().to_owned())
        .unwrap_or(text)
}

fn too_large() -> String {
    format!(
        "pattern too large: it expands to more than {MAX_STATES} automaton states \
         (bounded repetitions such as `{{1,1000}}` are expanded by copying)"
    )
}

#[derive(Default)]
struct Builder {
    states: Vec<State>,
    ranges: Vec<(u32, u32)>,
    /// Range lists already in `ranges`, so repeated classes share one slice.
    interned: HashMap<Vec<(u32, u32)>, u32>,
}

impl Builder {
    fn push(&mut self, state: State) -> Result<u32, String> {
        if self.states.len() >= MAX_STATES {
            return Err(too_large());
        }
        self.states.push(state);
        Ok((self.states.len() - 1) as u32)
    }

    /// A state consuming one character of `ranges` (sorted, disjoint), then going to `next`.
    fn class(&mut self, ranges: Vec<(u32, u32)>, next: u32) -> Result<u32, String> {
        let len = ranges.len() as u32;
        let start = match self.interned.get(&ranges) {
            Some(&start) => start,
            None => {
                let start = self.ranges.len() as u32;
                self.ranges.extend_from_slice(&ranges);
                self.interned.insert(ranges, start);
                start
            }
        };
        self.push(State::Ranges { start, len, next })
    }

    /// Compiles `hir` so that it continues with state `next`; returns its entry state (`next`
    /// itself when `hir` matches only the empty string without any assertion).
    fn hir(&mut self, hir: &Hir, next: u32) -> Result<u32, String> {
        match hir.kind() {
            HirKind::Empty => Ok(next),
            HirKind::Literal(lit) => {
                let text = std::str::from_utf8(&lit.0).map_err(|_| {
                    "unsupported in patterns: a literal that is not valid UTF-8".to_owned()
                })?;
                let mut entry = next;
                for c in text.chars().rev() {
                    entry = self.class(vec![(c as u32, c as u32)], entry)?;
                }
                Ok(entry)
            }
            HirKind::Class(Class::Unicode(class)) => {
                let ranges = class
                    .ranges()
                    .iter()
                    .map(|r| (r.start() as u32, r.end() as u32))
                    .collect();
                self.class(ranges, next)
            }
            HirKind::Class(Class::Bytes(class)) => {
                if !class.is_ascii() {
                    return Err(
                        "unsupported in patterns: a byte class that matches non-ASCII \
                                bytes (patterns match Unicode characters; remove `(?-u)`)"
                            .to_owned(),
                    );
                }
                let ranges = class
                    .ranges()
                    .iter()
                    .map(|r| (u32::from(r.start()), u32::from(r.end())))
                    .collect();
                self.class(ranges, next)
            }
            HirKind::Look(look) => match look {
                Look::Start => self.push(State::AssertStart(next)),
                Look::End => self.push(State::AssertEnd(next)),
                Look::StartLF | Look::EndLF | Look::StartCRLF | Look::EndCRLF => Err(
                    "unsupported in patterns: multi-line anchors (`^` or `$` under the `m` \
                     flag); use `^`/`$` (start/end of the whole value) or match `\\n` explicitly"
                        .to_owned(),
                ),
                _ => Err(
                    "unsupported in patterns: word boundary assertions (`\\b`, `\\B`, `\\<`, \
                     `\\>`, `\\b{start}`, ...)"
                        .to_owned(),
                ),
            },
            HirKind::Repetition(rep) => self.repetition(&rep.sub, rep.min, rep.max, next),
            HirKind::Capture(cap) => self.hir(&cap.sub, next),
            HirKind::Concat(subs) => {
                let mut entry = next;
                for sub in subs.iter().rev() {
                    entry = self.hir(sub, entry)?;
                }
                Ok(entry)
            }
            HirKind::Alternation(subs) => {
                let mut entries = Vec::with_capacity(subs.len());
                for sub in subs {
                    entries.push(self.hir(sub, next)?);
                }
                let mut iter = entries.into_iter().rev();
                let mut entry = iter.next().unwrap_or(next);
                for first in iter {
                    entry = self.push(State::Split(first, entry))?;
                }
                Ok(entry)
            }
        }
    }

    /// `sub{min,max}` followed by `next`: `min` copies of `sub`, then either a loop (`max` is
    /// `None`; the last mandatory copy loops on itself when there is one) or `max - min` nested
    /// optional copies (`(sub(sub)?)?`), each of which may skip straight to `next`.
    fn repetition(
        &mut self,
        sub: &Hir,
        min: u32,
        max: Option<u32>,
        next: u32,
    ) -> Result<u32, String> {
        let mut entry = next;
        let mut mandatory = min;
        match max {
            None => {
                // The loop's split, patched once the body (which returns to it) exists.
                let split = self.push(State::Split(next, next))?;
                let body = self.hir(sub, split)?;
                self.states[split as usize] = State::Split(body, next);
                if mandatory > 0 {
                    // `sub+`: enter through the body.
                    mandatory -= 1;
                    entry = body;
                } else {
                    entry = split;
                }
            }
            Some(max) => {
                for _ in min..max {
                    let before = self.states.len();
                    let body = self.hir(sub, entry)?;
                    if self.states.len() == before {
                        // `sub` is empty: its copies are all the empty string.
                        break;
                    }
                    entry = self.push(State::Split(body, next))?;
                }
            }
        }
        for _ in 0..mandatory {
            let before = self.states.len();
            entry = self.hir(sub, entry)?;
            if self.states.len() == before {
                break;
            }
        }
        Ok(entry)
    }
}

impl Nfa {
    /// The initializer of a `static ::aws_op::__private::Pattern` for this automaton, whose
    /// messages show `source` (the pattern as written, without the implied anchors).
    pub fn to_tokens(&self, source: &str) -> TokenStream {
        let num = Literal::u32_unsuffixed;
        let states = self.states.iter().map(|s| match *s {
            State::Ranges { start, len, next } => {
                let (start, len, next) = (num(start), num(len), num(next));
                quote!(__S::Ranges { start: #start, len: #len, next: #next })
            }
            State::Split(a, b) => {
                let (a, b) = (num(a), num(b));
                quote!(__S::Split(#a, #b))
            }
            State::AssertStart(a) => {
                let a = num(a);
                quote!(__S::AssertStart(#a))
            }
            State::AssertEnd(a) => {
                let a = num(a);
                quote!(__S::AssertEnd(#a))
            }
            State::Match => quote!(__S::Match),
        });
        let ranges = self.ranges.iter().map(|&(lo, hi)| {
            let (lo, hi) = (num(lo), num(hi));
            quote!((#lo, #hi))
        });
        let start = num(self.start);
        quote! {{
            use ::aws_op::__private::PatternState as __S;
            ::aws_op::__private::Pattern {
                source: #source,
                start: #start,
                states: &[#(#states),*],
                ranges: &[#(#ranges),*],
            }
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reference simulation of the compiled tables (the runtime's algorithm in its simplest
    /// form), so these tests check the construction on its own.
    fn full_match(nfa: &Nfa, text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        let closure = |set: Vec<u32>, pos: usize| {
            let mut seen = vec![false; nfa.states.len()];
            let mut stack = set;
            let mut out = Vec::new();
            while let Some(s) = stack.pop() {
                if std::mem::replace(&mut seen[s as usize], true) {
                    continue;
                }
                out.push(s);
                match nfa.states[s as usize] {
                    State::Split(a, b) => stack.extend([a, b]),
                    State::AssertStart(a) if pos == 0 => stack.push(a),
                    State::AssertEnd(a) if pos == chars.len() => stack.push(a),
                    _ => {}
                }
            }
            out
        };
        let mut set = closure(vec![nfa.start], 0);
        for (i, &c) in chars.iter().enumerate() {
            let mut next = Vec::new();
            for &s in &set {
                if let State::Ranges {
                    start,
                    len,
                    next: to,
                } = nfa.states[s as usize]
                {
                    let r = &nfa.ranges[start as usize..(start + len) as usize];
                    if r.iter().any(|&(lo, hi)| lo <= c as u32 && c as u32 <= hi) {
                        next.push(to);
                    }
                }
            }
            set = closure(next, i + 1);
        }
        set.iter().any(|&s| nfa.states[s as usize] == State::Match)
    }

    fn check(pattern: &str, yes: &[&str], no: &[&str]) {
        let nfa = compile(pattern).unwrap();
        for s in yes {
            assert!(full_match(&nfa, s), "{pattern:?} should match {s:?}");
        }
        for s in no {
            assert!(!full_match(&nfa, s), "{pattern:?} should not match {s:?}");
        }
    }

    #[test]
    fn constructs() {
        check("", &[""], &["a"]);
        check("abc", &["abc"], &["", "ab", "abcd"]);
        check("a|bc|", &["a", "bc", ""], &["b", "abc"]);
        check("[a-c]+", &["a", "cab"], &["", "d", "ab\n"]);
        check("a{2,4}", &["aa", "aaa", "aaaa"], &["a", "aaaaa"]);
        check("(ab){2,}", &["abab", "ababab"], &["ab", "aba"]);
        check("a{0,2}b*", &["", "aab", "bbb", "ab"], &["aaa", "ba"]);
        check("(?:)*a", &["a"], &["", "aa"]);
        check("(a*)*", &["", "aaa"], &["b"]);
        check(
            "(?i)straße",
            &["straße", "STRAẞE", "sTrAßE"],
            &["strasse", "STRASSE"],
        );
        check(".", &["é", "日"], &["\n", "", "ab"]);
        check("(?s).", &["\n"], &[""]);
        check(r"$|^(https):\/\/.*", &["", "https://x"], &["x", "http://"]);
        check(r"a$|^b", &["a", "b"], &["ab", ""]);
        check("x^", &[], &["x", ""]);
        check(r"\d+", &["123", "٣"], &["a", ""]);
        check("(?-u:[a-z])", &["q"], &["é"]);
        check("[^\\x00-\\x{10FFFF}]", &[], &["", "a"]);
        check(r"\Aa\z", &["a"], &["", "aa"]);
    }

    #[test]
    fn repeated_classes_share_their_ranges() {
        let nfa = compile("[a-z0-9]{1,100}").unwrap();
        assert_eq!(nfa.ranges, vec![(48, 57), (97, 122)]);
        assert!(nfa.states.len() < 210, "{}", nfa.states.len());
    }

    #[test]
    fn rejections_explain_themselves() {
        let err = |p: &str| compile(p).unwrap_err();
        assert_eq!(
            err("[a-z"),
            "invalid regular expression in `pattern`: unclosed character class"
        );
        // `P` cannot close the implied group and escape the anchors.
        assert!(err("a)|(b").starts_with("invalid regular expression"));
        assert!(err(r"\bword\b").contains("word boundary"), "{}", err(r"\b"));
        assert!(err("(?m)^a$").contains("multi-line anchors"));
        assert!(err("a{1000}{1000}").starts_with("pattern too large"));
        assert!(compile("(?:){4000000000}").is_ok());
    }

    #[test]
    fn tokens_are_a_static_initializer() {
        let tokens = compile("a").unwrap().to_tokens("a").to_string();
        assert!(tokens.contains("source : \"a\""), "{tokens}");
        assert!(
            tokens.contains("__S :: Ranges { start : 0 , len : 1 , next : 1 }"),
            "{tokens}"
        );
        assert!(tokens.contains("ranges : & [(97 , 97)]"), "{tokens}");
    }
}
