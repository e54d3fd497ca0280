//! The shared `config` and `credentials` files (`~/.aws/config`, `~/.aws/credentials`).
//! Hand-written: no crate in the tree reads this INI dialect (profile prefixes, sub-properties,
//! continuation lines, file-and-line errors); the format is on [`ProfileSet::load`].

use crate::env::Env;
use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

/// A shared file that could not be read or parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileError {
    /// The file, as configured (`~/.aws/config` expanded to the home directory).
    pub file: String,
    /// The 1-based line at fault, when the problem is on one line.
    pub line: Option<usize>,
    /// What is wrong, and what was expected.
    pub message: String,
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for ProfileError {}

/// The profiles, SSO sessions and services sections of both files, merged.
#[derive(Clone)]
pub struct ProfileSet {
    profiles: BTreeMap<String, Profile>,
    sso_sessions: BTreeMap<String, Section>,
    services: BTreeMap<String, Section>,
    selected: String,
    explicit: bool,
    config_path: String,
    credentials_path: String,
}

impl ProfileSet {
    /// Reads the shared config and credentials files.
    ///
    /// The config file is `AWS_CONFIG_FILE` (default `$HOME/.aws/config`), the credentials file
    /// `AWS_SHARED_CREDENTIALS_FILE` (default `$HOME/.aws/credentials`); a `~/` at the start of
    /// either path stands for the home directory ([`Env::home_dir`]). The profile selected is
    /// `AWS_PROFILE`, else `default`.
    ///
    /// A missing file counts as an empty one, as do the default paths when no home directory is
    /// known.
    ///
    /// The format is the one the AWS SDKs and Tools Reference Guide describes:
    ///
    /// - In the config file, sections are `[default]`, `[profile NAME]` (also `[profile default]`),
    ///   `[sso-session NAME]` and `[services NAME]`; any other `[NAME]` is ignored. When both
    ///   `[default]` and `[profile default]` are present, their properties are merged and `[profile
    ///   default]` wins for a key set in both.
    /// - In the credentials file, sections are `[NAME]` without a prefix; a `[profile NAME]`
    ///   section there is ignored.
    /// - A profile present in both files is merged; for a key set in both, the credentials file
    ///   wins.
    /// - Lines starting with `#` or `;` are comments; a section header may end with one (`[profile
    ///   dev] # staging`). Property values are kept verbatim (a `#` in a value is part of the
    ///   value).
    /// - Properties are `name = value`; whitespace around the name, the `=` and the value is
    ///   ignored, and names are matched case-insensitively.
    /// - A property with an empty value followed by indented `name = value` lines holds
    ///   sub-properties (`s3 =` / `  max_concurrent_requests = 10`, and the per-service settings of
    ///   `[services NAME]` sections). An indented line after a property with a value continues it;
    ///   the value's lines are joined with `\n`.
    ///
    /// A line that is none of these is an error naming the file and the line.
    ///
    /// ```
    /// use aws_op_runtime::{Env, ProfileSet};
    ///
    /// // No files at these paths: missing files are empty.
    /// let env = Env::from_pairs([
    ///     ("AWS_CONFIG_FILE", "does-not-exist/config"),
    ///     ("AWS_SHARED_CREDENTIALS_FILE", "does-not-exist/credentials"),
    /// ]);
    /// let set = ProfileSet::load(&env)?;
    /// assert_eq!(set.selected_name(), "default");
    /// assert!(set.selected().is_none());
    /// # Ok::<(), aws_op_runtime::ProfileError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// A [`ProfileError`] naming the file (and the line, when there is one) if a file cannot be
    /// read, is not UTF-8 or has a line that is not a section header, property, sub-property,
    /// continuation, comment or blank; or if a path starts with `~` and no home directory is set.
    pub fn load(env: &Env) -> Result<ProfileSet, ProfileError> {
        let home = env.home_dir();
        let config = FileLocation::resolve(env, "AWS_CONFIG_FILE", "config", home.as_deref())?;
        let credentials = FileLocation::resolve(
            env,
            "AWS_SHARED_CREDENTIALS_FILE",
            "credentials",
            home.as_deref(),
        )?;
        let config_text = config.read()?;
        let credentials_text = credentials.read()?;
        let (selected, explicit) = match env.get("AWS_PROFILE") {
            Some(name) => (name, true),
            None => ("default".to_owned(), false),
        };
        let mut set = ProfileSet::from_texts(
            (&config.shown, &config_text),
            (&credentials.shown, &credentials_text),
        )?;
        set.selected = selected;
        set.explicit = explicit;
        Ok(set)
    }

