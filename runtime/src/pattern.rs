//! `pattern` constraints as static automata, matched in linear time.
//!
//! The `#[aws_operation]` and `#[aws_shape]` macros compile each Smithy `@pattern` `P` at
//! expansion time into a Thompson NFA for the full match `^(?:P)$` and emit it as a `static`
//! [`Pattern`]. At run time [`Pattern::is_full_match`] simulates that NFA over the value's Unicode
//! scalar values, keeping the set of live states per character (a Pike-style simulation without
//! captures): the time is `O(characters * states)` whatever the pattern and the input, and nothing
//! is compiled, cached or locked when a request is validated.
//!
//! The simulation trusts nothing in the tables: an index outside `states` or `ranges` makes that
//! path of the automaton dead (so a corrupt table can only fail to match), and epsilon cycles are
//! harmless.

use std::cmp::Ordering;

/// One NFA state. Indices refer to [`Pattern::states`] / [`Pattern::ranges`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Consume one character within any of `ranges[start..start + len]` (inclusive `(lo, hi)`
    /// code point pairs, sorted and disjoint), then go to `next`.
    Ranges {
        /// Index of the first range in [`Pattern::ranges`].
        start: u32,
        /// Number of ranges; zero matches no character.
        len: u32,
        /// The state reached after the character.
        next: u32,
    },
    /// Epsilon to both states.
    Split(u32, u32),
    /// Epsilon, only at the start of the text (`^`, `\A`).
    AssertStart(u32),
    /// Epsilon, only at the end of the text (`$`, `\z`).
    AssertEnd(u32),
    /// Accept; it only counts at the end of the text (full match).
    Match,
}

/// A compiled `pattern` constraint: the NFA of `^(?:source)$`.
///
/// Values are normally emitted by the macros as `static` items; building one by hand is possible
/// (all fields are public) but the tables must then describe the intended automaton.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pattern {
    /// The pattern as written in the model (without the implied `^(?:` and `)$`), for messages.
    pub source: &'static str,
    /// Index of the initial state in `states`.
    pub start: u32,
    /// The automaton's states.
    pub states: &'static [State],
    /// The character ranges the [`State::Ranges`] states refer to.
    pub ranges: &'static [(u32, u32)],
}

impl Pattern {
    /// Whether the whole of `text` matches, i.e. whether `^(?:source)$` matches `text`.
    ///
    /// Runs in `O(text.chars().count() * states.len())` time with three buffers of
    /// `states.len()` entries allocated per call, without recursion. Never panics: out-of-range
    /// indices in the tables only make paths dead.
    pub fn is_full_match(&self, text: &str) -> bool {
        // The three work buffers are reused per thread: validation runs on every call.
        thread_local! {
            static BUFFERS: std::cell::Cell<Buffers> = const { std::cell::Cell::new((Vec::new(), Vec::new(), Vec::new())) };
        }
        let (seen, current, next) = BUFFERS.with(|b| b.take());
        let (matched, buffers) = self.run(text, seen, current, next);
        BUFFERS.with(|b| b.set(buffers));
        matched
    }

    fn run(
        &self,
        text: &str,
        mut seen: Vec<usize>,
        mut current: Vec<u32>,
        mut next: Vec<u32>,
    ) -> (bool, Buffers) {
        let n = self.states.len();
        if self.start as usize >= n {
            return (false, (seen, current, next));
        }
        // Generation stamps: `seen[s] == generation` when `s` is already in the current list.
        seen.clear();
        seen.resize(n, 0);
        current.clear();
        next.clear();
        let mut sim = Sim {
            states: self.states,
            seen,
            generation: 1,
        };
        // Each list holds every state reached at one position (epsilon states included); it is
        // also the work list of the epsilon closure, so no separate stack is needed.
        let mut chars = text.chars();
        let mut ahead = chars.next();
        sim.closure(self.start, &mut current, true, ahead.is_none());
        while let Some(c) = ahead {
            if current.is_empty() {
                return (false, (sim.seen, current, next));
            }
            ahead = chars.next();
            let at_end = ahead.is_none();
            sim.generation += 1;
            next.clear();
            for &s in &current {
                if let Some(&State::Ranges {
                    start,
                    len,
                    next: to,
                }) = self.states.get(s as usize)
                {
                    if self.class_contains(start, len, c) {
                        sim.closure(to, &mut next, false, at_end);
                    }
                }
            }
            std::mem::swap(&mut current, &mut next);
        }
        let matched = current
            .iter()
            .any(|&s| matches!(self.states.get(s as usize), Some(State::Match)));
        (matched, (sim.seen, current, next))
    }

