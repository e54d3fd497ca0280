//! Attribute text laid out exactly as rustfmt (edition 2021, default configuration) lays it
//! out, so generated files pass `cargo fmt --check` without running rustfmt.
//!
//! rustfmt puts an attribute's argument list on one line when the arguments, joined with
//! `", "`, take at most 70 columns (`attr_fn_like_width`) and the line fits in 100
//! (`max_width`); otherwise one argument per line, indented four more, without a trailing
//! comma. Nested lists (`length(min = 1, max = 2)`) follow the same rule at their own indent.
//! A list whose only argument is itself a list is hugged: `#[aws(item(` opens the line, the
//! inner arguments follow one per line, and `))]` closes it (rustfmt overflows a lone call).
//! Arguments that cannot be broken (a long string) overflow the line, as rustfmt leaves them.

use crate::docs::MAX_WIDTH;

/// rustfmt's `attr_fn_like_width` under the default `use_small_heuristics`.
const ATTR_ARGS_WIDTH: usize = 70;

/// One argument of an attribute.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    /// `key`.
    Flag(String),
    /// `key = value`, the value already written as Rust (a literal or a path).
    Value(String, String),
    /// `key(args)`.
    List(String, Vec<Arg>),
}

impl Arg {
    /// `key = "text"`, the text escaped as a Rust string literal.
    pub fn string(key: &str, text: &str) -> Arg {
        Arg::Value(key.to_owned(), string_literal(text))
    }

    /// `key = value` for a path or number.
    pub fn raw(key: &str, value: impl Into<String>) -> Arg {
        Arg::Value(key.to_owned(), value.into())
    }

    /// `key`.
    pub fn flag(key: &str) -> Arg {
        Arg::Flag(key.to_owned())
    }

    fn one_line(&self) -> String {
        match self {
            Arg::Flag(k) => k.clone(),
            Arg::Value(k, v) => format!("{k} = {v}"),
            Arg::List(k, args) => format!("{k}({})", join_one_line(args)),
        }
    }

    /// Appends this argument at `indent`, followed by `suffix` (`","` or nothing).
    fn write(&self, indent: usize, suffix: &str, out: &mut String) {
        match self {
            Arg::List(k, args) => {
                write_list(indent, format!("{k}("), args, format!("){suffix}"), out)
            }
            _ => out.push_str(&format!(
                "{}{}{suffix}\n",
                " ".repeat(indent),
                self.one_line()
            )),
        }
    }
}

/// `open`, the arguments and `close` at `indent`: on one line when they fit, hugged when the
/// only argument is a list, otherwise one argument per line.
fn write_list(indent: usize, open: String, args: &[Arg], close: String, out: &mut String) {
    let pad = " ".repeat(indent);
    if fits(indent, &open, args, &close) {
        out.push_str(&format!("{pad}{open}{}{close}\n", join_one_line(args)));
    } else if let [Arg::List(k, inner)] = args {
        write_list(
            indent,
            format!("{open}{k}("),
            inner,
            format!("){close}"),
            out,
        );
    } else {
        out.push_str(&format!("{pad}{open}\n"));
        write_vertical(args, indent + 4, out);
        out.push_str(&format!("{pad}{close}\n"));
    }
}

fn join_one_line(args: &[Arg]) -> String {
    args.iter()
        .map(Arg::one_line)
        .collect::<Vec<_>>()
        .join(", ")
}

fn fits(indent: usize, open: &str, args: &[Arg], close: &str) -> bool {
    let inner = join_one_line(args);
    let inner_width = inner.chars().count();
    // rustfmt lets a lone `key = value` run past its argument width (it cannot be broken).
    let lone_value = matches!(args, [Arg::Value(..)]);
    (lone_value || inner_width <= ATTR_ARGS_WIDTH)
        && indent + open.chars().count() + inner_width + close.chars().count() <= MAX_WIDTH
}

fn write_vertical(args: &[Arg], indent: usize, out: &mut String) {
    for (i, arg) in args.iter().enumerate() {
        let suffix = if i + 1 == args.len() { "" } else { "," };
        arg.write(indent, suffix, out);
    }
}

