//! The meaning of patterns, case by case, through the public API: what `tests/corpus.rs`
//! cannot ask its reference engine (Java syntax with no ECMA-262 spelling), and the engine's
//! own mechanisms (counting, look-around passes, rewritten backreferences, corrupt tables).

use aws_op_pattern::{compile, Assertion, Automaton, Counter, ErrorKind, Program, State};

fn check(pattern: &str, accepted: &[&str], rejected: &[&str]) {
    let regex = compile(pattern).unwrap_or_else(|e| panic!("{pattern:?}: {e}"));
    for text in accepted {
        assert!(regex.is_match(text), "{pattern:?} should accept {text:?}");
    }
    for text in rejected {
        assert!(!regex.is_match(text), "{pattern:?} should reject {text:?}");
    }
}

#[test]
fn some_part_of_the_value_must_match() {
    // Smithy's own example: `\w+` accepts "hello" and "!hello!".
    check(r"\w+", &["hello", "!hello!"], &["", "!!!", "é"]);
    check("[A-Za-z0-9-_]+", &["not valid!", "a"], &["!!", " ", ""]);
    check("^[a-z]+$", &["abc"], &["abc1", "1abc", "", "abc\n"]);
    check("^abc", &["abcd"], &["xabc"]);
    check("abc$", &["xabc"], &["abcx"]);
    check(r"$|^(https):\/\/.*", &["", "https://x", "anything"], &[]);
    check(
        r"^$|^(https):\/\/.*$",
        &["", "https://x"],
        &["http://x", " "],
    );
    // `*` matches the empty string somewhere in every value.
    check("[a-z]*", &["", "!!!", "ABC"], &[]);
}

#[test]
fn java_inline_flags_fold_ascii_only() {
    check(
        r"^(?i)(true|false)$",
        &["true", "TRUE", "False"],
        &["yes", "true "],
    );
    check(
        r"^(?!(?i)AWS_)[a-zA-Z_][a-zA-Z0-9_]*$",
        &["MY_VAR", "aws", "xAWS_"],
        &["AWS_X", "aws_x", "Aws_"],
    );
    // Unanchored, the model's pattern accepts "AWS_X": "WS_X" matches.
    check(
        r"(?!(?i)AWS_)[a-zA-Z_][a-zA-Z0-9_]*",
        &["AWS_X", "x"],
        &["", "1", "-"],
    );
    // Only the letters of `(?i)`'s group and after: `[^:\\]+` keeps its case.
    check(
        r"^(?![^:\\]*/action/|(?i).*<script>.*</script>.*)[^:\\]+$",
        &["a/b", "<SCRIPT>"],
        &[
            "x/action/y",
            "<script>x</script>",
            "<SCRIPT>x</Script>",
            "a:b",
        ],
    );
    // Java folds ASCII only: the Kelvin sign is not a `k`.
    check("(?i)k", &["k", "K"], &["\u{212A}"]);
    check("(?s).{1,3}", &["\n"], &[""]);
    check(".", &["a", "\u{85}"], &["\n", "\r", "\u{2028}", ""]);
}

#[test]
fn java_classes() {
    check(
        r"^[\p{Print}&&[^|:/]]+$",
        &["abc 1", "~"],
        &["a|b", "a:b", "a/b", "é", "\t"],
    );
    check(
        r"^\p{Punct}+$",
        &["!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"],
        &["a", "¡"],
    );
    check(r"^\p{Alnum}+$", &["aZ09"], &["é", "_"]);
    check(r"^\p{Alpha}$", &["a", "Z"], &["é", "1"]);
    check(r"^\p{XDigit}{4}$", &["0aF9"], &["0aG9"]);
    check(r"^\p{Space}$", &[" ", "\t", "\u{0B}", "\r"], &["\u{A0}"]);
    check(r"^\p{Blank}$", &[" ", "\t"], &["\n"]);
    check(r"^\p{Cntrl}$", &["\0", "\u{7F}"], &["\u{80}"]);
    check(r"^\p{Graph}+$", &["a!"], &["a b"]);
    check(r"^[\p{Upper}\p{Lower}\p{Digit}]+$", &["aZ0"], &["Ä"]);
    check(r"^\p{ASCII}+$", &["\0~\u{7F}"], &["\u{80}"]);
    check(r"^\p{IsAlphabetic}+$", &["aé日Ⅻ"], &["1", "_"]);
    check(r"^(\p{LD}|\p{Punct}| )+$", &["a1 !٣"], &["\t"]);
    check(r"^[\p{all}]+$", &["\n😀"], &[""]);
    check(
        r"^[^\p{C}\p{IsWhitespace}]+$",
        &["a", "日"],
        &[" ", "\u{3000}", "\0", "\u{E000}"],
    );
    check(r"\A[a-z]+\z", &["abc"], &["abc\n"]);
    check(r"^\x{0022}$", &["\""], &["x"]);
    check(r"^[^/:|\000-\037]+$", &["a b"], &["\t", "a/b"]);
}