    /// Whether `c` is in `ranges[start..start + len]` (false when that slice is out of bounds).
    fn class_contains(&self, start: u32, len: u32, c: char) -> bool {
        let start = start as usize;
        let Some(end) = start.checked_add(len as usize) else {
            return false;
        };
        let Some(ranges) = self.ranges.get(start..end) else {
            return false;
        };
        let c = u32::from(c);
        ranges
            .binary_search_by(|&(lo, hi)| {
                if hi < c {
                    Ordering::Less
                } else if lo > c {
                    Ordering::Greater
                } else {
                    Ordering::Equal
                }
            })
            .is_ok()
    }
}

/// The state shared by the epsilon closures of one simulation.
/// The reusable work buffers of a match: generation stamps and the two state lists.
type Buffers = (Vec<usize>, Vec<u32>, Vec<u32>);

struct Sim<'a> {
    states: &'a [State],
    seen: Vec<usize>,
    generation: usize,
}

impl Sim<'_> {
    /// Adds `from` and every state reachable from it by epsilon moves to `list`, skipping states
    /// already added in this generation. `at_start`/`at_end` tell whether the position is the
    /// start/end of the text, for the assertions.
    fn closure(&mut self, from: u32, list: &mut Vec<u32>, at_start: bool, at_end: bool) {
        let mut i = list.len();
        self.add(from, list);
        while let Some(&s) = list.get(i) {
            i += 1;
            match self.states.get(s as usize) {
                Some(&State::Split(a, b)) => {
                    self.add(a, list);
                    self.add(b, list);
                }
                Some(&State::AssertStart(a)) if at_start => self.add(a, list),
                Some(&State::AssertEnd(a)) if at_end => self.add(a, list),
                _ => {}
            }
        }
    }

    /// Adds `s` to `list` unless it is out of range or already there.
    fn add(&mut self, s: u32, list: &mut Vec<u32>) {
        if let Some(stamp) = self.seen.get_mut(s as usize) {
            if *stamp != self.generation {
                *stamp = self.generation;
                list.push(s);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use State::*;

    /// `^(?:)$`: only the empty string.
    static EMPTY: Pattern = Pattern {
        source: "",
        start: 2,
        states: &[Match, AssertEnd(0), AssertStart(1)],
        ranges: &[],
    };

    /// `^(?:ab|c)$`.
    static ALTERNATION: Pattern = Pattern {
        source: "ab|c",
        start: 5,
        states: &[
            Match,
            AssertEnd(0),
            Ranges {
                start: 0,
                len: 1,
                next: 1,
            },
            Ranges {
                start: 1,
                len: 1,
                next: 2,
            },
            Split(3, 6),
            AssertStart(4),
            Ranges {
                start: 2,
                len: 1,
                next: 1,
            },
        ],
        ranges: &[(98, 98), (97, 97), (99, 99)],
    };

    /// `^(?:[a-z]+)$`.
    static LOWER: Pattern = Pattern {
        source: "[a-z]+",
        start: 4,
        states: &[
            Match,
            AssertEnd(0),
            Ranges {
                start: 0,
                len: 1,
                next: 3,
            },
            Split(2, 1),
            AssertStart(2),
        ],
        ranges: &[(97, 122)],
    };

    /// `^(?:$|^(https):\/\/.*)$`, the botocore form of `^$|^(https):\/\/.*$`.
    fn url_or_empty() -> Pattern {
        let mut states = vec![Match, AssertEnd(0)];
        let mut ranges: Vec<(u32, u32)> = vec![(0, 9), (11, 0x10FFFF)];
        // `.*` then the end.
        let dot_loop = states.len() as u32;
        states.push(Split(dot_loop + 1, 1));
        states.push(Ranges {
            start: 0,
            len: 2,
            next: dot_loop,
        });
        // `https://` backwards, each literal character pointing at what follows it.
        let mut next = dot_loop;
        for c in "https://".chars().rev() {
            ranges.push((c as u32, c as u32));
            states.push(Ranges {
                start: ranges.len() as u32 - 1,
                len: 1,
                next,
            });
            next = states.len() as u32 - 1;
        }
        states.push(AssertStart(next));
        let url = states.len() as u32 - 1;
        states.push(AssertEnd(1));
        let empty = states.len() as u32 - 1;
        states.push(Split(empty, url));
        states.push(AssertStart(states.len() as u32 - 1));
        Pattern {
            source: r"$|^(https):\/\/.*",
            start: states.len() as u32 - 1,
            states: Vec::leak(states),
            ranges: Vec::leak(ranges),
        }
    }

    #[test]
    fn the_empty_pattern_matches_only_the_empty_string() {
        assert!(EMPTY.is_full_match(""));
        assert!(!EMPTY.is_full_match("a"));
        assert!(!EMPTY.is_full_match("\n"));
    }

    #[test]
    fn literals_and_alternations_match_fully() {
        assert!(ALTERNATION.is_full_match("ab"));
        assert!(ALTERNATION.is_full_match("c"));
        for s in ["", "a", "b", "abc", "cc", "abab", "xab", "ab\n", "é"] {
            assert!(!ALTERNATION.is_full_match(s), "{s:?}");
        }
    }

    #[test]
    fn loops_consume_whole_input() {
        assert!(LOWER.is_full_match("abc"));
        assert!(LOWER.is_full_match(&"z".repeat(100_000)));
        for s in ["", "abc def", "ABC", "abc\n", "ab1", "é"] {
            assert!(!LOWER.is_full_match(s), "{s:?}");
        }
    }

    #[test]
    fn anchors_inside_the_pattern() {
        let p = url_or_empty();
        assert!(p.is_full_match(""));
        assert!(p.is_full_match("https://"));
        assert!(p.is_full_match("https://example.com/a b é"));
        for s in ["http://x", " https://x", "https://x\n", "x", "https:/"] {
            assert!(!p.is_full_match(s), "{s:?}");
        }
    }

    #[test]
    fn corrupt_tables_do_not_match_or_panic() {
        let bad_start = Pattern { start: 99, ..LOWER };
        assert!(!bad_start.is_full_match(""));
        assert!(!bad_start.is_full_match("abc"));

        let no_states = Pattern {
            source: "",
            start: 0,
            states: &[],
            ranges: &[],
        };
        assert!(!no_states.is_full_match(""));

        // Dangling targets, ranges out of bounds or overflowing, and an epsilon cycle.
        let corrupt = Pattern {
            source: "?",
            start: 0,
            states: &[
                Split(1, 2),
                Split(0, 7),
                Split(3, 4),
                Ranges {
                    start: 5,
                    len: 1,
                    next: 0,
                },
                Ranges {
                    start: u32::MAX,
                    len: u32::MAX,
                    next: 5,
                },
                AssertEnd(u32::MAX),
            ],
            ranges: &[(0, 0x10FFFF)],
        };
        for s in ["", "a", "ab", "日本"] {
            assert!(!corrupt.is_full_match(s), "{s:?}");
        }

        // Unsorted ranges give some answer, never a panic.
        let unsorted = Pattern {
            ranges: &[(200, 100), (50, 10)],
            ..LOWER
        };
        let _ = unsorted.is_full_match("abc");
    }

    #[test]
    fn epsilon_cycles_terminate() {
        // `(?:)*` around `a`: Split(self, ...) loops.
        let p = Pattern {
            source: "(?:)*a",
            start: 3,
            states: &[
                Match,
                Ranges {
                    start: 0,
                    len: 1,
                    next: 0,
                },
                Split(2, 1),
                Split(2, 2),
            ],
            ranges: &[(97, 97)],
        };
        assert!(p.is_full_match("a"));
        assert!(!p.is_full_match("aa"));
        assert!(!p.is_full_match(""));
    }
}
