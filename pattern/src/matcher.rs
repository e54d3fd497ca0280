//! Matching: a simulation of all automaton states at once, one character at a time.
//!
//! Each automaton is run over the text once (forwards, or backwards for a look-ahead),
//! restarting at every position, so the pattern is searched for anywhere in the text. The set
//! of live states is kept per position; with the epsilon closure computed on a work list, a
//! position costs at most a fixed amount of work per state. Time is therefore linear in the
//! text for a given program, whatever the pattern and input (no backtracking).
//!
//! Three kinds of state carry more than "live or not":
//! - a state inside a counted loop (a [`Counter`]) carries the set of iteration counts that
//!   reach it, as a bit set; an increment shifts it, the loop state masks it by the bounds. Its
//!   width is bounded by the text's length (a count above it needs empty iterations, and the
//!   same path without them reaches the same state with a smaller count);
//! - a [`State::Repeat`] keeps the times (characters consumed) at which it was entered, oldest
//!   first: it leaves when the oldest is at least `min` characters ago, and forgets entries more
//!   than `max` ago, so each position costs constant amortised time;
//! - a look-around assertion reads the positions its automaton recorded in an earlier pass.

use crate::program::{Assertion, Automaton, Counter, Program, State};
use std::cell::Cell;
use std::collections::VecDeque;

/// Whether some part of `text` matches `program`.
pub fn is_match(program: &Program<'_>, text: &str) -> bool {
    thread_local! {
        static SCRATCH: Cell<Option<Box<Scratch>>> = const { Cell::new(None) };
    }
    let mut scratch = SCRATCH.with(Cell::take).unwrap_or_default();
    let matched = scratch.run(program, text);
    SCRATCH.with(|cell| cell.set(Some(scratch)));
    matched
}

/// Buffers reused from one match to the next.
#[derive(Default)]
struct Scratch {
    chars: Vec<char>,
    /// Per automaton, the positions (0..=len) where it matched (look-arounds only).
    looks: Vec<Vec<bool>>,
    current: StateSet,
    next: StateSet,
    /// `(offset, words)` of each state's count set in a [`StateSet`].
    layout: Vec<(u32, u32)>,
    /// Per state, the entry times of a [`State::Repeat`], oldest first.
    entries: Vec<VecDeque<u32>>,
    work: Vec<u32>,
    queued: Vec<bool>,
    temp: Vec<u64>,
}

/// The live states of one position, each with its count set.
#[derive(Default)]
struct StateSet {
    words: Vec<u64>,
    active: Vec<u32>,
    is_active: Vec<bool>,
}

impl StateSet {
    fn reset(&mut self, states: usize, words: usize) {
        self.words.clear();
        self.words.resize(words, 0);
        self.active.clear();
        self.is_active.clear();
        self.is_active.resize(states, false);
    }

    fn clear(&mut self, layout: &[(u32, u32)]) {
        for &s in &self.active {
            if let Some(&(offset, words)) = layout.get(s as usize) {
                let (offset, words) = (offset as usize, words as usize);
                if words == 1 {
                    // The common case (outside counted loops), without a call to `memset`.
                    if let Some(word) = self.words.get_mut(offset) {
                        *word = 0;
                    }
                } else if let Some(slice) = self.words.get_mut(offset..offset + words) {
                    slice.fill(0);
                }
            }
            if let Some(flag) = self.is_active.get_mut(s as usize) {
                *flag = false;
            }
        }
        self.active.clear();
    }
}

/// What one pass records.
enum Goal {
    /// Stop at the first match (the pattern itself).
    Find,
    /// Record every position where a match ends (a look-around).
    Positions,
}

/// The position-dependent facts a closure needs.
struct At<'a> {
    /// Characters consumed by this pass so far.
    time: u32,
    /// The position in the text (between characters).
    position: usize,
    chars: &'a [char],
    looks: &'a [Vec<bool>],
}

impl At<'_> {
    #[inline(always)]
    fn holds(&self, assertion: Assertion, automaton: usize) -> bool {
        let before = self.position.checked_sub(1).and_then(|i| self.chars.get(i));
        let after = self.chars.get(self.position);
        let is_word = |c: Option<&char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_');
        let is_line_end = |c: Option<&char>| {
            c.is_some_and(|c| matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}'))
        };
        match assertion {
            Assertion::Start => before.is_none(),
            Assertion::End => after.is_none(),
            Assertion::LineStart => before.is_none() || is_line_end(before),
            Assertion::LineEnd => after.is_none() || is_line_end(after),
            Assertion::WordBoundary => is_word(before) != is_word(after),
            Assertion::NotWordBoundary => is_word(before) == is_word(after),
            Assertion::LookAround {
                automaton: look,
                negated,
            } => {
                // Only earlier automata have been run: a later or unknown one never holds.
                let held = (look as usize) < automaton
                    && self
                        .looks
                        .get(look as usize)
                        .and_then(|positions| positions.get(self.position))
                        .copied()
                        .unwrap_or(false);
                held != negated
            }
        }
    }
}

