//! Backreferences to groups that can only match a few texts, rewritten away.
//!
//! `\N` matches the text group `N` captured, or nothing (the empty string) while the group has
//! not matched (ECMA-262). When group `N` can only ever match one of a few strings (`(-?)`,
//! `(:?)`, `(a|bc)`), the pattern is the union of its variants for each case: group `N` matched
//! `s` (the group is the literal `s`, and so is `\N` after it), or has not matched yet (`\N` is
//! empty). The rewrite follows the text from left to right, so each branch knows which case it
//! is in; only the parts after a group are copied, once per string the group can match.
//!
//! Supported: groups with at most [`MAX_STRINGS`] possible texts, outside repetitions that can
//! run twice (each iteration would capture anew) and outside look-arounds. Anything else is
//! [`ErrorKind::Unsupported`](crate::ErrorKind::Unsupported).

use crate::ast::Node;
use crate::charset::CharSet;
use crate::error::Error;
use std::collections::BTreeMap;

/// The most texts a referenced group may match.
pub const MAX_STRINGS: usize = 16;

/// What each referenced group has captured so far: `None` while it has not matched, else the
/// index of its text.
type Captured = Vec<Option<usize>>;

/// `node` without backreferences, when they refer to groups that match few texts.
pub fn eliminate(node: &Node) -> Result<Node, Error> {
    let mut referenced = Vec::new();
    references(node, &mut referenced);
    referenced.sort_unstable();
    referenced.dedup();
    let mut groups = Vec::new();
    for &index in &referenced {
        let body = find_group(node, index, false).map_err(|problem| unsupported(index, problem))?;
        let strings = body.and_then(finite_strings).ok_or_else(|| {
            unsupported(
                index,
                &format!("its group can match more than {MAX_STRINGS} different texts"),
            )
        })?;
        groups.push(Group { index, strings });
    }
    let rewriter = Rewriter { groups };
    let start = vec![None; rewriter.groups.len()];
    let variants = rewriter.rewrite(node, &start)?;
    Ok(alternation(variants.into_values().collect()))
}

fn unsupported(index: u32, problem: &str) -> Error {
    Error::unsupported(
        0,
        format!("the backreference `\\{index}` cannot be checked by an automaton: {problem}"),
    )
}

struct Group {
    index: u32,
    strings: Vec<Vec<u32>>,
}

/// The group numbers `node` refers to.
fn references(node: &Node, out: &mut Vec<u32>) {
    match node {
        Node::BackReference(n) => out.push(*n),
        Node::Concat(nodes) | Node::Alternation(nodes) => {
            nodes.iter().for_each(|n| references(n, out));
        }
        Node::Repeat { node, .. } | Node::Capture { node, .. } | Node::Look { node, .. } => {
            references(node, out)
        }
        Node::Empty | Node::Class(_) | Node::Anchor(_) => {}
    }
}

/// The body of group `index`, checking that it is captured at most once per match; `None`
/// when the pattern has no such group (the reference is then always empty).
fn find_group(node: &Node, index: u32, repeated: bool) -> Result<Option<&Node>, &'static str> {
    match node {
        Node::Capture { index: i, node } if *i == index => {
            if repeated {
                Err("its group is inside a repetition or a look-around, so what it captured changes")
            } else {
                Ok(Some(node))
            }
        }
        Node::Capture { node, .. } => find_group(node, index, repeated),
        Node::Repeat { node, max, .. } => {
            find_group(node, index, repeated || max.is_none_or(|max| max > 1))
        }
        Node::Look { node, .. } => find_group(node, index, true),
        Node::Concat(nodes) | Node::Alternation(nodes) => {
            for node in nodes {
                if let Some(found) = find_group(node, index, repeated)? {
                    return Ok(Some(found));
                }
            }
            Ok(None)
        }
        Node::Empty | Node::Class(_) | Node::Anchor(_) | Node::BackReference(_) => Ok(None),
    }
}

/// Every text `node` can match, when they are few and it has no assertion or reference.
fn finite_strings(node: &Node) -> Option<Vec<Vec<u32>>> {
    let mut strings = match node {
        Node::Empty => vec![Vec::new()],
        Node::Class(set) => {
            let size: u32 = set.ranges().iter().map(|(lo, hi)| hi - lo + 1).sum();
            if size as usize > MAX_STRINGS {
                return None;
            }
            set.ranges()
                .iter()
                .flat_map(|&(lo, hi)| lo..=hi)
                .map(|c| vec![c])
                .collect()
        }
        Node::Concat(nodes) => {
            let mut product = vec![Vec::new()];
            for node in nodes {
                product = concat(&product, &finite_strings(node)?)?;
            }
            product
        }
        Node::Alternation(nodes) => {
            let mut union = Vec::new();
            for node in nodes {
                union.extend(finite_strings(node)?);
            }
            union
        }
        Node::Capture { node, .. } => finite_strings(node)?,
        Node::Repeat { node, min, max } => {
            let body = finite_strings(node)?;
            let max = (*max)?;
            let mut power = vec![Vec::new()];
            let mut union = Vec::new();
            for count in 0..=max {
                if count >= *min {
                    union.extend(power.iter().cloned());
                }
                if count < max {
                    power = concat(&power, &body)?;
                }
            }
            union
        }
        Node::Anchor(_) | Node::Look { .. } | Node::BackReference(_) => return None,
    };
    strings.sort();
    strings.dedup();
    (strings.len() <= MAX_STRINGS).then_some(strings)
}

