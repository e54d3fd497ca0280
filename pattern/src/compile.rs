//! The compiler: a [`Node`] tree to the automata of a [`Regex`].
//!
//! Each automaton is built back to front: every sub-expression is compiled knowing the state
//! that follows it, so no patch lists are needed. Look-arounds are compiled first, innermost
//! first, each into its own automaton (a look-ahead reversed, to be run from the end), so an
//! automaton only refers to earlier ones and the states of a counted loop stay contiguous.
//!
//! Bounded repetitions are not copied: one character class becomes a [`State::Repeat`], a
//! longer body one loop delimited by a [`Counter`]. Only a bounded repetition nested in another
//! counted body is copied (its states must carry the outer counts), within [`MAX_STATES`];
//! when that is too large the outer one is copied instead, its copies counting the inner one.

use crate::ast::{Anchor, Node};
use crate::charset::CharSet;
use crate::error::Error;
use crate::features::Features;
use crate::program::{Assertion, Automaton, Counter, Regex, State};
use std::collections::HashMap;

/// The most states a program may have: copies are bounded by it, and the tables a macro emits
/// stay small enough to compile quickly.
pub const MAX_STATES: usize = 20_000;

/// Compiles a parsed pattern.
pub fn compile(node: &Node, features: Features) -> Result<Regex, Error> {
    let mut builder = Builder {
        states: Vec::new(),
        ranges: Vec::new(),
        interned: HashMap::new(),
        counters: Vec::new(),
        automata: Vec::new(),
        looks: HashMap::new(),
        backward: false,
        in_counter: false,
        features,
    };
    builder.look_arounds(node)?;
    builder.automaton(node, false)?;
    Ok(Regex {
        states: builder.states,
        ranges: builder.ranges,
        counters: builder.counters,
        automata: builder.automata,
        features: builder.features,
    })
}

fn too_large() -> Error {
    Error::unsupported(
        0,
        format!("the automaton would need more than {MAX_STATES} states"),
    )
}

struct Builder {
    states: Vec<State>,
    ranges: Vec<(u32, u32)>,
    /// Classes already in `ranges`, so repeated classes share one slice.
    interned: HashMap<Vec<(u32, u32)>, u32>,
    counters: Vec<Counter>,
    automata: Vec<Automaton>,
    /// The automaton of each look-around node (keyed by address: the tree does not move).
    looks: HashMap<*const Node, u32>,
    /// Building a reversed automaton (a look-ahead's).
    backward: bool,
    /// Inside the body of a counted loop: nested bounded repetitions are copied.
    in_counter: bool,
    features: Features,
}

impl Builder {
    fn push(&mut self, state: State) -> Result<u32, Error> {
        if self.states.len() >= MAX_STATES {
            return Err(too_large());
        }
        self.states.push(state);
        Ok(index(self.states.len() - 1))
    }

    /// The `(start, len)` of `set` in `ranges`.
    fn class(&mut self, set: &CharSet) -> (u32, u32) {
        let ranges = set.ranges().to_vec();
        let len = index(ranges.len());
        let start = match self.interned.get(&ranges) {
            Some(&start) => start,
            None => {
                let start = index(self.ranges.len());
                self.ranges.extend_from_slice(&ranges);
                self.interned.insert(ranges, start);
                start
            }
        };
        (start, len)
    }

    /// Compiles every look-around of `node`, innermost first.
    fn look_arounds(&mut self, node: &Node) -> Result<(), Error> {
        match node {
            Node::Concat(nodes) | Node::Alternation(nodes) => {
                for node in nodes {
                    self.look_arounds(node)?;
                }
            }
            Node::Repeat { node, .. } | Node::Capture { node, .. } => self.look_arounds(node)?,
            Node::Look {
                node: inner,
                behind,
                ..
            } => {
                self.look_arounds(inner)?;
                let id = self.automaton(inner, !behind)?;
                self.looks.insert(node as *const Node, id);
            }
            Node::Empty | Node::Class(_) | Node::Anchor(_) | Node::BackReference(_) => {}
        }
        Ok(())
    }

    /// Compiles `node` as a new automaton (reversed when `backward`); returns its index.
    fn automaton(&mut self, node: &Node, backward: bool) -> Result<u32, Error> {
        self.backward = backward;
        let matched = self.push(State::Match)?;
        let start = self.node(node, matched)?;
        self.automata.push(Automaton { start, backward });
        Ok(index(self.automata.len() - 1))
    }

