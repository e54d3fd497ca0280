//! `pattern` constraints through the public macro path, against an ECMA-262 engine.
//!
//! Every distinct `pattern` of the iot-managed-integrations model, and model patterns that use
//! each construct the engine translates (surrogate pairs, Java classes and flags, look-arounds,
//! counted repetitions, backreferences), go through `#[aws_shape]`, which compiles them into
//! static tables; the verdict of the generated `Validate` impl on many generated strings must
//! equal that of the `regress` crate (ECMA-262) searching the value, as Smithy's unanchored
//! `pattern` does. Patterns in Java syntax, which `regress` does not read, are compared with
//! the same engine compiled at run time (their meaning is checked in `pattern/tests`).

use aws_op::__private::{Member, Path, Validate, Validator};
use aws_op::prelude::*;
use aws_op::Rule;

/// The distinct `pattern` values of `models/iot-managed-integrations/service-2.json`, in the
/// order of the fields of [`AllPatterns`].
const PATTERNS: [&str; 64] = [
    r"$|^(https):\/\/.*",
    r"(0|[1-9][0-9]*)",
    r"([A-Za-z0-9!#$%&()*\+\-;<=>?@^_`{|}~])+",
    r"(\d+\.\d+(\.\d+)?|\$latest)",
    r"(arn:aws:lambda:[0-9a-zA-Z-]+:[0-9]+:function:)?([a-zA-Z0-9-_]+(:(\$LATEST|[a-zA-Z0-9-_]+))?)",
    r"(http|https)://.*",
    r"-----BEGIN CERTIFICATE-----.*(.|\n)*-----END CERTIFICATE-----\n?",
    r".*[a-zA-Z0-9_.,@/:#-]*.*",
    r".*[a-zA-Z0-9_.,@/:#-]+.*",
    r"0[xX][0-9a-fA-F]+$|^[0-9]+",
    r"1\.0\.0",
    r"[*]$|^(managed-thing|credential-locker|provisioning-profile|ota-task|account-association)",
    r"[/a-zA-Z0-9\._ -]+",
    r"[/a-zA-Z]+",
    r"[0-9.]+",
    r#"[0-9A-Za-z!#$%&()*\+\-;<=>?@^_`{|}~\/: {},\\"]+"#,
    r"[0-9A-Za-z_-]+",
    r"[0-9A-Za-z_\- ]+",
    r"[0-9A-Za-z_\-\+=\/:; ]+",
    r"[0-9]+",
    r"[0-9a-zA-Z._-]+",
    r"[0-9a-zA-Z]+",
    r"[A-Za-z0-9-_ ]+",
    r"[A-Za-z0-9-_]+",
    r"[A-Za-z0-9._@-]+",
    r"[A-Za-z0-9]+",
    r"[\p{L}\p{N} ._-]+",
    r"[\s\S]*",
    r"[\sa-zA-Z0-9_.,@-]+",
    r"[a-z0-9]+",
    r"[a-zA-Z.]+",
    r"[a-zA-Z0-9 _.-]+",
    r#"[a-zA-Z0-9 _.{}:"-]+"#,
    r"[a-zA-Z0-9+*]*",
    r"[a-zA-Z0-9-_]+",
    r"[a-zA-Z0-9.,/ -]+",
    r"[a-zA-Z0-9./]+(@\d+\.\d+)?",
    r"[a-zA-Z0-9.]+",
    r"[a-zA-Z0-9.]+@(\d+\.\d+(\.\d+)?|\$latest)",
    r"[a-zA-Z0-9:=_-]+",
    r"[a-zA-Z0-9:_-]*",
    r"[a-zA-Z0-9=_+/-]+",
    r"[a-zA-Z0-9=_-]+",
    r"[a-zA-Z0-9=_. ,@\+\-/]+",
    r"[a-zA-Z0-9=_.,@\+\-/]+",
    r"[a-zA-Z0-9=_.,@\+\-]+",
    r"[a-zA-Z0-9\-._,]+",
    r"[a-zA-Z0-9\s'\x{0022},.:\\\/{$}\[\]=_\-\+]+",
    r"[a-zA-Z0-9]*",
    r"[a-zA-Z0-9]+=(?:_[0-9]+)?",
    r"[a-zA-Z0-9_-]+",
    r"[a-zA-Z0-9_.,@-]+",
    r"\d+\.\d+",
    r"arn:aws:[0-9a-zA-Z]+:[0-9a-zA-Z-]+:[0-9]+:[0-9a-zA-Z]+/[0-9a-zA-Z._-]+",
    r"arn:aws:iotmanagedintegrations:[0-9a-zA-Z-]+:[0-9]+:(managed-thing|provisioning-profile|ota-task|credential-locker|account-association)/[0-9a-zA-Z]+",
    r"arn:aws:iotmanagedintegrations:[0-9a-zA-Z-]+:[0-9]+:account-association/[0-9a-zA-Z]+",
    r"arn:aws:iotmanagedintegrations:[0-9a-zA-Z-]+:[0-9]+:credential-locker/[0-9a-zA-Z]+",
    r"arn:aws:iotmanagedintegrations:[0-9a-zA-Z-]+:[0-9]+:device-discovery/[0-9a-zA-Z]+",
    r"arn:aws:iotmanagedintegrations:[0-9a-zA-Z-]+:[0-9]+:managed-thing/([0-9a-zA-Z:_-])+",
    r"arn:aws:iotmanagedintegrations:[0-9a-zA-Z-]+:[0-9]+:ota-task/[0-9a-zA-Z]+",
    r"arn:aws:iotmanagedintegrations:[0-9a-zA-Z-]+:[0-9]+:provisioning-profile/[0-9a-zA-Z]+",
    r"arn:aws:kms:[0-9a-zA-Z-]+:[0-9]+:key/[0-9a-zA-Z-]+",
    r"arn:aws:secretsmanager:[0-9a-zA-Z-]{1,32}:\d{12}:secret:[A-Za-z0-9/_+=.@-]{8,520}",
    r"https?:\/\/(www\.)?[-a-zA-Z0-9@:%._\+~#=]{1,256}\.[a-zA-Z0-9()]{1,6}([-a-zA-Z0-9()@:%_\+.~#?&\/=]*)",
];