    /// The selected profile's name: `AWS_PROFILE`, else `default`.
    pub fn selected_name(&self) -> &str {
        &self.selected
    }

    /// Whether `AWS_PROFILE` chose the profile (so a missing profile is an error rather than
    /// nothing configured).
    pub fn profile_explicitly_selected(&self) -> bool {
        self.explicit
    }

    /// The selected profile, if either file has it.
    pub fn selected(&self) -> Option<&Profile> {
        self.profiles.get(&self.selected)
    }

    /// A profile by name (`default`, or the `NAME` of `[profile NAME]` / credentials `[NAME]`).
    pub fn get(&self, name: &str) -> Option<&Profile> {
        self.profiles.get(name)
    }

    /// The `[services NAME]` section of the config file.
    pub fn services_section(&self, name: &str) -> Option<&Section> {
        self.services.get(name)
    }

    /// The `[sso-session NAME]` section of the config file.
    pub fn sso_session(&self, name: &str) -> Option<&Section> {
        self.sso_sessions.get(name)
    }

    /// The names of all profiles, sorted.
    pub fn profile_names(&self) -> Vec<&str> {
        self.profiles.keys().map(String::as_str).collect()
    }

    /// The config file's path as read (empty for [`ProfileSet::empty`]).
    pub fn config_path(&self) -> &str {
        &self.config_path
    }

    /// The credentials file's path as read (empty for [`ProfileSet::empty`]).
    pub fn credentials_path(&self) -> &str {
        &self.credentials_path
    }

    /// No files: no profiles, `default` selected.
    pub fn empty() -> Self {
        ProfileSet {
            profiles: BTreeMap::new(),
            sso_sessions: BTreeMap::new(),
            services: BTreeMap::new(),
            selected: "default".to_owned(),
            explicit: false,
            config_path: String::new(),
            credentials_path: String::new(),
        }
    }

    /// Parses the two files' contents, given as `(path for messages, text)`.
    fn from_texts(config: (&str, &str), credentials: (&str, &str)) -> Result<Self, ProfileError> {
        let config_file = parse(config.0, config.1, FileKind::Config)?;
        let credentials_file = parse(credentials.0, credentials.1, FileKind::Credentials)?;
        let mut set = ProfileSet::empty();
        set.config_path = config.0.to_owned();
        set.credentials_path = credentials.0.to_owned();
        set.profiles = config_file.profiles;
        if let Some(plain) = config_file.plain_default {
            // `[profile default]` wins over `[default]` for keys set in both.
            let merged = match set.profiles.remove("default") {
                Some(prefixed) => {
                    let mut merged = plain;
                    merged.merge_from(prefixed);
                    merged
                }
                None => plain,
            };
            set.profiles.insert("default".to_owned(), merged);
        }
        for (name, profile) in credentials_file.profiles {
            match set.profiles.get_mut(&name) {
                Some(existing) => existing.merge_from(profile),
                None => {
                    set.profiles.insert(name, profile);
                }
            }
        }
        set.sso_sessions = config_file.sso_sessions;
        set.services = config_file.services;
        Ok(set)
    }
}

impl fmt::Debug for ProfileSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProfileSet")
            .field("selected", &self.selected)
            .field("explicit", &self.explicit)
            .field("profiles", &self.profiles.values().collect::<Vec<_>>())
            .field(
                "sso_sessions",
                &self.sso_sessions.keys().collect::<Vec<_>>(),
            )
            .field("services", &self.services.keys().collect::<Vec<_>>())
            .field("config_path", &self.config_path)
            .field("credentials_path", &self.credentials_path)
            .finish()
    }
}

/// One profile (or `sso-session` / `services` section): named properties, each remembering
/// where it was set. `Debug` shows the property names only, never values (they may be secrets).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Profile {
    name: String,
    properties: Vec<Property>,
}

/// A `[sso-session NAME]` or `[services NAME]` section: the same shape as a profile.
pub type Section = Profile;

#[derive(Clone, Debug, PartialEq, Eq)]
struct Property {
    key: String,
    value: String,
    subs: Vec<SubProperty>,
    file: Arc<str>,
    line: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct SubProperty {
    key: String,
    value: String,
}

impl Profile {
    /// The profile's (or section's) name, without the `profile ` prefix.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A property's value; the name matches in any case. `None` when unset or blank (a property
    /// that only holds sub-properties has a blank value).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.property(key)
            .map(|p| p.value.as_str())
            .filter(|v| !v.is_empty())
    }