#[test]
fn surrogate_pairs_are_code_points() {
    let full = r"^[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\r\n\t]*$";
    check(
        full,
        &["", "a😀\n", "\u{10000}\u{10FFFF}"],
        &["\u{1}", "\u{FFFE}"],
    );
    // High + high is not a pair: this class has no astral character.
    let lone = r"^[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDBFF-\uDC00\uDFFF\t]*$";
    check(lone, &["abc", "\u{FFFD}"], &["😀"]);
}

#[test]
fn bounded_repetitions_are_counted_at_their_bounds() {
    check("^[a-z]{2,4}$", &["ab", "abcd"], &["a", "abcde"]);
    check("^[a-z]{3,}$", &["abc", &"a".repeat(5000)], &["ab"]);
    check(
        "^.{1,65535}$",
        &["x", &"x".repeat(65_535)],
        &["", &"x".repeat(65_536)],
    );
    check(
        "^(ab){2,3}$",
        &["abab", "ababab"],
        &["ab", "abababab", "aba"],
    );
    check(
        "^(ab){2,}$",
        &["abab", &"ab".repeat(1000)],
        &["ab", "ababa"],
    );
    check("^(a?){3}$", &["", "a", "aaa"], &["aaaa"]);
    // A group repeated 1,016 times is one loop, not 1,016 copies.
    let deep = r"^https://([.\-_a-zA-Z0-9]+/?){3,1016}$";
    check(
        deep,
        &["https://a/b/c", "https://abc"],
        &["https://ab", "https://a/", "https://"],
    );
    let regex = compile(deep).unwrap();
    assert!(
        regex.program().states.len() < 40,
        "{}",
        regex.program().states.len()
    );
    assert!(regex.is_match(&format!("https://{}", "a/".repeat(1016))));
    assert!(!regex.is_match(&format!("https://{}", "a/".repeat(1017))));
    // Nested: the outer group counts, the inner class is copied.
    let ipv6 = r"^([0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}$";
    check(
        ipv6,
        &["1:22:333:4444:a:b:c:dEf0"],
        &["1:2:3:4:5:6:7", "12345:2:3:4:5:6:7:8"],
    );
    // Java reads `x{11}{0,1011}` as `x{11}` followed by an empty `{0,1011}`.
    check(
        r"^[0-9a-zA-Z]{11}{0,1011}$",
        &["abcdefghijk"],
        &["abcdefghij", &"a".repeat(22)],
    );
    // A quantified assertion is the assertion.
    check(r"^[-_a-zA-Z0-9]*${2,64}$", &["a-b", ""], &["a b"]);
}

#[test]
fn look_arounds_are_exact() {
    let guard = r"^(?=.{1,64}$)[a-z0-9]+(-[a-z0-9]+)*$";
    check(
        guard,
        &["a", &"a".repeat(64), "a-b"],
        &["", &"a".repeat(65), "a-", "-a"],
    );
    check(
        r"^(?!aws:)[\p{L}\p{N}_.:/=+\-@]{1,128}$",
        &["my:tag", "AWS:x"],
        &["aws:x", "aws:"],
    );
    check(r"^[0-9A-Za-z\.\-_]*(?<!\.)$", &["a.b", ""], &["a."]);
    check(
        r"^[\da-z]{1}[\da-z-]{1,48}[\da-z]{1}(?<!-s3alias)(?<!-ext-s3alias)$",
        &["my-bucket"],
        &["my-s3alias", "ab-ext-s3alias"],
    );
    check(
        r"^(?![.-])(?!.*[.-]{2})(?![0-9]+\.[0-9.]+$)[a-zA-Z0-9.-]{1,47}(?<![.-])$",
        &["a.b-c", "v1.2a"],
        &[".a", "a..b", "1.2.3", "a-"],
    );
    // Nested look-arounds, and one inside a counted loop.
    check(r"^(?=[a-z]+(?<!x)$).*$", &["abc"], &["abx", "ab1"]);
    check(r"^((?!-)[a-z-]{1,5}\.){2}$", &["a.b-c."], &["-a.b.", "a.b"]);
    check(r"\bfoo\b", &["a foo b", "foo"], &["afoob", "foo_"]);
    check(r"^\B.\B$", &["-"], &["a"]);
}

#[test]
fn possessive_quantifiers_on_one_class() {
    // Possessive takes every character it can and gives none back.
    check("^a*+a$", &[], &["a", "aaa"]);
    check("^[a-z]{2,4}+[a-z]$", &["abcde"], &["abc", "abcd", "abcdef"]);
    check(r"^[\/]?+[a-z]+$", &["/ab", "ab"], &["//ab"]);
    check(r"^\d{1}+:\d{12}+$", &["1:123456789012"], &["1:1234"]);
    assert_eq!(
        compile("(ab)*+").unwrap_err().kind(),
        ErrorKind::Unsupported
    );
}