fn concat(left: &[Vec<u32>], right: &[Vec<u32>]) -> Option<Vec<Vec<u32>>> {
    if left.len() * right.len() > MAX_STRINGS * MAX_STRINGS {
        return None;
    }
    Some(
        left.iter()
            .flat_map(|l| right.iter().map(move |r| [l.as_slice(), r].concat()))
            .collect(),
    )
}

/// A string as a node.
fn literal(text: &[u32]) -> Node {
    Node::Concat(
        text.iter()
            .map(|&c| Node::Class(CharSet::single(c)))
            .collect(),
    )
}

fn alternation(mut nodes: Vec<Node>) -> Node {
    if nodes.len() == 1 {
        nodes.pop().unwrap_or(Node::Empty)
    } else {
        Node::Alternation(nodes)
    }
}

struct Rewriter {
    groups: Vec<Group>,
}

impl Rewriter {
    /// The variants of `node` entered with `captured`, by what has been captured after it.
    fn rewrite(&self, node: &Node, captured: &Captured) -> Result<BTreeMap<Captured, Node>, Error> {
        let single = |node: Node| Ok(BTreeMap::from([(captured.clone(), node)]));
        match node {
            Node::BackReference(n) => {
                let text = self
                    .groups
                    .iter()
                    .position(|g| g.index == *n)
                    .and_then(|g| Some(&self.groups[g].strings[captured[g]?]));
                single(text.map_or(Node::Empty, |t| literal(t)))
            }
            Node::Capture { index, node } => {
                match self.groups.iter().position(|g| g.index == *index) {
                    Some(g) => {
                        let mut out = BTreeMap::new();
                        for (i, text) in self.groups[g].strings.iter().enumerate() {
                            let mut after = captured.clone();
                            after[g] = Some(i);
                            out.insert(after, literal(text));
                        }
                        Ok(out)
                    }
                    None => {
                        let inner = self.rewrite(node, captured)?;
                        Ok(inner
                            .into_iter()
                            .map(|(after, node)| {
                                let node = Node::Capture {
                                    index: *index,
                                    node: Box::new(node),
                                };
                                (after, node)
                            })
                            .collect())
                    }
                }
            }
            Node::Concat(nodes) => {
                let mut variants = BTreeMap::from([(captured.clone(), Vec::new())]);
                for node in nodes {
                    let mut next: BTreeMap<Captured, Vec<Node>> = BTreeMap::new();
                    for (state, prefix) in variants {
                        for (after, rewritten) in self.rewrite(node, &state)? {
                            let mut items = prefix.clone();
                            items.push(rewritten);
                            // Two prefixes reaching the same captures: one alternation.
                            match next.remove(&after) {
                                Some(other) => {
                                    let merged =
                                        alternation(vec![Node::Concat(other), Node::Concat(items)]);
                                    next.insert(after, vec![merged]);
                                }
                                None => {
                                    next.insert(after, items);
                                }
                            }
                        }
                    }
                    variants = next;
                }
                Ok(variants
                    .into_iter()
                    .map(|(after, items)| (after, Node::Concat(items)))
                    .collect())
            }
            Node::Alternation(nodes) => {
                let mut by_captured: BTreeMap<Captured, Vec<Node>> = BTreeMap::new();
                for node in nodes {
                    for (after, rewritten) in self.rewrite(node, captured)? {
                        by_captured.entry(after).or_default().push(rewritten);
                    }
                }
                Ok(by_captured
                    .into_iter()
                    .map(|(after, nodes)| (after, alternation(nodes)))
                    .collect())
            }
            Node::Repeat { node, min, max } => {
                let mut inner = self.rewrite(node, captured)?;
                let body = inner.remove(captured);
                match (body, inner.is_empty(), max) {
                    // The body changes no capture: repeat it as is.
                    (Some(body), true, _) => single(Node::Repeat {
                        node: Box::new(body),
                        min: *min,
                        max: *max,
                    }),
                    // `(...)?` around a group: skipped, or taken once with its captures.
                    (skip, _, Some(1)) => {
                        let mut out: BTreeMap<Captured, Node> = inner;
                        let taken_without_capture = skip;
                        let stay = match (*min, taken_without_capture) {
                            (0, Some(body)) => alternation(vec![Node::Empty, body]),
                            (0, None) => Node::Empty,
                            (_, Some(body)) => body,
                            (_, None) => return Ok(out),
                        };
                        out.insert(captured.clone(), stay);
                        Ok(out)
                    }
                    _ => Err(Error::unsupported(
                        0,
                        "a backreference's group inside a repetition cannot be checked",
                    )),
                }
            }
            Node::Look {
                node: inner,
                behind,
                negated,
            } => {
                let mut variants = self.rewrite(inner, captured)?;
                match variants.remove(captured) {
                    Some(body) if variants.is_empty() => single(Node::Look {
                        node: Box::new(body),
                        behind: *behind,
                        negated: *negated,
                    }),
                    _ => Err(Error::unsupported(
                        0,
                        "a backreference's group inside a look-around cannot be checked",
                    )),
                }
            }
            Node::Empty | Node::Class(_) | Node::Anchor(_) => single(node.clone()),
        }
    }
}