impl Scratch {
    fn run(&mut self, program: &Program<'_>, text: &str) -> bool {
        self.chars.clear();
        self.chars.extend(text.chars());
        let Some(main) = program.automata.len().checked_sub(1) else {
            return false;
        };
        self.layout(program);
        self.looks.resize_with(program.automata.len(), Vec::new);
        for (i, automaton) in program.automata.iter().enumerate() {
            let goal = if i == main {
                Goal::Find
            } else {
                Goal::Positions
            };
            if self.pass(program, i, automaton, goal) {
                return true;
            }
        }
        false
    }

    /// Places each state's count set: one word, or the words of its counter's bit set.
    fn layout(&mut self, program: &Program<'_>) {
        let n = program.states.len();
        let len = u32::try_from(self.chars.len()).unwrap_or(u32::MAX);
        self.layout.clear();
        let mut offset = 0u32;
        for s in 0..n {
            let s = u32::try_from(s).unwrap_or(u32::MAX);
            let words = program
                .counters
                .iter()
                .find(|c| c.first <= s && s < c.end)
                .map_or(1, |c| count_words(c, len));
            self.layout.push((offset, words));
            offset = offset.saturating_add(words);
        }
        self.current.reset(n, offset as usize);
        self.next.reset(n, offset as usize);
        self.queued.clear();
        self.queued.resize(n, false);
        if self.entries.len() < n {
            self.entries.resize_with(n, VecDeque::new);
        }
        for entries in &mut self.entries[..n] {
            entries.clear();
        }
    }

    /// Runs automaton `index`. With [`Goal::Find`], returns whether it matched somewhere; with
    /// [`Goal::Positions`], stores where it matched in `looks[index]` and returns false.
    fn pass(
        &mut self,
        program: &Program<'_>,
        index: usize,
        automaton: &Automaton,
        goal: Goal,
    ) -> bool {
        let len = self.chars.len();
        let mut positions = std::mem::take(&mut self.looks[index]);
        positions.clear();
        positions.resize(len + 1, false);
        self.current.clear(&self.layout);
        self.work.clear();
        for entries in self.entries.iter_mut() {
            entries.clear();
        }
        // An automaton that starts with `^` (`$` when run backwards) can only start at time 0:
        // once nothing is live, it has failed everywhere else.
        let anchor = if automaton.backward {
            Assertion::End
        } else {
            Assertion::Start
        };
        let anchored = matches!(
            program.states.get(automaton.start as usize),
            Some(State::Assert { assertion, .. }) if *assertion == anchor
        );
        let mut found = false;
        for time in 0..=len {
            if anchored && time > 0 && self.current.active.is_empty() {
                break;
            }
            let position = if automaton.backward { len - time } else { time };
            let at = At {
                time: u32::try_from(time).unwrap_or(u32::MAX),
                position,
                chars: &self.chars,
                looks: &self.looks,
            };
            let mut closure = Closure {
                program,
                layout: &self.layout,
                set: &mut self.current,
                entries: &mut self.entries,
                work: &mut self.work,
                queued: &mut self.queued,
                temp: &mut self.temp,
                automaton: index,
                time: at.time,
                matched: false,
            };
            if time == 0 || !anchored {
                // A new attempt starts at every position: the search is unanchored.
                closure.add_bits(automaton.start, &[1]);
            }
            closure.run(&at);
            if closure.matched {
                positions[position] = true;
                if let Goal::Find = goal {
                    found = true;
                    break;
                }
            }
            let next_char = if automaton.backward {
                position.checked_sub(1).and_then(|i| self.chars.get(i))
            } else {
                self.chars.get(position)
            };
            let Some(&c) = next_char else {
                break;
            };
            self.step(program, c, at.time.saturating_add(1));
        }
        self.looks[index] = positions;
        found
    }

