//! Doc comments from the model's HTML documentation: the first sentence, as plain Markdown
//! that rustdoc renders without warnings, wrapped into `///` lines.

/// The widest a generated line may be (rustfmt's default `max_width`).
pub const MAX_WIDTH: usize = 100;

/// A piece of cleaned documentation text.
#[derive(Clone, Debug, PartialEq)]
enum Piece {
    Text(String),
    Code(String),
}

/// Tags that sit inside a sentence; every other tag separates words.
const INLINE_TAGS: &[&str] = &[
    "a", "b", "i", "em", "strong", "span", "u", "sub", "sup", "code", "tt", "kbd", "var",
];

/// Abbreviations whose period does not end a sentence.
const ABBREVIATIONS: &[&str] = &["e.g", "i.e", "etc", "vs", "approx", "Inc", "Ltd", "No"];

/// The first sentence of `html`, cleaned: tags removed (`<code>` kept as code spans),
/// entities decoded, whitespace collapsed, escaped for Markdown. `None` when nothing is left.
pub fn summary(html: &str) -> Option<String> {
    let pieces = first_sentence(parse(html));
    let text = render(&pieces);
    (!text.is_empty()).then_some(text)
}

/// `text` as a code span (`""` for the empty string), or escaped plain text when it holds a
/// backtick.
pub fn code(text: &str) -> String {
    if text.is_empty() {
        return "`\"\"`".into();
    }
    render(&[Piece::Code(text.to_owned())])
}

/// Splits HTML into text and code pieces, decoding entities.
fn parse(html: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut code_depth = 0usize;
    let mut code = String::new();
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            if let Some(end) = rest.find('>') {
                let tag = &rest[1..end];
                let closing = tag.starts_with('/');
                let name: String = tag
                    .trim_start_matches('/')
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect::<String>()
                    .to_ascii_lowercase();
                if !name.is_empty() {
                    rest = &rest[end + 1..];
                    if name == "code" || name == "tt" {
                        if closing {
                            if code_depth > 0 {
                                code_depth -= 1;
                                if code_depth == 0 {
                                    flush_code(&mut pieces, &mut text, &mut code);
                                }
                            }
                        } else {
                            code_depth += 1;
                        }
                    } else if !INLINE_TAGS.contains(&name.as_str()) {
                        if code_depth > 0 {
                            code.push(' ');
                        } else {
                            text.push(' ');
                        }
                    }
                    continue;
                }
            }
        }
        let (decoded, len) = decode_char(rest);
        if code_depth > 0 {
            code.push(decoded);
        } else {
            text.push(decoded);
        }
        rest = &rest[len..];
    }
    if !code.is_empty() {
        flush_code(&mut pieces, &mut text, &mut code);
    }
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    collapse(pieces)
}

fn flush_code(pieces: &mut Vec<Piece>, text: &mut String, code: &mut String) {
    if !text.is_empty() {
        pieces.push(Piece::Text(std::mem::take(text)));
    }
    let trimmed = code.split_whitespace().collect::<Vec<_>>().join(" ");
    code.clear();
    if !trimmed.is_empty() {
        pieces.push(Piece::Code(trimmed));
    }
}

/// One character of `s`, decoding an entity at its start; returns the byte length used.
fn decode_char(s: &str) -> (char, usize) {
    let c = s.chars().next().unwrap_or(' ');
    if c != '&' {
        return (c, c.len_utf8());
    }
    let Some(end) = s[..s.len().min(12)].find(';') else {
        return ('&', 1);
    };
    let entity = &s[1..end];
    let decoded = match entity {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => {
            let number = if let Some(hex) = entity.strip_prefix("#x").or(entity.strip_prefix("#X"))
            {
                u32::from_str_radix(hex, 16).ok()
            } else {
                entity.strip_prefix('#').and_then(|d| d.parse::<u32>().ok())
            };
            number.and_then(char::from_u32)
        }
    };
    match decoded {
        Some(ch) => (ch, end + 1),
        None => ('&', 1),
    }
}

/// Collapses whitespace in text pieces, across piece boundaries too.
fn collapse(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut last_space = true;
    for piece in pieces {
        match piece {
            Piece::Text(t) => {
                let mut s = String::new();
                for ch in t.chars() {
                    if ch.is_whitespace() || ch.is_control() {
                        if !last_space {
                            s.push(' ');
                            last_space = true;
                        }
                    } else {
                        s.push(ch);
                        last_space = false;
                    }
                }
                if !s.is_empty() {
                    out.push(Piece::Text(s));
                }
            }
            Piece::Code(c) => {
                out.push(Piece::Code(c));
                last_space = false;
            }
        }
    }
    if let Some(Piece::Text(t)) = out.last_mut() {
        let trimmed = t.trim_end().to_owned();
        *t = trimmed;
        if t.is_empty() {
            out.pop();
        }
    }
    out
}

/// The pieces up to the end of the first sentence: `.`, `!` or `?` followed by a space or
/// the end, outside code, not closing an abbreviation.
fn first_sentence(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut out = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Code(c) => out.push(Piece::Code(c)),
            Piece::Text(t) => {
                let chars: Vec<(usize, char)> = t.char_indices().collect();
                for (i, &(at, ch)) in chars.iter().enumerate() {
                    if !matches!(ch, '.' | '!' | '?') {
                        continue;
                    }
                    let next = chars.get(i + 1).map(|&(_, c)| c);
                    if next.is_some_and(|c| c != ' ') {
                        continue;
                    }
                    let before = &t[..at];
                    let word = before.rsplit(' ').next().unwrap_or_default();
                    if ch == '.' && ABBREVIATIONS.contains(&word) {
                        continue;
                    }
                    out.push(Piece::Text(t[..at + ch.len_utf8()].to_owned()));
                    return out;
                }
                out.push(Piece::Text(t));
            }
        }
    }
    out
}