/// `#[name]` or `#[name(args)]` at `indent`, with its newline(s).
pub fn attribute(indent: usize, name: &str, args: &[Arg]) -> String {
    if args.is_empty() {
        return format!("{}#[{name}]\n", " ".repeat(indent));
    }
    let mut out = String::new();
    write_list(
        indent,
        format!("#[{name}("),
        args,
        ")]".to_owned(),
        &mut out,
    );
    out
}

/// `{indent}{head}: {ty},` — or, when that passes [`MAX_WIDTH`] and the type fits on a line
/// of its own, the type on the next line indented four more (rustfmt's struct field form).
pub fn field(indent: usize, head: &str, ty: &str) -> String {
    let pad = " ".repeat(indent);
    let line = format!("{pad}{head}: {ty},");
    if line.chars().count() <= MAX_WIDTH || indent + 4 + ty.chars().count() + 1 > MAX_WIDTH {
        return format!("{line}\n");
    }
    format!("{pad}{head}:\n{pad}    {ty},\n")
}

/// `{indent}{name}({ty}),` — or, past [`MAX_WIDTH`], the type on its own line (rustfmt's
/// tuple variant form).
pub fn tuple_variant(indent: usize, name: &str, ty: &str) -> String {
    let pad = " ".repeat(indent);
    let line = format!("{pad}{name}({ty}),");
    if line.chars().count() <= MAX_WIDTH {
        return format!("{line}\n");
    }
    format!("{pad}{name}(\n{pad}    {ty},\n{pad}),\n")
}

/// A Rust string literal holding `text`.
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A number as a Rust literal: integers without a fraction, others as written by `f64`.
pub fn number_literal(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e18 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lists_stay_on_one_line() {
        let args = [
            Arg::raw("length", "x"),
            Arg::List(
                "length".into(),
                vec![Arg::raw("min", "1"), Arg::raw("max", "128")],
            ),
        ];
        assert_eq!(
            attribute(4, "aws", &args),
            "    #[aws(length = x, length(min = 1, max = 128))]\n"
        );
        assert_eq!(attribute(0, "aws_shape", &[]), "#[aws_shape]\n");
    }

    #[test]
    fn long_lists_go_vertical_at_71_columns() {
        let pattern = |n: usize| Arg::string("pattern", &"a".repeat(n));
        // "sensitive, pattern = \"...\"": 23 columns plus the pattern.
        let at_70 = attribute(4, "aws", &[Arg::flag("sensitive"), pattern(47)]);
        assert_eq!(at_70.lines().count(), 1);
        let at_71 = attribute(4, "aws", &[Arg::flag("sensitive"), pattern(48)]);
        assert_eq!(
            at_71,
            format!(
                "    #[aws(\n        sensitive,\n        pattern = \"{}\"\n    )]\n",
                "a".repeat(48)
            )
        );
    }

    #[test]
    fn a_lone_long_list_is_hugged() {
        let item = Arg::List(
            "item".into(),
            vec![
                Arg::List("length".into(), vec![Arg::raw("min", "1")]),
                Arg::string("pattern", &"a".repeat(60)),
            ],
        );
        assert_eq!(
            attribute(4, "aws", &[item]),
            format!(
                "    #[aws(item(\n        length(min = 1),\n        pattern = \"{}\"\n    ))]\n",
                "a".repeat(60)
            )
        );
    }

    #[test]
    fn long_fields_and_variants() {
        assert_eq!(field(4, "pub a", "String"), "    pub a: String,\n");
        let name = format!("pub {}", "x".repeat(60));
        let ty = format!("Option<{}>", "T".repeat(40));
        assert_eq!(
            field(4, &name, &ty),
            format!("    {name}:\n        {ty},\n")
        );
        // Too long even on a line of its own: rustfmt leaves it.
        let ty = "T".repeat(95);
        assert_eq!(field(4, "pub a", &ty), format!("    pub a: {ty},\n"));
        let v = "V".repeat(92);
        assert_eq!(
            tuple_variant(4, &v, "Foo"),
            format!("    {v}(\n        Foo,\n    ),\n")
        );
        assert_eq!(tuple_variant(4, "V", "Foo"), "    V(Foo),\n");
    }

    #[test]
    fn literals() {
        assert_eq!(string_literal("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
        assert_eq!(number_literal(5.0), "5");
        assert_eq!(number_literal(-1.5), "-1.5");
    }
}