#[test]
fn backreferences_to_groups_of_few_texts() {
    check(
        r"^(-?)\d{2}\1\d{2}$",
        &["1234", "-12-34"],
        &["12-34", "-1234", "12-3-4"],
    );
    check(r"^(a|bc)x\1$", &["axa", "bcxbc"], &["axbc", "bcxa"]);
    // An unset group's reference matches the empty string (ECMA-262).
    check(r"^(?:(-)|x)\1y$", &["--y", "xy"], &["x-y"]);
    let iso = r"^([\+-]?\d{4}(?!\d{2}\b))((-?)((0[1-9]|1[0-2])(\3([12]\d|0[1-9]|3[01]))?|W([0-4]\d|5[0-2])(-?[1-7])?|(00[1-9]|0[1-9]\d|[12]\d{2}|3([0-5]\d|6[1-6])))([T\s]((([01]\d|2[0-3])((:?)[0-5]\d)?|24\:?00)([\.,]\d+(?!:))?)?(\17[0-5]\d([\.,]\d+)?)?([zZ]|([\+-])([01]\d|2[0-3]):?([0-5]\d)?)?)?)?$";
    check(
        iso,
        &[
            "2024-01-31",
            "20240131",
            "2024-01-31T12:30:45Z",
            "20240131T123045",
            "2024-W05-3",
        ],
        &["2024-0131", "202401-31", "2024-01-31T12:3045", "2024-13-01"],
    );
    let err = compile(r"^(?!.*?(.)\1{3})[-_!@#$a-zA-Z0-9]*$").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported);
    assert!(err.message().contains("backreference `\\1`"), "{err}");
}

#[test]
fn matching_is_linear() {
    // A backtracking engine takes exponential time on these; here each is one pass.
    let certificate =
        compile(r"-----BEGIN CERTIFICATE-----.*(.|\n)*-----END CERTIFICATE-----\n?").unwrap();
    let body = "ab\n".repeat(100_000);
    assert!(!certificate.is_match(&format!("-----BEGIN CERTIFICATE-----{body}")));
    assert!(certificate.is_match(&format!(
        "-----BEGIN CERTIFICATE-----{body}-----END CERTIFICATE-----"
    )));
    let nested = compile(r"^(.*[\n\r\t\f\ ]?)*$").unwrap();
    assert!(nested.is_match(&" x".repeat(100_000)));
    let guards = compile(r"^(?=.{1,255}$)(?!.*--)([a-z]+-?)*[a-z]$").unwrap();
    assert!(!guards.is_match(&format!("{}!", "a-".repeat(100_000))));
}

#[test]
fn syntax_errors_and_unsupported_constructs_differ() {
    for pattern in ["[a-z", "(a", "a)", "*", "a{2,1}", r"\q"] {
        assert_eq!(
            compile(pattern).unwrap_err().kind(),
            ErrorKind::Syntax,
            "{pattern}"
        );
    }
    for pattern in ["(?>a)", r"\p{IsLatin}", r"(.)\1"] {
        assert_eq!(
            compile(pattern).unwrap_err().kind(),
            ErrorKind::Unsupported,
            "{pattern}"
        );
    }
}

#[test]
fn corrupt_tables_never_match_or_panic() {
    let states = [
        State::Split(1, 9),
        State::Char {
            start: 7,
            len: u32::MAX,
            next: 0,
        },
        State::Assert {
            assertion: Assertion::LookAround {
                automaton: 5,
                negated: false,
            },
            next: 3,
        },
        State::Repeat {
            start: 0,
            len: 1,
            min: 2,
            max: 1,
            next: 99,
        },
        State::CounterLoop {
            counter: 3,
            body: 0,
            exit: 2,
        },
        State::CounterIncrement {
            counter: 0,
            next: 4,
        },
        State::CounterStart {
            counter: 0,
            next: 4,
        },
    ];
    let counters = [Counter {
        min: 5,
        max: 2,
        first: 4,
        end: 100,
    }];
    let automata = [
        Automaton {
            start: 6,
            backward: true,
        },
        Automaton {
            start: 0,
            backward: false,
        },
    ];
    let program = Program {
        states: &states,
        ranges: &[(0x61, 0x7A)],
        counters: &counters,
        automata: &automata,
    };
    for text in ["", "a", "abc", "😀😀"] {
        assert!(!program.is_match(text), "{text:?}");
    }
    let empty = Program {
        states: &[],
        ranges: &[],
        counters: &[],
        automata: &[],
    };
    assert!(!empty.is_match(""));
}
