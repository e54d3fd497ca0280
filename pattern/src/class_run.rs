//! The commonest shape of model pattern, matched by one scan instead of the simulation: one
//! character class repeated, optionally anchored at either end (`^[a-zA-Z0-9_.-]{1,64}$`,
//! `[A-Za-z0-9-_]+`, `^[0-9]*$`, `[a-z]{2,5}`). Such a pattern matches where a run of
//! characters of the class is long enough, so only run lengths need counting.

use crate::program::{Assertion, Program, State};

/// A program that is one class repeated `min..=max` times, with optional `^` and `$`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClassRun {
    /// The class: `ranges[start..start + len]`.
    start: u32,
    len: u32,
    min: u32,
    max: u32,
    at_start: bool,
    at_end: bool,
}

impl ClassRun {
    /// Recognises the shape in the states the compiler emits for it; `None` for any other
    /// program (look-arounds, counters, more than one class, other assertions).
    pub fn of(program: &Program<'_>) -> Option<ClassRun> {
        let [automaton] = program.automata else {
            return None;
        };
        if automaton.backward || !program.counters.is_empty() {
            return None;
        }
        let state = |s: u32| program.states.get(s as usize).copied();
        let mut s = automaton.start;
        let at_start = matches!(
            state(s)?,
            State::Assert {
                assertion: Assertion::Start,
                ..
            }
        );
        if let State::Assert { next, .. } = state(s)? {
            if !at_start {
                return None;
            }
            s = next;
        }
        let (start, len, min, max, after) = match state(s)? {
            State::Repeat {
                start,
                len,
                min,
                max,
                next,
            } => (start, len, min, max, next),
            // `c+` (a character, then a split back to it or on), or `c` alone.
            State::Char { start, len, next } => match loop_exit(state(next)?, s) {
                Some(after) => (start, len, 1, u32::MAX, after),
                None => (start, len, 1, 1, next),
            },
            // `c*`: a split into the character (which returns to the split) or on.
            State::Split(a, b) => {
                let (char_state, after) = if state(a).is_some_and(is_char) {
                    (a, b)
                } else {
                    (b, a)
                };
                let State::Char { start, len, next } = state(char_state)? else {
                    return None;
                };
                if next != s {
                    return None;
                }
                (start, len, 0, u32::MAX, after)
            }
            _ => return None,
        };
        let (at_end, last) = match state(after)? {
            State::Assert {
                assertion: Assertion::End,
                next,
            } => (true, next),
            _ => (false, after),
        };
        if state(last)? != State::Match || min > max {
            return None;
        }
        Some(ClassRun {
            start,
            len,
            min,
            max,
            at_start,
            at_end,
        })
    }

    /// Whether some part of `text` matches: some run of class characters (the first one with
    /// `^`, the last with `$`, the whole text with both) is at least `min` long, and with both
    /// anchors at most `max`.
    pub fn is_match(&self, program: &Program<'_>, text: &str) -> bool {
        let Some(class) = (self.start as usize)
            .checked_add(self.len as usize)
            .and_then(|end| program.ranges.get(self.start as usize..end))
        else {
            return false;
        };
        let contains = |c: char| {
            let c = u32::from(c);
            let i = class.partition_point(|&(_, hi)| hi < c);
            class.get(i).is_some_and(|&(lo, _)| lo <= c)
        };
        let min = self.min as usize;
        if self.at_start && self.at_end {
            let mut n = 0usize;
            for c in text.chars() {
                if !contains(c) || n == self.max as usize {
                    return false;
                }
                n += 1;
            }
            return n >= min;
        }
        if min == 0 {
            return true;
        }
        let mut run = 0usize;
        for c in text.chars() {
            if contains(c) {
                run += 1;
                if run >= min && !self.at_end {
                    return true;
                }
            } else if self.at_start {
                return false;
            } else {
                run = 0;
            }
        }
        run >= min
    }
}

fn is_char(state: State) -> bool {
    matches!(state, State::Char { .. })
}

/// The exit of the split after the character `char_state` of `c+`, when it loops back to it.
fn loop_exit(split: State, char_state: u32) -> Option<u32> {
    match split {
        State::Split(a, b) if a == char_state => Some(b),
        State::Split(a, b) if b == char_state => Some(a),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile;

    fn shape(pattern: &str) -> Option<ClassRun> {
        ClassRun::of(&compile(pattern).expect("compiles").program())
    }

    #[test]
    fn the_shape_is_recognised_and_nothing_else() {
        for pattern in [
            "[a-z]+",
            "[a-z]*",
            "^[a-z]+$",
            "^[a-z]*$",
            "^[a-z]+",
            "[a-z]+$",
            "[a-z]{2,5}",
            "^[a-z]{1,64}$",
            "a",
            "^a$",
            r"\d{12}",
            "[^x]+",
        ] {
            assert!(shape(pattern).is_some(), "{pattern}");
        }
        for pattern in [
            "ab",
            "[a-z]+b",
            "(?=a)[a-z]+",
            "(ab){2,3}",
            "^[a-z]+$|x",
            r"\b[a-z]+",
            "(?m)^[a-z]+$",
            "[a-z]+?x",
            "",
        ] {
            assert!(shape(pattern).is_none(), "{pattern}");
        }
    }

    /// The scan and the simulation agree on every short text over an alphabet that crosses
    /// the class boundaries.
    #[test]
    fn the_scan_agrees_with_the_simulation() {
        let patterns = [
            "[a-z]+",
            "[a-z]*",
            "^[a-z]+$",
            "^[a-z]*$",
            "^[a-z]+",
            "[a-z]+$",
            "[a-z]{2,3}",
            "^[a-z]{2,3}$",
            "^[a-z]{0,2}$",
            "^[a-z]{2,3}",
            "[a-z]{2,3}$",
            "a",
            "^a$",
            "[^a]+$",
            "^b?$",
            "b?",
        ];
        let alphabet = ['a', 'b', 'Z', '-', 'é'];
        let mut texts = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = texts
                .iter()
                .filter(|t| t.chars().count() == texts.last().map_or(0, |l| l.chars().count()))
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(longer);
        }
        for pattern in patterns {
            let regex = compile(pattern).expect("compiles");
            let program = regex.program();
            let Some(run) = ClassRun::of(&program) else {
                continue;
            };
            for text in &texts {
                assert_eq!(
                    run.is_match(&program, text),
                    crate::matcher::is_match(&program, text),
                    "{pattern} on {text:?}"
                );
            }
        }
    }
}