    /// Compiles `node` followed by state `next`; returns its entry state.
    fn node(&mut self, node: &Node, next: u32) -> Result<u32, Error> {
        match node {
            Node::Empty => Ok(next),
            Node::Class(set) => {
                let (start, len) = self.class(set);
                self.push(State::Char { start, len, next })
            }
            Node::Concat(nodes) => {
                let mut entry = next;
                if self.backward {
                    for node in nodes {
                        entry = self.node(node, entry)?;
                    }
                } else {
                    for node in nodes.iter().rev() {
                        entry = self.node(node, entry)?;
                    }
                }
                Ok(entry)
            }
            Node::Alternation(nodes) => {
                let mut entries = Vec::with_capacity(nodes.len());
                for node in nodes {
                    entries.push(self.node(node, next)?);
                }
                let mut entries = entries.into_iter().rev();
                let mut entry = entries.next().unwrap_or(next);
                for first in entries {
                    entry = self.push(State::Split(first, entry))?;
                }
                Ok(entry)
            }
            Node::Capture { node, .. } => self.node(node, next),
            Node::Anchor(anchor) => {
                let assertion = match anchor {
                    Anchor::Start => Assertion::Start,
                    Anchor::End => Assertion::End,
                    Anchor::LineStart => Assertion::LineStart,
                    Anchor::LineEnd => Assertion::LineEnd,
                    Anchor::WordBoundary => Assertion::WordBoundary,
                    Anchor::NotWordBoundary => Assertion::NotWordBoundary,
                };
                self.push(State::Assert { assertion, next })
            }
            Node::Look { negated, .. } => {
                let automaton =
                    self.looks
                        .get(&(node as *const Node))
                        .copied()
                        .ok_or_else(|| {
                            Error::unsupported(0, "a look-around was not compiled before its use")
                        })?;
                let assertion = Assertion::LookAround {
                    automaton,
                    negated: *negated,
                };
                self.push(State::Assert { assertion, next })
            }
            Node::BackReference(n) => Err(Error::unsupported(
                0,
                format!(
                    "the backreference `\\{n}` needs the text a group captured, which a \
                     linear-time automaton does not keep"
                ),
            )),
            Node::Repeat { node, min, max } => self.repetition(node, *min, *max, next),
        }
    }

    /// `sub{min,max}` followed by `next`.
    fn repetition(
        &mut self,
        sub: &Node,
        min: u32,
        max: Option<u32>,
        next: u32,
    ) -> Result<u32, Error> {
        // When `sub` can be empty, `sub{m,n}` and `sub{0,n}` match the same texts.
        let min = if sub.is_nullable() { 0 } else { min };
        match (min, max) {
            (_, Some(0)) => Ok(next),
            (1, Some(1)) => self.node(sub, next),
            (0, Some(1)) => {
                let body = self.node(sub, next)?;
                self.push(State::Split(body, next))
            }
            (0 | 1, None) => {
                // The loop's split, patched once the body (which returns to it) exists.
                let split = self.push(State::Split(next, next))?;
                let body = self.node(sub, split)?;
                self.states[split as usize] = State::Split(body, next);
                Ok(if min == 1 { body } else { split })
            }
            _ if self.in_counter => self.copies(sub, min, max, next),
            _ => {
                let max = max.unwrap_or(u32::MAX);
                if let Some(set) = sub.as_single_class() {
                    self.features.counted_class = true;
                    let (start, len) = self.class(set);
                    return self.push(State::Repeat {
                        start,
                        len,
                        min,
                        max,
                        next,
                    });
                }
                self.counted_loop(sub, min, max, next)
            }
        }
    }

    /// `sub{min,max}` as one loop whose states carry the counts, or, when the nested
    /// repetitions in `sub` are too large to copy, as copies of `sub` that count them.
    fn counted_loop(&mut self, sub: &Node, min: u32, max: u32, next: u32) -> Result<u32, Error> {
        let (states, counters, features) = (self.states.len(), self.counters.len(), self.features);
        let counter = index(counters);
        self.counters.push(Counter {
            min,
            max,
            first: index(states),
            end: index(states),
        });
        let looped = self.push(State::CounterLoop {
            counter,
            body: next,
            exit: next,
        })?;
        let increment = self.push(State::CounterIncrement {
            counter,
            next: looped,
        })?;
        self.in_counter = true;
        let body = self.node(sub, increment);
        self.in_counter = false;
        match body {
            Ok(body) => {
                self.features.counted_group = true;
                self.states[looped as usize] = State::CounterLoop {
                    counter,
                    body,
                    exit: next,
                };
                self.counters[counters].end = index(self.states.len());
                self.push(State::CounterStart {
                    counter,
                    next: looped,
                })
            }
            Err(e) => {
                self.states.truncate(states);
                self.counters.truncate(counters);
                self.features = features;
                let max = (max != u32::MAX).then_some(max);
                self.copies(sub, min, max, next).map_err(|_| e)
            }
        }
    }

    /// `sub{min,max}` as `min` copies of `sub`, then either a loop (`max` unbounded; the last
    /// mandatory copy loops on itself) or `max - min` nested optional copies.
    fn copies(&mut self, sub: &Node, min: u32, max: Option<u32>, next: u32) -> Result<u32, Error> {
        let budget = |n: u32| {
            if n as usize > MAX_STATES {
                Err(too_large())
            } else {
                Ok(())
            }
        };
        budget(min)?;
        let mut entry = next;
        let mut mandatory = min;
        match max {
            None => {
                let split = self.push(State::Split(next, next))?;
                let body = self.node(sub, split)?;
                self.states[split as usize] = State::Split(body, next);
                mandatory = mandatory.saturating_sub(1);
                entry = body;
            }
            Some(max) => {
                budget(max - min)?;
                for _ in min..max {
                    let body = self.node(sub, entry)?;
                    entry = self.push(State::Split(body, next))?;
                }
            }
        }
        for _ in 0..mandatory {
            entry = self.node(sub, entry)?;
        }
        Ok(entry)
    }
}

/// A table index: tables are bounded by [`MAX_STATES`] (and class ranges by the code points),
/// far below `u32::MAX`.
fn index(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}
