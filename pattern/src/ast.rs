//! The parsed form of a pattern: what the compiler turns into an automaton.
//!
//! Flags (`(?i)`, `(?s)`, `(?m)`) are already applied: classes hold their final code points and
//! anchors their final kind, so the compiler sees no syntax.

use crate::charset::CharSet;

/// A zero-width test of the position between two characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Anchor {
    /// The start of the text (`^`, Java `\A`).
    Start,
    /// The end of the text (`$`, Java `\z`).
    End,
    /// The start of the text or of a line (`^` under the `m` flag).
    LineStart,
    /// The end of the text or of a line (`$` under the `m` flag).
    LineEnd,
    /// A word character on exactly one side (`\b`; words are `[A-Za-z0-9_]`).
    WordBoundary,
    /// Not a word boundary (`\B`).
    NotWordBoundary,
}

/// A node of the pattern's syntax tree.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// Matches the empty string.
    Empty,
    /// One character of the set.
    Class(CharSet),
    /// The nodes one after the other.
    Concat(Vec<Node>),
    /// Any one of the nodes.
    Alternation(Vec<Node>),
    /// `node{min,max}`; `max == None` is unbounded.
    Repeat {
        /// The repeated node.
        node: Box<Node>,
        /// The fewest repetitions.
        min: u32,
        /// The most repetitions, if bounded.
        max: Option<u32>,
    },
    /// A capturing group: only backreferences care about the number.
    Capture {
        /// The group's number (1-based, in order of opening parentheses).
        index: u32,
        /// The group's content.
        node: Box<Node>,
    },
    /// A zero-width anchor.
    Anchor(Anchor),
    /// A look-around assertion.
    Look {
        /// The asserted sub-pattern.
        node: Box<Node>,
        /// Look-behind (`(?<=`, `(?<!`) rather than look-ahead.
        behind: bool,
        /// Negative (`(?!`, `(?<!`).
        negated: bool,
    },
    /// `\N`: the text captured by group `N`.
    BackReference(u32),
}

impl Node {
    /// Whether the node matches the empty string at every position (an assertion may fail, so
    /// it does not count; nor does a backreference).
    pub fn is_nullable(&self) -> bool {
        match self {
            Node::Empty => true,
            Node::Class(_) | Node::Anchor(_) | Node::Look { .. } | Node::BackReference(_) => false,
            Node::Concat(nodes) => nodes.iter().all(Node::is_nullable),
            Node::Alternation(nodes) => nodes.iter().any(Node::is_nullable),
            Node::Repeat { node, min, .. } => *min == 0 || node.is_nullable(),
            Node::Capture { node, .. } => node.is_nullable(),
        }
    }

    /// Whether the node never consumes a character (only empty strings and assertions).
    pub fn is_zero_width(&self) -> bool {
        match self {
            Node::Empty | Node::Anchor(_) | Node::Look { .. } => true,
            Node::Class(_) | Node::BackReference(_) => false,
            Node::Concat(nodes) | Node::Alternation(nodes) => nodes.iter().all(Node::is_zero_width),
            Node::Repeat { node, max, .. } => *max == Some(0) || node.is_zero_width(),
            Node::Capture { node, .. } => node.is_zero_width(),
        }
    }

    /// The class of a node that matches exactly one character (looking through groups).
    pub fn as_single_class(&self) -> Option<&CharSet> {
        match self {
            Node::Class(set) => Some(set),
            Node::Capture { node, .. } => node.as_single_class(),
            Node::Concat(nodes) | Node::Alternation(nodes) if nodes.len() == 1 => {
                nodes[0].as_single_class()
            }
            _ => None,
        }
    }
}