/// One member per pattern of [`PATTERNS`], same order.
#[aws_shape]
#[derive(Default)]
pub struct AllPatterns {
    #[aws(pattern = r"$|^(https):\/\/.*")]
    pub p0: Option<String>,
    #[aws(pattern = r"(0|[1-9][0-9]*)")]
    pub p1: Option<String>,
    #[aws(pattern = r"([A-Za-z0-9!#$%&()*\+\-;<=>?@^_`{|}~])+")]
    pub p2: Option<String>,
    #[aws(pattern = r"(\d+\.\d+(\.\d+)?|\$latest)")]
    pub p3: Option<String>,
    #[aws(
        pattern = r"(arn:aws:lambda:[0-9a-zA-Z-]+:[0-9]+:function:)?([a-zA-Z0-9-_]+(:(\$LATEST|[a-zA-Z0-9-_]+))?)"
    )]
    pub p4: Option<String>,
    #[aws(pattern = r"(http|https)://.*")]
    pub p5: Option<String>,
    #[aws(pattern = r"-----BEGIN CERTIFICATE-----.*(.|\n)*-----END CERTIFICATE-----\n?")]
    pub p6: Option<String>,
    #[aws(pattern = r".*[a-zA-Z0-9_.,@/:#-]*.*")]
    pub p7: Option<String>,
    #[aws(pattern = r".*[a-zA-Z0-9_.,@/:#-]+.*")]
    pub p8: Option<String>,
    #[aws(pattern = r"0[xX][0-9a-fA-F]+$|^[0-9]+")]
    pub p9: Option<String>,
    #[aws(pattern = r"1\.0\.0")]
    pub p10: Option<String>,
    #[aws(
        pattern = r"[*]$|^(managed-thing|credential-locker|provisioning-profile|ota-task|account-association)"
    )]
    pub p11: Option<String>,
    #[aws(pattern = r"[/a-zA-Z0-9\._ -]+")]
    pub p12: Option<String>,
    #[aws(pattern = r"[/a-zA-Z]+")]
    pub p13: Option<String>,
    #[aws(pattern = r"[0-9.]+")]
    pub p14: Option<String>,
    #[aws(pattern = r#"[0-9A-Za-z!#$%&()*\+\-;<=>?@^_`{|}~\/: {},\\"]+"#)]
    pub p15: Option<String>,
    #[aws(pattern = r"[0-9A-Za-z_-]+")]
    pub p16: Option<String>,
    #[aws(pattern = r"[0-9A-Za-z_\- ]+")]
    pub p17: Option<String>,
    #[aws(pattern = r"[0-9A-Za-z_\-\+=\/:; ]+")]
    pub p18: Option<String>,
    #[aws(pattern = r"[0-9]+")]
    pub p19: Option<String>,
    #[aws(pattern = r"[0-9a-zA-Z._-]+")]
    pub p20: Option<String>,
    #[aws(pattern = r"[0-9a-zA-Z]+")]
    pub p21: Option<String>,
    #[aws(pattern = r"[A-Za-z0-9-_ ]+")]
    pub p22: Option<String>,
    #[aws(pattern = r"[A-Za-z0-9-_]+")]
    pub p23: Option<String>,
    #[aws(pattern = r"[A-Za-z0-9._@-]+")]
    pub p24: Option<String>,
    #[aws(pattern = r"[A-Za-z0-9]+")]
    pub p25: Option<String>,
    #[aws(pattern = r"[\p{L}\p{N} ._-]+")]
    pub p26: Option<String>,
    #[aws(pattern = r"[\s\S]*")]
    pub p27: Option<String>,
    #[aws(pattern = r"[\sa-zA-Z0-9_.,@-]+")]
    pub p28: Option<String>,
    #[aws(pattern = r"[a-z0-9]+")]
    pub p29: Option<String>,
    #[aws(pattern = r"[a-zA-Z.]+")]
    pub p30: Option<String>,
    #[aws(pattern = r"[a-zA-Z0-9 _.-]+")]
    pub p31: Option<String>,
    #[aws(pattern = r#"[a-zA-Z0-9 _.{}:"-]+"#)]
    pub p32: Option<String>,
    #[aws(pattern = r"[a-zA-Z0-9+*]*")]
    pub p33: Option<String>,
    #[aws(pattern = r"[a-zA-Z0-9-_]+")]
    pub p34: Option<String>,
    #[aws(pattern = r"[a-zA-Z0-9.,/ -]+")]
    pub p35: Option<String>,
    #[aws(pattern = r"[a-zA-Z0-9./]+(@\d+\.\d+)?")]
    pub p36: Option<String>,
    #[aws(pattern = r"[a-zA-Z0-9.]+")]
    pub p37: Option<String>,
    #[aws(pattern = r"[a-zA-Z0-9.]+@(\d+\.\d+(\.\d+)?|\$latest)")]
    pub p38: Option<String>,
    #[aws(pattern = r"[a-zA-Z0-9:=_-]+")]
    pub p39: Option<String>,
    #[aws(pattern = r"[a-zA-Z0-9:_-]*")]
    pub p40: Option<String>,
    #[aws(pattern = r"[a-zA-Z0-9=_+/-]+")]
    pub p41: Option<String>,
    #[aws(pattern = r"[a-zA-Z0-9=_-]+")]
    pub p42: Option<String>,
    #[aws(pattern = r"[a-zA-Z0-9=_. ,@\+\-/]+")]
    pub p43: Option<String>,
    #[aws(pattern = r"[a-zA-Z0-9=_.,@\+\-/]+")]
    pub p44: Option<String>,
    #[aws(pattern = r"[a-zA-Z0-9=_.,@\+\-]+")]
    pub p45: Option<String>,
    #[aws(pattern = r"[a-zA-Z0-9\-._,]+")]
    pub p46: Option<String>,
    #[aws(pattern = r"[a-zA-Z0-9\s'\x{0022},.:\\\/{$}\[\]=_\-\+]+")]
    pub p47: Option<String>,
    #[aws(pattern = r"[a-zA-Z0-9]*")]
    pub p48: Option<String>,
    #[aws(pattern = r"[a-zA-Z0-9]+=(?:_[0-9]+)?")]
    pub p49: Option<String>,
    #[aws(pattern = r"[a-zA-Z0-9_-]+")]
    pub p50: Option<String>,
    #[aws(pattern = r"[a-zA-Z0-9_.,@-]+")]
    pub p51: Option<String>,
    #[aws(pattern = r"\d+\.\d+")]
    pub p52: Option<String>,
    #[aws(pattern = r"arn:aws:[0-9a-zA-Z]+:[0-9a-zA-Z-]+:[0-9]+:[0-9a-zA-Z]+/[0-9a-zA-Z._-]+")]
    pub p53: Option<String>,
    #[aws(
        pattern = r"arn:aws:iotmanagedintegrations:[0-9a-zA-Z-]+:[0-9]+:(managed-thing|provisioning-profile|ota-task|credential-locker|account-association)/[0-9a-zA-Z]+"
    )]
    pub p54: Option<String>,
    #[aws(
        pattern = r"arn:aws:iotmanagedintegrations:[0-9a-zA-Z-]+:[0-9]+:account-association/[0-9a-zA-Z]+"
    )]
    pub p55: Option<String>,
    #[aws(
        pattern = r"arn:aws:iotmanagedintegrations:[0-9a-zA-Z-]+:[0-9]+:credential-locker/[0-9a-zA-Z]+"
    )]
    pub p56: Option<String>,
    #[aws(
        pattern = r"arn:aws:iotmanagedintegrations:[0-9a-zA-Z-]+:[0-9]+:device-discovery/[0-9a-zA-Z]+"
    )]
    pub p57: Option<String>,
    #[aws(
        pattern = r"arn:aws:iotmanagedintegrations:[0-9a-zA-Z-]+:[0-9]+:managed-thing/([0-9a-zA-Z:_-])+"
    )]
    pub p58: Option<String>,
    #[aws(pattern = r"arn:aws:iotmanagedintegrations:[0-9a-zA-Z-]+:[0-9]+:ota-task/[0-9a-zA-Z]+")]
    pub p59: Option<String>,
    #[aws(
        pattern = r"arn:aws:iotmanagedintegrations:[0-9a-zA-Z-]+:[0-9]+:provisioning-profile/[0-9a-zA-Z]+"
    )]
    pub p60: Option<String>,
    #[aws(pattern = r"arn:aws:kms:[0-9a-zA-Z-]+:[0-9]+:key/[0-9a-zA-Z-]+")]
    pub p61: Option<String>,
    #[aws(
        pattern = r"arn:aws:secretsmanager:[0-9a-zA-Z-]{1,32}:\d{12}:secret:[A-Za-z0-9/_+=.@-]{8,520}"
    )]
    pub p62: Option<String>,
    #[aws(
        pattern = r"https?:\/\/(www\.)?[-a-zA-Z0-9@:%._\+~#=]{1,256}\.[a-zA-Z0-9()]{1,6}([-a-zA-Z0-9()@:%_\+.~#?&\/=]*)"
    )]
    pub p63: Option<String>,
}