    /// Where the property's winning value was set, as `path:line`, for messages.
    pub fn location(&self, key: &str) -> Option<String> {
        self.property(key).map(|p| format!("{}:{}", p.file, p.line))
    }

    /// A sub-property of `key` (`s3 =` / `  addressing_style = path` gives
    /// `sub_property("s3", "addressing_style") == Some("path")`); names match in any case.
    /// `None` when unset or blank.
    pub fn sub_property(&self, key: &str, sub: &str) -> Option<&str> {
        self.property(key)?
            .subs
            .iter()
            .find(|s| s.key.eq_ignore_ascii_case(sub))
            .map(|s| s.value.as_str())
            .filter(|v| !v.is_empty())
    }

    /// The names of `key`'s sub-properties, in file order (empty when it has none).
    pub fn sub_keys(&self, key: &str) -> Vec<&str> {
        self.property(key)
            .map(|p| p.subs.iter().map(|s| s.key.as_str()).collect())
            .unwrap_or_default()
    }

    /// The names of the properties set, in file order (config file first).
    pub fn keys(&self) -> Vec<&str> {
        self.properties.iter().map(|p| p.key.as_str()).collect()
    }

    fn property(&self, key: &str) -> Option<&Property> {
        let key = key.trim();
        self.properties
            .iter()
            .find(|p| p.key.eq_ignore_ascii_case(key))
    }

    /// Sets a property; a later value for the same name replaces the earlier one.
    fn set(&mut self, property: Property) {
        match self
            .properties
            .iter_mut()
            .find(|p| p.key.eq_ignore_ascii_case(&property.key))
        {
            Some(existing) => *existing = property,
            None => self.properties.push(property),
        }
    }

    /// Adds `other`'s properties; `other` wins for names set in both.
    fn merge_from(&mut self, other: Profile) {
        for property in other.properties {
            self.set(property);
        }
    }
}

impl fmt::Debug for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Profile")
            .field("name", &self.name)
            .field("keys", &self.keys())
            .finish()
    }
}

/// A file path: the path to open (none when it cannot be known) and how to show it.
struct FileLocation {
    path: Option<PathBuf>,
    shown: String,
}

impl FileLocation {
    fn resolve(
        env: &Env,
        variable: &str,
        default_name: &str,
        home: Option<&str>,
    ) -> Result<Self, ProfileError> {
        match env.get(variable) {
            Some(configured) => {
                let path = match tilde_rest(&configured) {
                    Some(rest) => match home {
                        Some(home) => join_home(home, rest),
                        None => {
                            return Err(ProfileError {
                                file: configured.clone(),
                                line: None,
                                message: format!(
                                    "{variable} starts with `~` but neither HOME nor USERPROFILE \
                                     is set"
                                ),
                            })
                        }
                    },
                    None => PathBuf::from(&configured),
                };
                Ok(FileLocation {
                    shown: path.display().to_string(),
                    path: Some(path),
                })
            }
            None => match home {
                Some(home) => {
                    let path = PathBuf::from(home).join(".aws").join(default_name);
                    Ok(FileLocation {
                        shown: path.display().to_string(),
                        path: Some(path),
                    })
                }
                None => Ok(FileLocation {
                    path: None,
                    shown: format!("~/.aws/{default_name}"),
                }),
            },
        }
    }

    /// The file's text; empty when it does not exist.
    fn read(&self) -> Result<String, ProfileError> {
        let Some(path) = &self.path else {
            return Ok(String::new());
        };
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(String::new()),
            Err(e) => {
                return Err(ProfileError {
                    file: self.shown.clone(),
                    line: None,
                    message: format!("cannot read the file: {e}"),
                })
            }
        };
        String::from_utf8(bytes).map_err(|e| {
            let valid = e
                .as_bytes()
                .get(..e.utf8_error().valid_up_to())
                .unwrap_or(&[]);
            let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
            ProfileError {
                file: self.shown.clone(),
                line: Some(line),
                message: "the file is not valid UTF-8 text".to_owned(),
            }
        })
    }
}

/// The part after `~/` (or `~\`), or `""` for a bare `~`; `None` when the path does not start
/// with the home directory.
fn tilde_rest(path: &str) -> Option<&str> {
    if path == "~" {
        return Some("");
    }
    path.strip_prefix("~/").or_else(|| path.strip_prefix("~\\"))
}