    /// Consumes `c`: the states reached move into `next` (queued for their closure), then
    /// `next` becomes current. `time` is the time after `c`.
    fn step(&mut self, program: &Program<'_>, c: char, time: u32) {
        self.next.clear(&self.layout);
        let c = u32::from(c);
        let mut closure = Closure {
            program,
            layout: &self.layout,
            set: &mut self.next,
            entries: &mut self.entries,
            work: &mut self.work,
            queued: &mut self.queued,
            temp: &mut self.temp,
            automaton: 0,
            time,
            matched: false,
        };
        // Repeats first: a character state may enter one anew at `time`, after its old entries
        // have been judged against `c`.
        for &s in &self.current.active {
            if let Some(&State::Repeat {
                start, len, max, ..
            }) = program.states.get(s as usize)
            {
                let Some(entries) = closure.entries.get_mut(s as usize) else {
                    continue;
                };
                if class_contains(program, start, len, c) {
                    while entries.front().is_some_and(|&e| time - e > max) {
                        entries.pop_front();
                    }
                } else {
                    entries.clear();
                }
                if !entries.is_empty() {
                    closure.carry(s);
                }
            }
        }
        for &s in &self.current.active {
            if let Some(&State::Char { start, len, next }) = program.states.get(s as usize) {
                if class_contains(program, start, len, c) {
                    let (offset, words) = self.layout[s as usize];
                    let bits = &self.current.words[offset as usize..(offset + words) as usize];
                    closure.add_bits(next, bits);
                }
            }
        }
        std::mem::swap(&mut self.current, &mut self.next);
    }
}

/// Words of the bit set of counts of `counter` for a text of `len` characters.
fn count_words(counter: &Counter, len: u32) -> u32 {
    count_width(counter, len).div_ceil(64)
}

/// Bits of the count set: counts up to the maximum, or, for an unbounded loop, the minimum
/// (larger counts are all the same from there on), and never above `max(min, len)`: only empty
/// iterations go past `len`, and removing those down to that bound leaves a path that can do
/// everything the longer one can.
fn count_width(counter: &Counter, len: u32) -> u32 {
    let cap = if counter.max == u32::MAX {
        counter.min
    } else {
        counter.max
    };
    cap.min(counter.min.max(len)).saturating_add(1)
}

/// Whether `c` is in `ranges[start..start + len]` (false when that is out of bounds).
#[inline(always)]
fn class_contains(program: &Program<'_>, start: u32, len: u32, c: u32) -> bool {
    let start = start as usize;
    let Some(ranges) = start
        .checked_add(len as usize)
        .and_then(|end| program.ranges.get(start..end))
    else {
        return false;
    };
    let i = ranges.partition_point(|&(_, hi)| hi < c);
    ranges.get(i).is_some_and(|&(lo, _)| lo <= c)
}

/// The epsilon closure of one position, filling one [`StateSet`].
struct Closure<'a, 'p> {
    program: &'a Program<'p>,
    layout: &'a [(u32, u32)],
    set: &'a mut StateSet,
    entries: &'a mut [VecDeque<u32>],
    work: &'a mut Vec<u32>,
    queued: &'a mut [bool],
    temp: &'a mut Vec<u64>,
    /// The automaton being run (look-arounds may only read earlier ones).
    automaton: usize,
    /// Characters consumed by this pass at the closure's position.
    time: u32,
    matched: bool,
}

impl Closure<'_, '_> {
    /// Adds `bits` to the count set of `s`, and `s` to the work list when that grows (or, for a
    /// [`State::Repeat`], when it is entered at a new time).
    #[inline(always)]
    fn add_bits(&mut self, s: u32, bits: &[u64]) {
        let Some(&(offset, words)) = self.layout.get(s as usize) else {
            return;
        };
        if let Some(&State::Repeat { max, .. }) = self.program.states.get(s as usize) {
            if let Some(entries) = self.entries.get_mut(s as usize) {
                // Unbounded: only the oldest entry matters.
                let new = entries.back() != Some(&self.time);
                if new && (max != u32::MAX || entries.is_empty()) {
                    entries.push_back(self.time);
                    self.carry(s);
                }
            }
            return;
        }
        let Some(slot) = self
            .set
            .words
            .get_mut(offset as usize..(offset + words) as usize)
        else {
            return;
        };
        let mut grew = false;
        for (word, &bit) in slot.iter_mut().zip(bits) {
            let new = bit & !*word;
            if new != 0 {
                *word |= new;
                grew = true;
            }
        }
        if grew {
            self.activate(s);
        }
    }