impl AllPatterns {
    fn slots(&mut self) -> [&mut Option<String>; 64] {
        [
            &mut self.p0,
            &mut self.p1,
            &mut self.p2,
            &mut self.p3,
            &mut self.p4,
            &mut self.p5,
            &mut self.p6,
            &mut self.p7,
            &mut self.p8,
            &mut self.p9,
            &mut self.p10,
            &mut self.p11,
            &mut self.p12,
            &mut self.p13,
            &mut self.p14,
            &mut self.p15,
            &mut self.p16,
            &mut self.p17,
            &mut self.p18,
            &mut self.p19,
            &mut self.p20,
            &mut self.p21,
            &mut self.p22,
            &mut self.p23,
            &mut self.p24,
            &mut self.p25,
            &mut self.p26,
            &mut self.p27,
            &mut self.p28,
            &mut self.p29,
            &mut self.p30,
            &mut self.p31,
            &mut self.p32,
            &mut self.p33,
            &mut self.p34,
            &mut self.p35,
            &mut self.p36,
            &mut self.p37,
            &mut self.p38,
            &mut self.p39,
            &mut self.p40,
            &mut self.p41,
            &mut self.p42,
            &mut self.p43,
            &mut self.p44,
            &mut self.p45,
            &mut self.p46,
            &mut self.p47,
            &mut self.p48,
            &mut self.p49,
            &mut self.p50,
            &mut self.p51,
            &mut self.p52,
            &mut self.p53,
            &mut self.p54,
            &mut self.p55,
            &mut self.p56,
            &mut self.p57,
            &mut self.p58,
            &mut self.p59,
            &mut self.p60,
            &mut self.p61,
            &mut self.p62,
            &mut self.p63,
        ]
    }
}