/// Markdown for the pieces: code spans kept, text escaped, bare URLs made autolinks.
fn render(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Code(c) if !c.contains('`') => {
                out.push('`');
                out.push_str(c);
                out.push('`');
            }
            Piece::Code(c) | Piece::Text(c) => escape_text(c, &mut out),
        }
    }
    out.trim().to_owned()
}

fn escape_text(text: &str, out: &mut String) {
    let mut rest = text;
    while !rest.is_empty() {
        let url_start = ["https://", "http://"]
            .iter()
            .filter_map(|p| rest.find(p))
            .min();
        let (plain, url) = match url_start {
            Some(i) => {
                let tail = &rest[i..];
                let end = tail
                    .find(|c: char| {
                        c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | '[' | ']')
                    })
                    .unwrap_or(tail.len());
                let mut url = &tail[..end];
                while url.ends_with(['.', ',', ';', ':', ')', '!', '?', '\'']) {
                    url = &url[..url.len() - 1];
                }
                (&rest[..i], Some(url))
            }
            None => (rest, None),
        };
        for ch in plain.chars() {
            if matches!(ch, '\\' | '[' | ']' | '<' | '`') {
                out.push('\\');
            }
            out.push(ch);
        }
        rest = &rest[plain.len()..];
        if let Some(url) = url {
            if url.len() > "https://".len() {
                out.push('<');
                out.push_str(url);
                out.push('>');
            } else {
                out.push_str(&url.replace('/', "\\/"));
            }
            rest = &rest[url.len()..];
        }
    }
}

/// Words that would start a Markdown block (list item, heading, quote, table or setext
/// underline) if a line began with them.
fn starts_block(word: &str) -> bool {
    if word.starts_with(['-', '+', '*', '#', '>', '=', '|']) {
        return true;
    }
    let digits = word.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && word[digits..].starts_with(['.', ')'])
}

/// `///` lines holding `text`, indented by `indent` spaces, wrapped at [`MAX_WIDTH`]; a line
/// never starts with a word that would begin a Markdown block, and never breaks a code span.
pub fn doc_lines(text: &str, indent: usize) -> Vec<String> {
    wrapped(&format!("{}///", " ".repeat(indent)), text)
}

/// `text` in lines starting with `prefix` and a space, at most [`MAX_WIDTH`] wide.
fn wrapped(prefix: &str, text: &str) -> Vec<String> {
    let width = MAX_WIDTH.saturating_sub(prefix.len() + 1).max(20);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in unbreakable_words(text) {
        let fits = line.is_empty() || line.chars().count() + 1 + word.chars().count() <= width;
        if fits || starts_block(&word) {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&word);
        } else {
            lines.push(std::mem::take(&mut line));
            line = word;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
        .into_iter()
        .map(|l| {
            if l.is_empty() {
                prefix.to_owned()
            } else {
                format!("{prefix} {l}")
            }
        })
        .collect()
}

/// Splits at spaces, keeping each code span in one piece.
fn unbreakable_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut in_code = false;
    let mut escaped = false;
    for ch in text.chars() {
        if ch == ' ' && !in_code {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        if ch == '`' && !escaped {
            in_code = !in_code;
        }
        escaped = ch == '\\' && !escaped && !in_code;
        current.push(ch);
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_sentence_without_html() {
        let html = "<p>Creates a <code>Thing</code>, e.g. a lamp. Then more.</p>";
        assert_eq!(summary(html).unwrap(), "Creates a `Thing`, e.g. a lamp.");
        assert_eq!(summary("<p>  </p>"), None);
        assert_eq!(
            summary("<p>Uses &lt;b&gt; &amp; &#39;x&#39; &#x41;</p>").unwrap(),
            "Uses \\<b> & 'x' A"
        );
        assert_eq!(
            summary("A version like 1.0.0 is fine. Next.").unwrap(),
            "A version like 1.0.0 is fine."
        );
    }

    #[test]
    fn escapes_what_rustdoc_would_misread() {
        assert_eq!(
            summary("See [the list] at https://example.com/a_b.").unwrap(),
            "See \\[the list\\] at <https://example.com/a_b>."
        );
        assert_eq!(summary("a ` b").unwrap(), "a \\` b");
        assert_eq!(summary("<code>a`b</code> c").unwrap(), "a\\`b c");
        assert_eq!(
            summary("<a href=\"https://x.y\">link</a> text").unwrap(),
            "link text"
        );
        assert_eq!(summary("x<br/>y <unclosed").unwrap(), "x y \\<unclosed");
        assert_eq!(code("VALUE"), "`VALUE`");
        assert_eq!(code(""), "`\"\"`");
    }

    #[test]
    fn wraps_without_starting_blocks() {
        let text = "word ".repeat(30);
        let lines = doc_lines(text.trim(), 4);
        assert!(lines.len() > 1);
        assert!(lines
            .iter()
            .all(|l| l.len() <= MAX_WIDTH && l.starts_with("    /// ")));
        let text = format!("{} - not a list 1. not a list", "x".repeat(90));
        for line in doc_lines(&text, 0) {
            let body = line.trim_start_matches("/// ");
            assert!(!starts_block(body.split(' ').next().unwrap()), "{line}");
        }
        assert_eq!(doc_lines("`a b c`", 0), ["/// `a b c`"]);
    }
}