    /// Marks a [`State::Repeat`] live (with its entries) and queues it for its exit test.
    #[inline(always)]
    fn carry(&mut self, s: u32) {
        if let Some(&(offset, _)) = self.layout.get(s as usize) {
            if let Some(word) = self.set.words.get_mut(offset as usize) {
                *word |= 1;
            }
            self.activate(s);
        }
    }

    #[inline(always)]
    fn activate(&mut self, s: u32) {
        let i = s as usize;
        if let Some(flag) = self.set.is_active.get_mut(i) {
            if !*flag {
                *flag = true;
                self.set.active.push(s);
            }
        }
        if let Some(queued) = self.queued.get_mut(i) {
            if !*queued {
                *queued = true;
                self.work.push(s);
            }
        }
    }

    /// Follows every epsilon move from the queued states at position `at`.
    fn run(&mut self, at: &At<'_>) {
        while let Some(s) = self.work.pop() {
            self.queued[s as usize] = false;
            let Some(&state) = self.program.states.get(s as usize) else {
                continue;
            };
            let (offset, words) = self.layout[s as usize];
            let (offset, words) = (offset as usize, words as usize);
            if words == 1 {
                // The common case (outside counted loops): no buffer needed.
                let bits = [self.set.words[offset]];
                self.follow(s, state, &bits, at);
            } else {
                let mut bits = std::mem::take(self.temp);
                bits.clear();
                bits.extend_from_slice(&self.set.words[offset..offset + words]);
                self.follow(s, state, &bits, at);
                *self.temp = bits;
            }
        }
    }

    /// The epsilon moves of state `s` (`state`), whose count set is `bits`.
    #[inline(always)]
    fn follow(&mut self, s: u32, state: State, bits: &[u64], at: &At<'_>) {
        match state {
            State::Split(a, b) => {
                self.add_bits(a, bits);
                self.add_bits(b, bits);
            }
            State::Assert { assertion, next } => {
                if at.holds(assertion, self.automaton) {
                    self.add_bits(next, bits);
                }
            }
            State::Match => self.matched = true,
            State::Repeat { min, next, .. } => {
                let oldest = self.entries.get(s as usize).and_then(VecDeque::front);
                if oldest.is_some_and(|&e| at.time - e >= min) {
                    self.add_bits(next, &[1]);
                }
            }
            State::CounterStart { next, .. } => self.add_bits(next, &[1]),
            State::CounterLoop {
                counter,
                body,
                exit,
            } => {
                if let Some(c) = self.program.counters.get(counter as usize) {
                    let (below_max, at_least_min) = count_masks(c, bits);
                    self.add_bits(body, &below_max);
                    if at_least_min {
                        self.add_bits(exit, &[1]);
                    }
                }
            }
            State::CounterIncrement { counter, next } => {
                if let Some(c) = self.program.counters.get(counter as usize) {
                    let incremented = increment(c, bits);
                    self.add_bits(next, &incremented);
                }
            }
            State::Char { .. } => {}
        }
    }
}

/// The counts of `bits` below the counter's maximum, and whether any is at least its minimum.
fn count_masks(counter: &Counter, bits: &[u64]) -> (Vec<u64>, bool) {
    let mut below_max = bits.to_vec();
    if counter.max != u32::MAX {
        clear_from(&mut below_max, counter.max);
    }
    let min = counter.min as usize;
    let at_least_min = bits.iter().enumerate().any(|(i, &word)| {
        let first = i * 64;
        if first + 64 <= min {
            false
        } else if first >= min {
            word != 0
        } else {
            word >> (min - first) != 0
        }
    });
    (below_max, at_least_min)
}

/// Every count plus one; for an unbounded loop counts stop at the minimum.
fn increment(counter: &Counter, bits: &[u64]) -> Vec<u64> {
    let width = bits.len() * 64;
    let mut out = vec![0u64; bits.len()];
    let mut carry = 0;
    for (o, &word) in out.iter_mut().zip(bits) {
        *o = (word << 1) | carry;
        carry = word >> 63;
    }
    if counter.max == u32::MAX {
        let min = counter.min as usize;
        if min < width && bits[min / 64] >> (min % 64) & 1 == 1 {
            out[min / 64] |= 1 << (min % 64);
        }
        clear_from(&mut out, counter.min.saturating_add(1));
    }
    out
}

/// Clears the bits from index `from` on.
fn clear_from(bits: &mut [u64], from: u32) {
    let from = from as usize;
    for (i, word) in bits.iter_mut().enumerate() {
        let first = i * 64;
        if first >= from {
            *word = 0;
        } else if from < first + 64 {
            *word &= (1u64 << (from - first)) - 1;
        }
    }
}