/// Model patterns that need each translation: Java POSIX classes, surrogate pairs, Unicode
/// properties, look-arounds, counted repetitions of a class and of a group, a word boundary,
/// inline flags, a possessive quantifier, backreferences, a stacked quantifier.
const FEATURE_PATTERNS: [&str; 12] = [
    r"^[\p{Alnum}\p{Punct}\p{Blank}]*$",
    r"^[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\r\n\t]+$",
    r"^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]*$",
    r"^(?![.-])(?!.*[.-]{2})(?![0-9]+\.[0-9.]+$)[a-zA-Z0-9.-]{1,47}(?<![.-])$",
    r"^https://([.\-_a-zA-Z0-9]+/?){3,1016}$",
    r"(\bTSTALIASID\b|[0-9a-zA-Z]+)",
    r"^(?i)(true|false)$",
    r"^[\/]?+[a-zA-Z0-9!_.*'()-]+(\/[a-zA-Z0-9!_.*'()-]+)*$",
    r"^([\-]?\d{4}(?!\d{2}\b))((-?)((0[1-9]|1[0-2])(\3([12]\d|0[1-9]|3[01]))?|W([0-4]\d|5[0-2])(-?[1-7])?|(00[1-9]|0[1-9]\d|[12]\d{2}|3([0-5]\d|6[1-6])))([T\s]((([01]\d|2[0-3])((:?)[0-5]\d)?|24\:?00)([\.,]\d(?!:))?)?(\17[0-5]\d([\.,]\d)?)?([zZ]|([\-])([01]\d|2[0-3]):?([0-5]\d)?)?)?)?$",
    r"^arn:\S+:rbin:[a-z\-0-9]{0,63}:[0-9]{12}:rule/[0-9a-zA-Z]{11}{0,1011}$",
    r"(?=^.{3,63}$)(?!^(\d+\.)+\d+$)(^(([a-z0-9]|[a-z0-9][a-z0-9\-]*[a-z0-9])\.)*([a-z0-9]|[a-z0-9][a-z0-9\-]*[a-z0-9])$)",
    r"^(?!.*?(.)\1{3})[-_!@#$a-zA-Z0-9]*$",
];