fn join_home(home: &str, rest: &str) -> PathBuf {
    let mut path = PathBuf::from(home);
    for part in rest.split(['/', '\\']).filter(|p| !p.is_empty()) {
        path.push(part);
    }
    path
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Config,
    Credentials,
}

/// What one file holds.
#[derive(Default)]
struct ParsedFile {
    profiles: BTreeMap<String, Profile>,
    /// A config file's `[default]` (as opposed to `[profile default]`).
    plain_default: Option<Profile>,
    sso_sessions: BTreeMap<String, Section>,
    services: BTreeMap<String, Section>,
}

/// The section the lines being read belong to.
enum Target {
    /// Before the first section header.
    Start,
    /// A section this file kind does not use; its properties are parsed and dropped.
    Ignored,
    Profile(String),
    PlainDefault,
    SsoSession(String),
    Services(String),
}

impl ParsedFile {
    fn section_mut(&mut self, target: &Target) -> Option<&mut Profile> {
        fn entry<'a>(map: &'a mut BTreeMap<String, Profile>, name: &str) -> &'a mut Profile {
            map.entry(name.to_owned()).or_insert_with(|| Profile {
                name: name.to_owned(),
                properties: Vec::new(),
            })
        }
        match target {
            Target::Start | Target::Ignored => None,
            Target::Profile(name) => Some(entry(&mut self.profiles, name)),
            Target::SsoSession(name) => Some(entry(&mut self.sso_sessions, name)),
            Target::Services(name) => Some(entry(&mut self.services, name)),
            Target::PlainDefault => Some(self.plain_default.get_or_insert_with(|| Profile {
                name: "default".to_owned(),
                properties: Vec::new(),
            })),
        }
    }

    fn commit(&mut self, target: &Target, property: Option<Property>) {
        if let Some(property) = property {
            if let Some(section) = self.section_mut(target) {
                section.set(property);
            }
        }
    }
}

fn parse(file: &str, text: &str, kind: FileKind) -> Result<ParsedFile, ProfileError> {
    let file_name: Arc<str> = Arc::from(file);
    let error = |line: usize, message: String| ProfileError {
        file: file.to_owned(),
        line: Some(line),
        message,
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut parsed = ParsedFile::default();
    let mut target = Target::Start;
    let mut current: Option<Property> = None;

    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        let indented = raw.starts_with([' ', '\t']);
        if indented {
            if let Some(property) = current.as_mut() {
                if property.value.is_empty() {
                    let Some((key, value)) = trimmed.split_once('=') else {
                        return Err(error(
                            number,
                            format!(
                                "expected an indented sub-property `name = value` under `{}`",
                                property.key
                            ),
                        ));
                    };
                    let key = key.trim();
                    if key.is_empty() {
                        return Err(error(
                            number,
                            "expected a sub-property name before `=`".to_owned(),
                        ));
                    }
                    let sub = SubProperty {
                        key: key.to_owned(),
                        value: value.trim().to_owned(),
                    };
                    match property
                        .subs
                        .iter_mut()
                        .find(|s| s.key.eq_ignore_ascii_case(key))
                    {
                        Some(existing) => *existing = sub,
                        None => property.subs.push(sub),
                    }
                } else {
                    property.value.push('\n');
                    property.value.push_str(trimmed);
                }
                continue;
            }
        }
        if let Some(inner) = trimmed.strip_prefix('[') {
            parsed.commit(&target, current.take());
            let Some((name, after)) = inner.split_once(']') else {
                return Err(error(
                    number,
                    "expected `]` closing the section header".to_owned(),
                ));
            };
            let after = after.trim_start();
            if !(after.is_empty() || after.starts_with('#') || after.starts_with(';')) {
                return Err(error(
                    number,
                    "expected nothing but a comment (`#` or `;`) after the section header's `]`"
                        .to_owned(),
                ));
            }
            let name = name.trim();
            if name.is_empty() {
                return Err(error(
                    number,
                    "expected a section name between `[` and `]`".to_owned(),
                ));
            }
            target = classify(name, kind);
            continue;
        }
        let Some((key, value)) = trimmed.split_once('=') else {
            return Err(error(
                number,
                "expected a section header `[name]`, a property `name = value`, or a comment \
                 starting with `#` or `;`"
                    .to_owned(),
            ));
        };
        let key = key.trim();
        if key.is_empty() {
            return Err(error(
                number,
                "expected a property name before `=`".to_owned(),
            ));
        }
        if matches!(target, Target::Start) {
            return Err(error(
                number,
                format!(
                    "expected a section header such as `[default]` before the first property \
                     (`{key}`)"
                ),
            ));
        }
        parsed.commit(&target, current.take());
        current = Some(Property {
            key: key.to_owned(),
            value: value.trim().to_owned(),
            subs: Vec::new(),
            file: Arc::clone(&file_name),
            line: number,
        });
    }
    parsed.commit(&target, current.take());
    Ok(parsed)
}

