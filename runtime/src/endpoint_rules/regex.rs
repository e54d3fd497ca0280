//! The subset of regular expressions that partition tables use, compiled to a Thompson NFA
//! and matched by simulating all states at once: linear in the text for a given pattern, no
//! backtracking, no recursion while matching. Pattern size and nesting are bounded, so a
//! hostile pattern is rejected rather than exhausting memory or the stack.

const MAX_NESTING: usize = 32;
const MAX_REPEAT: u32 = 1000;
const MAX_PROGRAM: usize = 10_000;

/// A compiled pattern; [`Regex::is_match`] searches anywhere in the text unless the
/// pattern is anchored with `^` / `$`.
#[derive(Clone, Debug)]
pub(super) struct Regex {
    program: Vec<Inst>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Class {
    negated: bool,
    ranges: Vec<(char, char)>,
}

impl Class {
    fn matches(&self, c: char) -> bool {
        self.ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi) != self.negated
    }

    fn literal(c: char) -> Class {
        Class {
            negated: false,
            ranges: vec![(c, c)],
        }
    }
}

/// An instruction; `Class` and the assertions continue at the next instruction.
#[derive(Clone, Debug)]
enum Inst {
    Class(Class),
    Split(usize, usize),
    Jump(usize),
    AssertStart,
    AssertEnd,
    Match,
}

#[derive(Debug)]
enum Node {
    Class(Class),
    Start,
    End,
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat {
        node: Box<Node>,
        min: u32,
        max: Option<u32>,
    },
}