/// One member per pattern of [`FEATURE_PATTERNS`], same order.
#[aws_shape]
#[derive(Default)]
pub struct FeaturePatterns {
    #[aws(pattern = r"^[\p{Alnum}\p{Punct}\p{Blank}]*$")]
    pub f0: Option<String>,
    #[aws(pattern = r"^[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\r\n\t]+$")]
    pub f1: Option<String>,
    #[aws(pattern = r"^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]*$")]
    pub f2: Option<String>,
    #[aws(pattern = r"^(?![.-])(?!.*[.-]{2})(?![0-9]+\.[0-9.]+$)[a-zA-Z0-9.-]{1,47}(?<![.-])$")]
    pub f3: Option<String>,
    #[aws(pattern = r"^https://([.\-_a-zA-Z0-9]+/?){3,1016}$")]
    pub f4: Option<String>,
    #[aws(pattern = r"(\bTSTALIASID\b|[0-9a-zA-Z]+)")]
    pub f5: Option<String>,
    #[aws(pattern = r"^(?i)(true|false)$")]
    pub f6: Option<String>,
    #[aws(pattern = r"^[\/]?+[a-zA-Z0-9!_.*'()-]+(\/[a-zA-Z0-9!_.*'()-]+)*$")]
    pub f7: Option<String>,
    #[aws(
        pattern = r"^([\-]?\d{4}(?!\d{2}\b))((-?)((0[1-9]|1[0-2])(\3([12]\d|0[1-9]|3[01]))?|W([0-4]\d|5[0-2])(-?[1-7])?|(00[1-9]|0[1-9]\d|[12]\d{2}|3([0-5]\d|6[1-6])))([T\s]((([01]\d|2[0-3])((:?)[0-5]\d)?|24\:?00)([\.,]\d(?!:))?)?(\17[0-5]\d([\.,]\d)?)?([zZ]|([\-])([01]\d|2[0-3]):?([0-5]\d)?)?)?)?$"
    )]
    pub f8: Option<String>,
    #[aws(pattern = r"^arn:\S+:rbin:[a-z\-0-9]{0,63}:[0-9]{12}:rule/[0-9a-zA-Z]{11}{0,1011}$")]
    pub f9: Option<String>,
    #[aws(
        pattern = r"(?=^.{3,63}$)(?!^(\d+\.)+\d+$)(^(([a-z0-9]|[a-z0-9][a-z0-9\-]*[a-z0-9])\.)*([a-z0-9]|[a-z0-9][a-z0-9\-]*[a-z0-9])$)"
    )]
    pub f10: Option<String>,
    /// Not enforced (a backreference to a group that captures any character): the field's
    /// documentation says so.
    #[aws(pattern = r"^(?!.*?(.)\1{3})[-_!@#$a-zA-Z0-9]*$")]
    pub f11: Option<String>,
}

impl FeaturePatterns {
    fn slots(&mut self) -> [&mut Option<String>; 12] {
        [
            &mut self.f0,
            &mut self.f1,
            &mut self.f2,
            &mut self.f3,
            &mut self.f4,
            &mut self.f5,
            &mut self.f6,
            &mut self.f7,
            &mut self.f8,
            &mut self.f9,
            &mut self.f10,
            &mut self.f11,
        ]
    }
}

/// Whether the generated validation of `shape` accepts it (the one member set carries
/// `pattern`; a rejection must name it).
fn validates(shape: &impl Validate, pattern: &str) -> bool {
    let mut v = Validator::new(true);
    shape.validate(&mut v, &Path::Root, &Member::TOP);
    match v.finish("Patterns") {
        Ok(()) => true,
        Err(e) => {
            assert_eq!(e.violations.len(), 1, "{e}");
            let violation = &e.violations[0];
            assert_eq!(violation.rule, Rule::Pattern, "{e}");
            // Also proves that the field carries this pattern.
            let expected = format!("contains no match of `{pattern}`");
            assert!(violation.detail.ends_with(&expected), "{e}");
            false
        }
    }
}

/// Whether the generated validation accepts `text` for pattern `i` of the iot model.
fn accepts(i: usize, text: &str) -> bool {
    let mut shape = AllPatterns::default();
    *shape.slots()[i] = Some(text.to_owned());
    validates(&shape, PATTERNS[i])
}

/// Whether the generated validation accepts `text` for feature pattern `i`.
fn feature_accepts(i: usize, text: &str) -> bool {
    let mut shape = FeaturePatterns::default();
    *shape.slots()[i] = Some(text.to_owned());
    validates(&shape, FEATURE_PATTERNS[i])
}

/// The reference verdict: `regress` (ECMA-262, Unicode mode) searching `text`; or, for Java
/// syntax it does not read, for long strings and for groups counted past 256 (which its Pike VM
/// unrolls, taking seconds per text), the engine compiled at run time, which checks that the
/// tables the macro emitted are the engine's (`pattern/tests/corpus.rs` checks it against
/// `regress` on those patterns with shorter texts).
struct Reference {
    ecma: Option<regress::Regex>,
    engine: aws_op_pattern::Regex,
}