/// Which section a header names, for the file kind.
fn classify(name: &str, kind: FileKind) -> Target {
    let prefixed = |prefix: &str| -> Option<String> {
        let rest = name.strip_prefix(prefix)?;
        if !rest.starts_with(char::is_whitespace) {
            return None;
        }
        Some(rest.trim().to_owned()).filter(|n| !n.is_empty())
    };
    match kind {
        FileKind::Config => {
            if name == "default" {
                Target::PlainDefault
            } else if let Some(profile) = prefixed("profile") {
                Target::Profile(profile)
            } else if let Some(session) = prefixed("sso-session") {
                Target::SsoSession(session)
            } else if let Some(service) = prefixed("services") {
                Target::Services(service)
            } else {
                Target::Ignored
            }
        }
        FileKind::Credentials => {
            if prefixed("profile").is_some() {
                Target::Ignored
            } else {
                Target::Profile(name.to_owned())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(config: &str, credentials: &str) -> ProfileSet {
        ProfileSet::from_texts(("config", config), ("credentials", credentials)).unwrap()
    }

    fn err(config: &str) -> ProfileError {
        ProfileSet::from_texts(("config", config), ("credentials", "")).unwrap_err()
    }

    #[test]
    fn sections_by_file_kind() {
        let s = set(
            "[default]\nregion = a\n[profile x]\nregion = b\n[y]\nregion = c\n\
             [sso-session s]\nsso_region = d\n[services dev]\ns3 =\n  endpoint_url = e\n",
            "[z]\nregion = f\n[profile w]\nregion = g\n",
        );
        assert_eq!(s.get("default").unwrap().get("region"), Some("a"));
        assert_eq!(s.get("x").unwrap().get("region"), Some("b"));
        assert!(s.get("y").is_none());
        assert_eq!(s.get("z").unwrap().get("region"), Some("f"));
        assert!(s.get("w").is_none());
        assert_eq!(s.sso_session("s").unwrap().get("sso_region"), Some("d"));
        let dev = s.services_section("dev").unwrap();
        assert_eq!(dev.sub_property("S3", "Endpoint_URL"), Some("e"));
        assert_eq!(dev.get("s3"), None);
    }

    #[test]
    fn profile_default_beats_plain_default() {
        let s = set(
            "[default]\nregion = a\noutput = json\n[profile default]\nregion = b\n",
            "",
        );
        let d = s.get("default").unwrap();
        assert_eq!(d.get("region"), Some("b"));
        assert_eq!(d.get("output"), Some("json"));
        assert_eq!(d.location("region").as_deref(), Some("config:5"));
    }

    #[test]
    fn continuation_and_comments() {
        let s = set(
            "# top\n[profile x] ; note\nkey = one\n  two\n\t three\n; c\nother=v # kept\n",
            "",
        );
        let x = s.get("x").unwrap();
        assert_eq!(x.get("KEY"), Some("one\ntwo\nthree"));
        assert_eq!(x.get("other"), Some("v # kept"));
    }

    #[test]
    fn malformed_lines() {
        assert_eq!(err("[default]\nregion = a\njunk\n").line, Some(3));
        assert_eq!(err("region = a\n").line, Some(1));
        assert_eq!(err("[default\n").line, Some(1));
        assert_eq!(err("[default] x\n").line, Some(1));
        assert_eq!(err("[]\n").line, Some(1));
        assert_eq!(err("[default]\n = v\n").line, Some(2));
        assert_eq!(err("[default]\ns3 =\n  nope\n").line, Some(3));
        let e = err("[default]\n\n\nbad line\n");
        assert_eq!(e.to_string().split(": ").next(), Some("config:4"));
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in [
            "[",
            "]",
            "=",
            "[[]]",
            "[profile]",
            "[profile ]",
            "\u{feff}[default]\na=b",
            "[é]\né=é",
            "  indented = x",
            "[default]\n  x = y\n  z",
            "\r\n[default]\r\na = b\r\n",
        ] {
            let _ = ProfileSet::from_texts(("c", text), ("k", text));
        }
        let s = set("\u{feff}[default]\r\na = b\r\n", "");
        assert_eq!(s.get("default").unwrap().get("a"), Some("b"));
    }
}