/// What an escape sequence stands for.
enum Escaped {
    Char(char),
    Set(Class),
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek();
        if c.is_some() {
            self.pos += 1;
        }
        c
    }

    fn alternation(&mut self) -> Result<Node, String> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err("groups are nested too deeply".to_owned());
        }
        let mut alternatives = vec![self.concat()?];
        while self.peek() == Some('|') {
            self.pos += 1;
            alternatives.push(self.concat()?);
        }
        self.depth -= 1;
        Ok(Node::Alt(alternatives))
    }

    fn concat(&mut self) -> Result<Node, String> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            items.push(self.quantified(atom)?);
        }
        Ok(Node::Concat(items))
    }

    fn quantified(&mut self, node: Node) -> Result<Node, String> {
        let (min, max) = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => {
                self.pos += 1;
                let bounds = self.counted()?;
                self.pos -= 1; // the common `pos += 1` below skips the closing `}`
                bounds
            }
            _ => return Ok(node),
        };
        self.pos += 1;
        match self.peek() {
            // Lazy: matches the same texts.
            Some('?') => self.pos += 1,
            Some('+') => return Err("possessive quantifiers are not supported".to_owned()),
            _ => {}
        }
        Ok(Node::Repeat {
            node: Box::new(node),
            min,
            max,
        })
    }

    /// `n}`, `n,}` or `n,m}` after `{`; leaves `pos` after the `}`.
    fn counted(&mut self) -> Result<(u32, Option<u32>), String> {
        let min = self.number()?;
        let max = if self.peek() == Some(',') {
            self.pos += 1;
            if self.peek() == Some('}') {
                None
            } else {
                Some(self.number()?)
            }
        } else {
            Some(min)
        };
        if self.bump() != Some('}') {
            return Err("malformed `{n,m}` repetition".to_owned());
        }
        if max.is_some_and(|max| max < min) {
            return Err("repetition `{n,m}` with m < n".to_owned());
        }
        Ok((min, max))
    }

    fn number(&mut self) -> Result<u32, String> {
        let mut n: u32 = 0;
        let mut digits = 0;
        while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
            self.pos += 1;
            digits += 1;
            n = n.saturating_mul(10).saturating_add(d);
        }
        if digits == 0 {
            return Err("malformed `{n,m}` repetition".to_owned());
        }
        if n > MAX_REPEAT {
            return Err(format!("repetition count above {MAX_REPEAT}"));
        }
        Ok(n)
    }

    fn atom(&mut self) -> Result<Node, String> {
        let c = self.bump().ok_or("unexpected end of pattern")?;
        Ok(match c {
            '(' => {
                if self.peek() == Some('?') {
                    if self.chars.get(self.pos + 1) == Some(&':') {
                        self.pos += 2;
                    } else {
                        return Err("only `(?:...)` groups are supported".to_owned());
                    }
                }
                let inner = self.alternation()?;
                if self.bump() != Some(')') {
                    return Err("missing `)`".to_owned());
                }
                inner
            }
            '[' => Node::Class(self.class()?),
            '.' => Node::Class(Class {
                negated: true,
                ranges: vec![('\n', '\n'), ('\r', '\r')],
            }),
            '^' => Node::Start,
            '$' => Node::End,
            '\\' => match self.escape()? {
                Escaped::Char(c) => Node::Class(Class::literal(c)),
                Escaped::Set(class) => Node::Class(class),
            },
            '*' | '+' | '?' | '{' => {
                return Err(format!("`{c}` has nothing to repeat"));
            }
            c => Node::Class(Class::literal(c)),
        })
    }

    fn escape(&mut self) -> Result<Escaped, String> {
        let c = self.bump().ok_or("trailing backslash")?;
        let set = |negated: bool, ranges: &[(char, char)]| {
            Escaped::Set(Class {
                negated,
                ranges: ranges.to_vec(),
            })
        };
        const DIGIT: &[(char, char)] = &[('0', '9')];
        const WORD: &[(char, char)] = &[('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];
        const SPACE: &[(char, char)] = &[('\t', '\r'), (' ', ' ')];
        Ok(match c {
            'd' => set(false, DIGIT),
            'D' => set(true, DIGIT),
            'w' => set(false, WORD),
            'W' => set(true, WORD),
            's' => set(false, SPACE),
            'S' => set(true, SPACE),
            'n' => Escaped::Char('\n'),
            'r' => Escaped::Char('\r'),
            't' => Escaped::Char('\t'),
            'f' => Escaped::Char('\x0C'),
            'v' => Escaped::Char('\x0B'),
            c if c.is_ascii_punctuation() => Escaped::Char(c),
            c => return Err(format!("unsupported escape `\\{c}`")),
        })
    }

    /// A bracketed class, after the `[`.
    fn class(&mut self) -> Result<Class, String> {
        let mut class = Class::default();
        if self.peek() == Some('^') {
            self.pos += 1;
            class.negated = true;
        }
        let mut first = true;
        loop {
            let c = self.bump().ok_or("missing `]`")?;
            if c == ']' && !first {
                return Ok(class);
            }
            first = false;
            let lo = match c {
                '[' => return Err("nested character classes are not supported".to_owned()),
                '&' if self.peek() == Some('&') => {
                    return Err("class intersection is not supported".to_owned())
                }
                '\\' => match self.escape()? {
                    Escaped::Char(c) => c,
                    Escaped::Set(set) if !set.negated => {
                        class.ranges.extend(set.ranges);
                        continue;
                    }
                    Escaped::Set(_) => {
                        return Err("negated escapes inside `[...]` are not supported".to_owned())
                    }
                },
                c => c,
            };
            let is_range =
                self.peek() == Some('-') && self.chars.get(self.pos + 1).is_some_and(|&n| n != ']');
            if !is_range {
                class.ranges.push((lo, lo));
                continue;
            }
            self.pos += 1;
            let hi = match self.bump().ok_or("missing `]`")? {
                '\\' => match self.escape()? {
                    Escaped::Char(c) => c,
                    Escaped::Set(_) => return Err("a class cannot end a range".to_owned()),
                },
                '[' => return Err("nested character classes are not supported".to_owned()),
                c => c,
            };
            if hi < lo {
                return Err(format!("invalid range `{lo}-{hi}`"));
            }
            class.ranges.push((lo, hi));
        }
    }
}

fn compile(node: &Node, program: &mut Vec<Inst>) -> Result<(), String> {
    if program.len() > MAX_PROGRAM {
        return Err("pattern too large".to_owned());
    }
    match node {
        Node::Class(class) => program.push(Inst::Class(class.clone())),
        Node::Start => program.push(Inst::AssertStart),
        Node::End => program.push(Inst::AssertEnd),
        Node::Concat(items) => {
            for item in items {
                compile(item, program)?;
            }
        }
        Node::Alt(alternatives) => {
            let mut jumps = Vec::new();
            let count = alternatives.len();
            for (i, alternative) in alternatives.iter().enumerate() {
                if i + 1 == count {
                    compile(alternative, program)?;
                    break;
                }
                let split = program.len();
                program.push(Inst::Split(split + 1, split + 1));
                compile(alternative, program)?;
                jumps.push(program.len());
                program.push(Inst::Jump(0));
                let next = program.len();
                if let Some(Inst::Split(_, second)) = program.get_mut(split) {
                    *second = next;
                }
            }
            let end = program.len();
            for jump in jumps {
                if let Some(Inst::Jump(target)) = program.get_mut(jump) {
                    *target = end;
                }
            }
        }
        Node::Repeat { node, min, max } => {
            for _ in 0..*min {
                compile(node, program)?;
            }
            match max {
                None => {
                    let split = program.len();
                    program.push(Inst::Split(split + 1, split + 1));
                    compile(node, program)?;
                    program.push(Inst::Jump(split));
                    let end = program.len();
                    if let Some(Inst::Split(_, second)) = program.get_mut(split) {
                        *second = end;
                    }
                }
                Some(max) => {
                    let mut splits = Vec::new();
                    for _ in *min..*max {
                        let split = program.len();
                        program.push(Inst::Split(split + 1, split + 1));
                        splits.push(split);
                        compile(node, program)?;
                    }
                    let end = program.len();
                    for split in splits {
                        if let Some(Inst::Split(_, second)) = program.get_mut(split) {
                            *second = end;
                        }
                    }
                }
            }
        }
    }
    if program.len() > MAX_PROGRAM {
        return Err("pattern too large".to_owned());
    }
    Ok(())
}

impl Regex {
    /// Compiles a pattern, or says why it is not supported.
    pub(super) fn new(pattern: &str) -> Result<Regex, String> {
        let mut parser = Parser {
            chars: pattern.chars().collect(),
            pos: 0,
            depth: 0,
        };
        let node = parser.alternation()?;
        if let Some(c) = parser.peek() {
            return Err(format!("unexpected `{c}`"));
        }
        let mut program = Vec::new();
        compile(&node, &mut program)?;
        program.push(Inst::Match);
        Ok(Regex { program })
    }

    /// Whether the pattern matches somewhere in `text`.
    pub(super) fn is_match(&self, text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        let mut seen = vec![usize::MAX; self.program.len()];
        let mut current = Vec::new();
        let mut next = Vec::new();
        let mut stack = Vec::new();
        for pos in 0..=chars.len() {
            // A new thread at every position: the search is unanchored.
            self.closure(0, pos, chars.len(), &mut seen, &mut current, &mut stack);
            if current
                .iter()
                .any(|&pc| matches!(self.program.get(pc), Some(Inst::Match)))
            {
                return true;
            }
            let Some(&c) = chars.get(pos) else {
                break;
            };
            next.clear();
            for &pc in &current {
                if let Some(Inst::Class(class)) = self.program.get(pc) {
                    if class.matches(c) {
                        self.closure(
                            pc + 1,
                            pos + 1,
                            chars.len(),
                            &mut seen,
                            &mut next,
                            &mut stack,
                        );
                    }
                }
            }
            std::mem::swap(&mut current, &mut next);
        }
        false
    }

    /// Adds `pc` and every state reachable from it without consuming a character at
    /// position `pos` to `list` (states already stamped with `pos` are skipped).
    fn closure(
        &self,
        pc: usize,
        pos: usize,
        len: usize,
        seen: &mut [usize],
        list: &mut Vec<usize>,
        stack: &mut Vec<usize>,
    ) {
        stack.push(pc);
        while let Some(pc) = stack.pop() {
            let (Some(inst), Some(stamp)) = (self.program.get(pc), seen.get_mut(pc)) else {
                continue;
            };
            if *stamp == pos {
                continue;
            }
            *stamp = pos;
            match inst {
                Inst::Jump(target) => stack.push(*target),
                Inst::Split(a, b) => {
                    stack.push(*b);
                    stack.push(*a);
                }
                Inst::AssertStart => {
                    if pos == 0 {
                        stack.push(pc + 1);
                    }
                }
                Inst::AssertEnd => {
                    if pos == len {
                        stack.push(pc + 1);
                    }
                }
                Inst::Class(_) | Inst::Match => list.push(pc),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Regex;

    fn m(pattern: &str, text: &str) -> bool {
        match Regex::new(pattern) {
            Ok(re) => re.is_match(text),
            Err(e) => panic!("pattern {pattern}: {e}"),
        }
    }

    #[test]
    fn partition_patterns() {
        let aws = r"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$";
        assert!(m(aws, "us-east-1"));
        assert!(m(aws, "mx-central-1"));
        assert!(!m(aws, "us-gov-west-1"));
        assert!(!m(aws, "cn-north-1"));
        assert!(!m(aws, "us-east-1x"));
        assert!(!m(aws, "xus-east-1"));
        assert!(m(r"^eusc\-(de)\-\w+\-\d+$", "eusc-de-east-1"));
        assert!(m(r"^us\-isob\-\w+\-\d+$", "us-isob-east-1"));
    }

    #[test]
    fn general_features() {
        assert!(m("a|b", "xxb"));
        assert!(!m("^a|b$", "ba"));
        assert!(m("^(?:ab)+$", "ababab"));
        assert!(!m("^(?:ab)+$", "aba"));
        assert!(m("^a{2,3}$", "aaa"));
        assert!(!m("^a{2,3}$", "aaaa"));
        assert!(m("^a{2,}$", "aaaaa"));
        assert!(m("^[a-c_0-9]*$", "ab_9c"));
        assert!(!m("^[^a-c]$", "b"));
        assert!(m("^x.z$", "xéz"));
        assert!(m(r"^[\w.-]+$", "a.b-c"));
        assert!(m("^(a*)*$", "aaaa"));
        assert!(m("^$", ""));
        assert!(m("^a??b$", "b"));
    }

    #[test]
    fn rejects_unsupported_or_malformed() {
        for bad in [
            "(", ")", "a**", "*", "[a", "a{3,1}", r"\p{L}", "(?=a)", r"\1", "a{99999}", "[[a]]",
            "a++", "[z-a]", "\\",
        ] {
            assert!(Regex::new(bad).is_err(), "{bad} should be rejected");
        }
        let deep = format!("{}a{}", "(".repeat(100), ")".repeat(100));
        assert!(Regex::new(&deep).is_err());
        assert!(Regex::new("((a{1000}){1000}){1000}").is_err());
    }
}