impl Reference {
    fn new(pattern: &str) -> Reference {
        let engine = aws_op_pattern::compile(pattern).expect("a model pattern compiles");
        let unrolled = engine.program().counters.iter().any(|c| c.max > 256);
        Reference {
            ecma: regress::Regex::with_flags(pattern, "u")
                .ok()
                .filter(|_| !unrolled),
            engine,
        }
    }

    fn is_match(&self, text: &str) -> bool {
        match &self.ecma {
            // The Pike VM: linear, where backtracking is exponential on some of these.
            Some(regex) if text.len() <= 300 => {
                regress::backends::find::<regress::backends::PikeVMExecutor>(regex, text, 0)
                    .next()
                    .is_some()
            }
            _ => self.engine.is_match(text),
        }
    }
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Single characters: ASCII letters, digits and punctuation, white space and control
/// characters, and non-ASCII letters, digits and spaces.
fn characters() -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for b in 0x20u8..0x7F {
        out.push((b as char).to_string());
    }
    for c in [
        "a",
        "z",
        "A",
        "Z",
        "0",
        "9",
        "\n",
        "\r",
        "\t",
        "\u{b}",
        "\u{c}",
        "\0",
        "\u{7f}",
        "é",
        "É",
        "ß",
        "ẞ",
        "日",
        "本",
        "Ω",
        "ж",
        "٣",
        "²",
        "\u{a0}",
        "\u{2028}",
        "\u{3000}",
        "😀",
        "\u{10FFFF}",
        "\u{fffd}",
    ] {
        out.push(c.to_owned());
    }
    out
}

/// Pieces of values the model's patterns are written for.
const FRAGMENTS: &[&str] = &[
    "arn:aws:",
    "iotmanagedintegrations",
    "lambda",
    "function:",
    "kms",
    "key/",
    "secretsmanager",
    "secret:",
    "123456789012",
    "us-east-1",
    ":",
    "/",
    "managed-thing",
    "credential-locker",
    "provisioning-profile",
    "ota-task",
    "account-association",
    "device-discovery",
    "https://",
    "http://",
    "www.",
    "example",
    ".com",
    "-----BEGIN CERTIFICATE-----",
    "-----END CERTIFICATE-----",
    "MIIBIjANBg",
    "$latest",
    "$LATEST",
    "1.0.0",
    "1.2",
    "0x",
    "0X1F",
    "@",
    "=",
    "_1",
    "*",
    "abc",
    "A-Z_0",
    "42",
    "0",
    " ",
    "\n",
    "é",
    "{}",
    "\"",
    "\\",
];

/// Values that match at least one pattern each, as bases for mutations.
const SEEDS: &[&str] = &[
    "",
    "0",
    "17",
    "007",
    "abc",
    "ABC123",
    "a b",
    "1.0.0",
    "1.2",
    "1.2.3",
    "$latest",
    "name@1.2",
    "name@1.2.3",
    "name@$latest",
    "lib/x@1.0",
    "0x1F",
    "0XaB",
    "*",
    "managed-thing",
    "ota-task",
    "https://",
    "https://example.com/a?b=c",
    "http://example.com",
    "https://www.example.com/path",
    "http://a.bc",
    "https://example.co.uk(x)",
    "arn:aws:lambda:us-east-1:123456789012:function:my-fn:$LATEST",
    "arn:aws:lambda:us-east-1:123456789012:function:my-fn:v1",
    "my-fn",
    "my_fn:alias",
    "arn:aws:iotmanagedintegrations:us-east-1:123456789012:managed-thing/abc123",
    "arn:aws:iotmanagedintegrations:us-east-1:123456789012:managed-thing/ab:c_d-e",
    "arn:aws:iotmanagedintegrations:us-east-1:123456789012:provisioning-profile/p1",
    "arn:aws:iotmanagedintegrations:us-east-1:123456789012:ota-task/t1",
    "arn:aws:iotmanagedintegrations:us-east-1:123456789012:credential-locker/c1",
    "arn:aws:iotmanagedintegrations:us-east-1:123456789012:account-association/a1",
    "arn:aws:iotmanagedintegrations:us-east-1:123456789012:device-discovery/d1",
    "arn:aws:iot:us-east-1:123456789012:thing/my.thing_1",
    "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab",
    "arn:aws:secretsmanager:us-east-1:123456789012:secret:my/secret-AbCdEf",
    "-----BEGIN CERTIFICATE-----\nMIIBIjANBg\n-----END CERTIFICATE-----\n",
    "-----BEGIN CERTIFICATE-----MIIB-----END CERTIFICATE-----",
    "Name=_1",
    "key=value",
    "a+b/c=",
    "x.y,z@w-v",
    "tag name_1.2-3",
    "é ß 日 ٣",
    "line\nline",
    " \t\n",
    "{\"a\": \"b\"}",
    "path/to:x\\y",
    "[a]{b}$",
    "!#$%&()*+-;<=>?@^_`{|}~",
    // For the feature patterns.
    "2024-01-31",
    "20240131T1230",
    "2024-01-31T12:30:45.5Z",
    "2024-W05-3",
    "https://a/b/c",
    "https://example.com/x",
    "true",
    "FALSE",
    "Environment",
    "aws:tag",
    "my.bucket-name",
    "192.168.1.1",
    "a..b",
    "arn:aws:rbin:us-east-1:123456789012:rule/abcdefghijk",
    "TSTALIASID",
    "/path/to/file.txt",
    "😀 \u{10FFFF}",
    "aaaa-bbbb",
    "Print: ~!",
];

