//! The compiled form: flat tables of automaton states, the same whether built at run time
//! ([`Regex`]) or emitted by a macro as `static` items ([`Program<'static>`]).
//!
//! A program is a list of [`Automaton`]s over one array of states. The last is the pattern
//! itself, searched forwards from every position (`find`: a value is valid when some part of
//! it matches). Each earlier one is a look-around: a look-behind runs forwards, a look-ahead
//! (compiled reversed) runs backwards from the end, and each records at which positions it
//! holds; the [`Assertion::LookAround`] of a later automaton reads that record. Automata only
//! refer to earlier ones, so one pass over the list computes everything.
//!
//! Bounded repetitions are counted, not copied: [`State::Repeat`] counts one character class
//! (`[a-z]{1,64}`); a longer body (`(ab){2,1016}`) is one loop whose states carry the set of
//! iteration counts reached, delimited by a [`Counter`]. See `matcher.rs` for the algorithm.
//! A program that is one class repeated, the commonest shape in the models, is matched by a
//! scan of run lengths instead (`class_run.rs`).

use crate::class_run::ClassRun;
use crate::features::Features;

/// A zero-width condition on the current position.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Assertion {
    /// The start of the text.
    Start,
    /// The end of the text.
    End,
    /// The start of the text or just after a line terminator.
    LineStart,
    /// The end of the text or just before a line terminator.
    LineEnd,
    /// A word character (`[A-Za-z0-9_]`) on exactly one side.
    WordBoundary,
    /// Not a word boundary.
    NotWordBoundary,
    /// Whether automaton `automaton` (an earlier one) holds at this position, or, when
    /// `negated`, does not.
    LookAround {
        /// Index in [`Program::automata`].
        automaton: u32,
        /// A negative look-around.
        negated: bool,
    },
}

/// One automaton state. Indices refer to [`Program::states`], [`Program::ranges`] and
/// [`Program::counters`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum State {
    /// Consume one character within `ranges[start..start + len]`, then go to `next`.
    Char {
        /// Index of the first range.
        start: u32,
        /// Number of ranges; zero matches no character.
        len: u32,
        /// The state after the character.
        next: u32,
    },
    /// Epsilon to both.
    Split(u32, u32),
    /// Epsilon to `next` where `assertion` holds.
    Assert {
        /// The condition.
        assertion: Assertion,
        /// The state after it.
        next: u32,
    },
    /// `class{min,max}` then `next`: consume between `min` and `max` characters of the class
    /// `ranges[start..start + len]`, counted (`max == u32::MAX` is unbounded).
    Repeat {
        /// Index of the first range.
        start: u32,
        /// Number of ranges.
        len: u32,
        /// The fewest characters.
        min: u32,
        /// The most characters (`u32::MAX`: no limit).
        max: u32,
        /// The state after the repetition.
        next: u32,
    },
    /// Enters the counted loop of counter `counter` with count 0, at `next` (its loop state).
    CounterStart {
        /// Index in [`Program::counters`].
        counter: u32,
        /// The loop state.
        next: u32,
    },
    /// The loop of a counted repetition: epsilon to `body` for counts below the maximum, and
    /// to `exit` (leaving the count behind) for counts at least the minimum.
    CounterLoop {
        /// Index in [`Program::counters`].
        counter: u32,
        /// The first state of one iteration.
        body: u32,
        /// The state after the repetition.
        exit: u32,
    },
    /// The end of one iteration: every count plus one, then `next` (the loop state).
    CounterIncrement {
        /// Index in [`Program::counters`].
        counter: u32,
        /// The loop state.
        next: u32,
    },
    /// Accept.
    Match,
}

/// The bounds of a counted repetition and the states that carry its counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Counter {
    /// The fewest iterations.
    pub min: u32,
    /// The most iterations (`u32::MAX`: no limit; counts then stop growing at `min`).
    pub max: u32,
    /// The first state of the loop (its states are `first..end`).
    pub first: u32,
    /// One past the last state of the loop.
    pub end: u32,
}

/// One automaton of a [`Program`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Automaton {
    /// Its initial state.
    pub start: u32,
    /// Runs from the end of the text to its start (a look-ahead, compiled reversed).
    pub backward: bool,
}

/// A compiled pattern as tables. The macros emit these as `static` data; [`Regex::program`]
/// borrows an owned one.
///
/// Matching trusts nothing in the tables: an index out of range makes that path of the
/// automaton dead, so corrupt tables can only fail to match, never panic or loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Program<'a> {
    /// Every automaton's states.
    pub states: &'a [State],
    /// The character ranges of [`State::Char`] and [`State::Repeat`]: inclusive code point
    /// pairs, sorted and disjoint within each class.
    pub ranges: &'a [(u32, u32)],
    /// The counted repetitions with longer bodies.
    pub counters: &'a [Counter],
    /// The look-arounds, then the pattern itself (last).
    pub automata: &'a [Automaton],
}

impl Program<'_> {
    /// Whether some part of `text` matches the pattern (anchors apply only where written).
    ///
    /// Runs in time linear in the number of characters of `text` for a given program (each
    /// character is looked at once per automaton), without recursion, and allocates only
    /// buffers that are reused by later calls on the same thread.
    pub fn is_match(&self, text: &str) -> bool {
        match ClassRun::of(self) {
            Some(run) => run.is_match(self, text),
            None => crate::matcher::is_match(self, text),
        }
    }
}

/// A pattern compiled at run time: owns its tables.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Regex {
    pub(crate) states: Vec<State>,
    pub(crate) ranges: Vec<(u32, u32)>,
    pub(crate) counters: Vec<Counter>,
    pub(crate) automata: Vec<Automaton>,
    pub(crate) features: Features,
}

impl Regex {
    /// The tables, borrowed.
    pub fn program(&self) -> Program<'_> {
        Program {
            states: &self.states,
            ranges: &self.ranges,
            counters: &self.counters,
            automata: &self.automata,
        }
    }

    /// Whether some part of `text` matches (see [`Program::is_match`]).
    pub fn is_match(&self, text: &str) -> bool {
        self.program().is_match(text)
    }

    /// The constructs the pattern uses.
    pub fn features(&self) -> Features {
        self.features
    }
}