/// Strings of 10 000 characters (and a few around that length).
fn long_strings() -> Vec<String> {
    let body = "A".repeat(10_000);
    vec![
        "a".repeat(10_000),
        "0".repeat(10_000),
        "A1".repeat(5_000),
        " ".repeat(10_000),
        "\n".repeat(10_000),
        "é".repeat(10_000),
        "日".repeat(10_000),
        format!("{}\n", "a".repeat(9_999)),
        format!("{}!", "x".repeat(9_999)),
        format!("https://{}", "a".repeat(9_992)),
        format!("https://www.{}.com", "a".repeat(9_984)),
        format!("-----BEGIN CERTIFICATE-----\n{body}\n-----END CERTIFICATE-----\n"),
        format!("-----BEGIN CERTIFICATE-----\n{body}\n"),
        format!(
            "arn:aws:iotmanagedintegrations:us-east-1:123456789012:managed-thing/{}",
            "b".repeat(9_900)
        ),
        format!("{}@1.0", "n".repeat(9_995)),
        "a.".repeat(5_000),
        "ab:c_d-e".repeat(1_250),
    ]
}

/// Another character of the same kind as `c` (ASCII lowercase, uppercase or digit), else `c`.
fn same_kind(c: char, rng: &mut Rng) -> char {
    let pick = |base: u8, n: usize, rng: &mut Rng| char::from(base + rng.below(n) as u8);
    match c {
        'a'..='z' => pick(b'a', 26, rng),
        'A'..='Z' => pick(b'A', 26, rng),
        '0'..='9' => pick(b'0', 10, rng),
        _ => c,
    }
}

/// Deterministic mutations of `seed`: characters dropped, inserted, replaced (by anything or by
/// one of the same kind), doubled or swapped, and additions at the ends.
fn mutations(seed: &str, rng: &mut Rng, characters: &[String], out: &mut Vec<String>) {
    let chars: Vec<char> = seed.chars().collect();
    for _ in 0..24 {
        let mut m = chars.clone();
        let c = characters[rng.below(characters.len())]
            .chars()
            .next()
            .unwrap_or('a');
        let at = rng.below(m.len().max(1));
        match rng.below(8) {
            _ if m.is_empty() => m.push(c),
            0 => {
                m.remove(at);
            }
            1 => m.insert(at, c),
            2 => m[at] = c,
            3 => m.push(c),
            4 => m.insert(0, c),
            5 => m.insert(at, m[at]),
            6 => {
                for _ in 0..3 {
                    let i = rng.below(m.len());
                    m[i] = same_kind(m[i], rng);
                }
            }
            _ => {
                let last = m.len() - 1;
                m.swap(at, (at + 1).min(last));
            }
        }
        out.push(m.into_iter().collect());
    }
    out.push(format!("{seed}\n"));
    out.push(format!("\n{seed}"));
    out.push(format!("{seed}{seed}"));
}

/// Values at the bounds of the model's bounded repetitions (`{1,32}`, `{12}`, `{8,520}`,
/// `{1,256}`, `{1,6}`), one inside and one outside each.
fn boundary_strings() -> Vec<String> {
    let secret = |region: usize, account: usize, name: usize| {
        format!(
            "arn:aws:secretsmanager:{}:{}:secret:{}",
            "r".repeat(region),
            "1".repeat(account),
            "n".repeat(name)
        )
    };
    let url =
        |domain: usize, tld: usize| format!("https://{}.{}/x", "d".repeat(domain), "c".repeat(tld));
    vec![
        secret(1, 12, 8),
        secret(32, 12, 520),
        secret(0, 12, 8),
        secret(33, 12, 8),
        secret(1, 11, 8),
        secret(1, 13, 8),
        secret(1, 12, 7),
        secret(1, 12, 521),
        url(1, 1),
        url(256, 6),
        url(257, 6),
        url(256, 7),
        url(0, 1),
        url(1, 0),
    ]
}

/// Every input the differential test tries: seeds and their mutations, random concatenations of
/// characters and fragments, and the long strings.
fn inputs() -> Vec<String> {
    let characters = characters();
    let character_refs: Vec<&str> = characters.iter().map(String::as_str).collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut out: Vec<String> = Vec::new();
    for seed in SEEDS {
        out.push((*seed).to_owned());
        mutations(seed, &mut rng, &characters, &mut out);
    }
    for c in &characters {
        out.push(c.clone());
        out.push(c.repeat(3));
    }
    for _ in 0..1_500 {
        let pieces = rng.below(9);
        let mut s = String::new();
        for _ in 0..pieces {
            if rng.below(2) == 0 {
                s.push_str(rng.pick(&character_refs));
            } else {
                s.push_str(rng.pick(FRAGMENTS));
            }
        }
        out.push(s);
    }
    for seed in boundary_strings() {
        mutations(&seed, &mut rng, &characters, &mut out);
        out.push(seed);
    }
    out.extend(long_strings());
    out.sort();
    out.dedup();
    out
}

#[test]
fn every_model_pattern_agrees_with_an_ecma_engine() {
    let inputs = inputs();
    let mut disagreements = Vec::new();
    let mut ecma = 0;
    let cases = PATTERNS
        .iter()
        .enumerate()
        .map(|(i, p)| (*p, i, false))
        .chain(
            FEATURE_PATTERNS
                .iter()
                .enumerate()
                .map(|(i, p)| (*p, i, true)),
        );
    for (p, i, feature) in cases {
        let unenforced = feature && i == FEATURE_PATTERNS.len() - 1;
        let reference = (!unenforced).then(|| Reference::new(p));
        if reference.as_ref().is_some_and(|r| r.ecma.is_some()) {
            ecma += 1;
        }
        let (mut matched, mut rejected) = (0, 0);
        for s in &inputs {
            let accepted = if feature {
                feature_accepts(i, s)
            } else {
                accepts(i, s)
            };
            if unenforced {
                assert!(accepted, "{p:?} is not enforced, yet rejected {s:?}");
                continue;
            }
            let expected = reference.as_ref().is_some_and(|r| r.is_match(s));
            if expected {
                matched += 1;
            } else {
                rejected += 1;
            }
            if accepted != expected {
                let shown: String = s.chars().take(80).collect();
                disagreements.push(format!("{p:?} on {shown:?}: the reference says {expected}"));
            }
        }
        // The inputs reach both outcomes of every pattern that can fail. An unanchored pattern
        // that matches the empty string (`[a-z]*`, `$|^...`) accepts every value, down to a
        // lone control character.
        let accepts_everything = reference.as_ref().is_none_or(|r| r.is_match("\u{1}"));
        assert!(
            (matched > 0 && rejected > 0) || accepts_everything,
            "{p:?}: {matched} matched, {rejected} rejected"
        );
    }
    // Most model patterns are plain ECMA-262, checked against the reference itself.
    assert!(ecma >= 60, "{ecma}");
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}

#[test]
fn anchors_apply_only_where_written() {
    // `[A-Za-z0-9-_]+`: "not valid!" contains "not", so it is valid; "!!" is not.
    assert!(accepts(23, "not valid!"));
    assert!(!accepts(23, "!!"));
    assert!(!accepts(23, ""));
    // `$|^(https):\/\/.*` matches the end of any value.
    assert!(accepts(0, "anything"));
}

#[test]
fn certificates_are_matched_in_linear_time() {
    let i = PATTERNS
        .iter()
        .position(|p| p.starts_with("-----BEGIN CERTIFICATE-----"))
        .unwrap();
    // `.*(.|\n)*` gives a backtracking engine exponentially many ways to split the body.
    let body = "ab\n".repeat(33_333);
    let unterminated = format!("-----BEGIN CERTIFICATE-----{body}");
    assert!(unterminated.chars().count() >= 100_000);
    assert!(!accepts(i, &unterminated));
    let complete = format!("{unterminated}-----END CERTIFICATE-----\n");
    assert!(accepts(i, &complete));
    // Unanchored: text after the certificate does not matter.
    let trailing = format!("{complete}x");
    assert!(accepts(i, &trailing));
}

#[test]
fn sensitive_and_switched_off_checks_still_apply() {
    #[aws_shape]
    #[derive(Default)]
    pub struct Secret {
        #[aws(sensitive, pattern = "^[a-z]+$")]
        pub secret: Option<String>,
    }
    let shape = Secret {
        secret: Some("hunter2".to_owned()),
    };
    let mut v = Validator::new(true);
    shape.validate(&mut v, &Path::Root, &Member::TOP);
    let err = v.finish("Secret").unwrap_err();
    assert_eq!(
        err.violations[0].detail,
        "value (sensitive, not shown) contains no match of `^[a-z]+$`"
    );
    let mut v = Validator::new(false);
    shape.validate(&mut v, &Path::Root, &Member::TOP);
    assert!(v.finish("Secret").is_ok());
}
