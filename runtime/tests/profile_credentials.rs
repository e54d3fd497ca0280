//! The shared config/credentials files parser and the profile credentials provider, on real
//! temporary files.

use aws_op_runtime::credentials::ProfileProvider;
use aws_op_runtime::credentials::ProvideCredentials;
use aws_op_runtime::Env;
use aws_op_runtime::ProfileSet;
use aws_op_runtime::{CredentialsError, CredentialsErrorKind};
use aws_op_runtime::{DateTime, TimestampFormat};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A fresh directory under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let dir = std::env::temp_dir().join(format!(
            "aws-op-profile-test-{}-{}-{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }

    fn write(&self, name: &str, text: &str) -> String {
        let path = self.0.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    }

    fn file(&self, name: &str) -> String {
        self.0.join(name).display().to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Files `config` and `credentials` in a fresh directory, and an `Env` pointing at them.
struct Setup {
    dir: TempDir,
    env: Env,
    config: String,
    credentials: String,
}

fn setup(config: &str, credentials: &str, aws_profile: Option<&str>) -> Setup {
    let dir = TempDir::new();
    let config_path = dir.write("config", config);
    let credentials_path = dir.write("credentials", credentials);
    let mut pairs = vec![
        ("HOME".to_owned(), dir.path().display().to_string()),
        ("AWS_CONFIG_FILE".to_owned(), config_path.clone()),
        (
            "AWS_SHARED_CREDENTIALS_FILE".to_owned(),
            credentials_path.clone(),
        ),
    ];
    if let Some(name) = aws_profile {
        pairs.push(("AWS_PROFILE".to_owned(), name.to_owned()));
    }
    Setup {
        dir,
        env: Env::from_pairs(pairs),
        config: config_path,
        credentials: credentials_path,
    }
}

async fn provide(s: &Setup) -> Result<aws_op_runtime::Credentials, CredentialsError> {
    ProfileProvider::new(s.env.clone()).provide().await
}

// ---------------------------------------------------------------------------------------------
// Parser

#[test]
fn sections_differ_between_the_two_files() {
    let s = setup(
        "[default]\nregion = us-east-1\n\
         [profile x]\nregion = eu-west-1\noutput = json\n\
         [y]\nregion = ignored-in-config\n",
        "[x]\nregion = eu-central-1\n\
         [profile z]\naws_access_key_id = ignored-in-credentials\n\
         [y]\naws_access_key_id = AKIDY\n",
        None,
    );
    let set = ProfileSet::load(&s.env).unwrap();
    assert_eq!(set.get("default").unwrap().get("region"), Some("us-east-1"));
    let x = set.get("x").unwrap();
    // The credentials file wins for a key set in both; other keys still merge.
    assert_eq!(x.get("region"), Some("eu-central-1"));
    assert_eq!(x.get("output"), Some("json"));
    assert_eq!(
        x.location("region").as_deref(),
        Some(format!("{}:2", s.credentials).as_str())
    );
    assert_eq!(
        x.location("output").as_deref(),
        Some(format!("{}:5", s.config).as_str())
    );
    // `[y]` in config is ignored; `[y]` in credentials is a profile.
    let y = set.get("y").unwrap();
    assert_eq!(y.get("region"), None);
    assert_eq!(y.get("aws_access_key_id"), Some("AKIDY"));
    // `[profile z]` in credentials is ignored.
    assert!(set.get("z").is_none());
    assert_eq!(set.selected_name(), "default");
    assert!(!set.profile_explicitly_selected());
    assert_eq!(set.selected().unwrap().name(), "default");
}

#[test]
fn profile_default_section_and_key_case() {
    let s = setup(
        "[profile default]\nREGION = ap-south-1\n",
        "[other]\nRegion = x\n",
        Some("other"),
    );
    let set = ProfileSet::load(&s.env).unwrap();
    assert_eq!(
        set.get("default").unwrap().get("region"),
        Some("ap-south-1")
    );
    assert_eq!(set.selected_name(), "other");
    assert!(set.profile_explicitly_selected());
    assert_eq!(set.selected().unwrap().get("REGION"), Some("x"));
}

#[test]
fn comments_and_whitespace() {
    let s = setup(
        "# leading comment\n; another\n\n[profile  dev ]   # trailing comment\n\
         \n   region   =   us-west-2   \n# between\nendpoint_url=http://localhost:1\n\
         [sso-session corp] ; note\nsso_region = us-east-1\n",
        "",
        None,
    );
    let set = ProfileSet::load(&s.env).unwrap();
    let dev = set.get("dev").unwrap();
    assert_eq!(dev.name(), "dev");
    assert_eq!(dev.get("region"), Some("us-west-2"));
    assert_eq!(dev.get("endpoint_url"), Some("http://localhost:1"));
    assert_eq!(
        set.sso_session("corp").unwrap().get("sso_region"),
        Some("us-east-1")
    );
}

#[test]
fn services_sub_properties() {
    let s = setup(
        "[profile dev]\nservices = dev\n\
         s3 =\n  max_concurrent_requests = 10\n  addressing_style = path\n\
         [services dev]\niot_managed_integrations =\n  endpoint_url = http://localhost:1\n",
        "",
        Some("dev"),
    );
    let set = ProfileSet::load(&s.env).unwrap();
    let dev = set.selected().unwrap();
    assert_eq!(dev.get("services"), Some("dev"));
    assert_eq!(dev.get("s3"), None);
    assert_eq!(
        dev.sub_keys("s3"),
        ["max_concurrent_requests", "addressing_style"]
    );
    assert_eq!(dev.sub_property("s3", "addressing_style"), Some("path"));
    let section = set.services_section("dev").unwrap();
    assert_eq!(section.name(), "dev");
    assert_eq!(
        section.sub_property("iot_managed_integrations", "endpoint_url"),
        Some("http://localhost:1")
    );
    assert_eq!(
        section.sub_keys("iot_managed_integrations"),
        ["endpoint_url"]
    );
    assert!(set.services_section("prod").is_none());
}

#[test]
fn continuation_lines() {
    let s = setup(
        "[default]\ncredential_process = first\n  second\n\tthird\nregion = r\n",
        "",
        None,
    );
    let set = ProfileSet::load(&s.env).unwrap();
    let d = set.selected().unwrap();
    assert_eq!(d.get("credential_process"), Some("first\nsecond\nthird"));
    assert_eq!(d.get("region"), Some("r"));
}

#[test]
fn malformed_line_names_file_and_line() {
    let s = setup(
        "[default]\nregion = us-east-1\n\n# fine\nthis is not a property\n",
        "",
        None,
    );
    let e = ProfileSet::load(&s.env).unwrap_err();
    assert_eq!(e.file, s.config);
    assert_eq!(e.line, Some(5));
    assert!(e.message.contains("expected"), "{e}");
    assert!(
        e.to_string().starts_with(&format!("{}:5: ", s.config)),
        "{e}"
    );

    let s = setup("", "[default]\naws_access_key_id = A\n[broken\n", None);
    let e = ProfileSet::load(&s.env).unwrap_err();
    assert_eq!((e.file.as_str(), e.line), (s.credentials.as_str(), Some(3)));

    let s = setup("region = us-east-1\n", "", None);
    let e = ProfileSet::load(&s.env).unwrap_err();
    assert_eq!(e.line, Some(1));
    assert!(e.message.contains("section header"), "{e}");

    let s = setup("[default]\ns3 =\n  not a sub property\n", "", None);
    let e = ProfileSet::load(&s.env).unwrap_err();
    assert_eq!(e.line, Some(3));
    assert!(e.message.contains("sub-property"), "{e}");
}

#[test]
fn missing_files_are_empty() {
    let dir = TempDir::new();
    let env = Env::from_pairs([
        ("HOME", dir.path().display().to_string()),
        ("AWS_CONFIG_FILE", dir.file("nope/config")),
        ("AWS_SHARED_CREDENTIALS_FILE", dir.file("nope/credentials")),
    ]);
    let set = ProfileSet::load(&env).unwrap();
    assert!(set.selected().is_none());
    assert!(set.get("default").is_none());

    // Default paths under HOME, missing too.
    let env = Env::from_pairs([("HOME", dir.path().display().to_string())]);
    assert!(ProfileSet::load(&env).unwrap().selected().is_none());
    assert!(ProfileSet::load(&Env::default())
        .unwrap()
        .selected()
        .is_none());
    assert!(ProfileSet::empty().selected().is_none());
}

#[test]
fn default_paths_and_tilde() {
    let dir = TempDir::new();
    dir.write(".aws/config", "[default]\nregion = from-default-path\n");
    dir.write("custom/creds", "[default]\naws_access_key_id = AKIDT\n");
    let env = Env::from_pairs([
        ("HOME", dir.path().display().to_string()),
        ("AWS_SHARED_CREDENTIALS_FILE", "~/custom/creds".to_owned()),
    ]);
    let set = ProfileSet::load(&env).unwrap();
    let d = set.selected().unwrap();
    assert_eq!(d.get("region"), Some("from-default-path"));
    assert_eq!(d.get("aws_access_key_id"), Some("AKIDT"));
}

#[test]
fn a_directory_is_not_a_file() {
    let dir = TempDir::new();
    let env = Env::from_pairs([
        ("AWS_CONFIG_FILE", dir.path().display().to_string()),
        ("AWS_SHARED_CREDENTIALS_FILE", dir.file("missing")),
    ]);
    let e = ProfileSet::load(&env).unwrap_err();
    assert_eq!(e.file, dir.path().display().to_string());
    assert_eq!(e.line, None);
}

// ---------------------------------------------------------------------------------------------
// Provider

#[tokio::test]
async fn static_keys_with_session_token() {
    let s = setup(
        "[profile dev]\nregion = us-east-1\n",
        "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = secret-dev\n\
         aws_session_token = token-dev\n",
        Some("dev"),
    );
    let c = provide(&s).await.unwrap();
    assert_eq!(c.access_key_id(), "AKIDDEV");
    assert_eq!(c.secret_access_key(), "secret-dev");
    assert_eq!(c.session_token(), Some("token-dev"));
    assert_eq!(c.expires_at(), None);
}

#[tokio::test]
async fn with_profile_overrides_aws_profile() {
    let s = setup(
        "",
        "[a]\naws_access_key_id = AKIDA\naws_secret_access_key = sa\n\
         [b]\naws_access_key_id = AKIDB\naws_secret_access_key = sb\n",
        Some("a"),
    );
    let c = ProfileProvider::with_profile(s.env.clone(), "b")
        .provide()
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "AKIDB");
    let e = ProfileProvider::with_profile(s.env.clone(), "c")
        .provide()
        .await
        .unwrap_err();
    assert_eq!(e.kind, CredentialsErrorKind::Failed);
}

#[tokio::test]
async fn missing_profile_explicit_vs_default() {
    let s = setup("[profile other]\nregion = x\n", "", Some("ghost"));
    let e = provide(&s).await.unwrap_err();
    assert_eq!(e.kind, CredentialsErrorKind::Failed);
    assert!(e.message.contains("profile `ghost` is not in"), "{e}");
    assert!(
        e.message.contains(&s.config) && e.message.contains(&s.credentials),
        "{e}"
    );

    let s = setup("[profile other]\nregion = x\n", "", None);
    let e = provide(&s).await.unwrap_err();
    assert_eq!(e.kind, CredentialsErrorKind::NotConfigured);
}

#[tokio::test]
async fn profile_without_credentials_is_not_configured() {
    let s = setup("[default]\nregion = us-east-1\n", "", None);
    let e = provide(&s).await.unwrap_err();
    assert_eq!(e.kind, CredentialsErrorKind::NotConfigured, "{e}");
}

#[tokio::test]
async fn key_id_without_secret_names_the_line() {
    let s = setup("", "[default]\n\naws_access_key_id = AKID\n", None);
    let e = provide(&s).await.unwrap_err();
    assert_eq!(e.kind, CredentialsErrorKind::Failed);
    assert!(e.source.contains(&format!("{}:3", s.credentials)), "{e}");
    assert!(e.message.contains("aws_secret_access_key"), "{e}");
}

#[tokio::test]
async fn malformed_file_fails_with_location() {
    let s = setup("[default]\nregion = x\n???\n", "", None);
    let e = provide(&s).await.unwrap_err();
    assert_eq!(e.kind, CredentialsErrorKind::Failed);
    assert!(e.message.contains(&format!("{}:3", s.config)), "{e}");
}

#[tokio::test]
async fn sso_profile_fails() {
    let s = setup(
        "[profile sso]\nsso_session = corp\nsso_account_id = 123456789012\n\
         [sso-session corp]\nsso_start_url = https://example.invalid/start\n",
        "",
        Some("sso"),
    );
    let e = provide(&s).await.unwrap_err();
    assert_eq!(e.kind, CredentialsErrorKind::Failed);
    assert!(e.message.contains("aws-config"), "{e}");
    assert!(e.source.contains("`sso`"), "{e}");
    assert!(e.source.contains(&format!("{}:2", s.config)), "{e}");
}

#[tokio::test]
async fn source_profile_cycle_fails() {
    let s = setup(
        "[profile a]\nrole_arn = arn:aws:iam::123456789012:role/A\nsource_profile = b\n\
         [profile b]\nrole_arn = arn:aws:iam::123456789012:role/B\nsource_profile = a\n",
        "",
        Some("a"),
    );
    let e = provide(&s).await.unwrap_err();
    assert_eq!(e.kind, CredentialsErrorKind::Failed);
    assert!(e.message.contains("a -> b -> a"), "{e}");
}

#[tokio::test]
async fn role_configuration_errors() {
    let s = setup(
        "[default]\nrole_arn = arn:aws:iam::123456789012:role/A\ncredential_source = Moon\n",
        "",
        None,
    );
    let e = provide(&s).await.unwrap_err();
    assert_eq!(e.kind, CredentialsErrorKind::Failed);
    assert!(e.message.contains("Moon") && e.source.contains(":3"), "{e}");

    let s = setup(
        "[default]\nrole_arn = arn:aws:iam::123456789012:role/A\nsource_profile = nowhere\n",
        "",
        None,
    );
    let e = provide(&s).await.unwrap_err();
    assert!(e.message.contains("`nowhere`"), "{e}");

    let s = setup(
        "[default]\nrole_arn = arn:aws:iam::123456789012:role/A\n",
        "",
        None,
    );
    let e = provide(&s).await.unwrap_err();
    assert!(e.message.contains("source_profile"), "{e}");

    let s = setup(
        "[default]\nrole_arn = arn:aws:iam::123456789012:role/A\nsource_profile = src\n\
         [profile src]\nregion = x\n",
        "",
        None,
    );
    let e = provide(&s).await.unwrap_err();
    assert_eq!(e.kind, CredentialsErrorKind::Failed);
    assert!(e.source.contains("`src`"), "{e}");
}

#[cfg(unix)]
mod process {
    use super::*;

    #[tokio::test]
    async fn credential_process_success() {
        let s = setup(
            "[profile proc]\ncredential_process = printf '%s' '{\"Version\": 1, \
             \"AccessKeyId\": \"AKIDPROC\", \"SecretAccessKey\": \"secret-proc\", \
             \"SessionToken\": \"token-proc\", \"Expiration\": \"2030-01-02T03:04:05Z\"}'\n",
            "",
            Some("proc"),
        );
        let c = provide(&s).await.unwrap();
        assert_eq!(c.access_key_id(), "AKIDPROC");
        assert_eq!(c.secret_access_key(), "secret-proc");
        assert_eq!(c.session_token(), Some("token-proc"));
        let expected = DateTime::parse("2030-01-02T03:04:05Z", TimestampFormat::DateTime)
            .unwrap()
            .to_system_time();
        assert_eq!(c.expires_at(), Some(expected));
    }

    #[tokio::test]
    async fn credential_process_without_expiration() {
        let s = setup(
            "[default]\ncredential_process = echo '{\"Version\": 1, \"AccessKeyId\": \"AKIDE\", \
             \"SecretAccessKey\": \"s\"}'\n",
            "",
            None,
        );
        let c = provide(&s).await.unwrap();
        assert_eq!(c.access_key_id(), "AKIDE");
        assert_eq!(c.session_token(), None);
        assert_eq!(c.expires_at(), None);
    }

    #[tokio::test]
    async fn credential_process_exit_code() {
        let s = setup(
            "[default]\ncredential_process = echo broken-helper-message >&2; exit 1\n",
            "",
            None,
        );
        let e = provide(&s).await.unwrap_err();
        assert_eq!(e.kind, CredentialsErrorKind::Failed);
        let shown = e.to_string();
        assert!(
            shown.contains("echo broken-helper-message >&2; exit 1"),
            "{shown}"
        );
        assert!(shown.contains("broken-helper-message"), "{shown}");
        assert!(shown.contains("exit status: 1"), "{shown}");
        assert!(e.source.contains(&format!("{}:2", s.config)), "{shown}");
    }

    #[tokio::test]
    async fn credential_process_junk_is_not_echoed() {
        let s = setup(
            "[default]\ncredential_process = printf 'SUPERSECRETJUNK'\n",
            "",
            None,
        );
        let e = provide(&s).await.unwrap_err();
        assert_eq!(e.kind, CredentialsErrorKind::Failed);
        let shown = e.to_string();
        assert!(shown.contains("not JSON"), "{shown}");
        let without_command = shown.replace("printf 'SUPERSECRETJUNK'", "");
        assert!(!without_command.contains("SUPERSECRETJUNK"), "{shown}");
    }

    #[tokio::test]
    async fn credential_process_bad_version_and_expiration() {
        let s = setup(
            "[default]\ncredential_process = echo '{\"Version\": 2, \"AccessKeyId\": \"A\", \
             \"SecretAccessKey\": \"hidden-secret\"}'\n",
            "",
            None,
        );
        let e = provide(&s).await.unwrap_err();
        assert!(e.message.contains("Version"), "{e}");

        let s = setup(
            "[default]\ncredential_process = echo '{\"Version\": 1, \"AccessKeyId\": \"A\", \
             \"SecretAccessKey\": \"s\", \"Expiration\": \"tomorrow\"}'\n",
            "",
            None,
        );
        let e = provide(&s).await.unwrap_err();
        assert!(e.message.contains("Expiration"), "{e}");

        let s = setup(
            "[default]\ncredential_process = echo '{\"Version\": 1, \"AccessKeyId\": \"A\"}'\n",
            "",
            None,
        );
        let e = provide(&s).await.unwrap_err();
        assert!(e.message.contains("SecretAccessKey"), "{e}");
    }

    #[tokio::test]
    async fn source_profile_process_failure_stops_before_sts() {
        // The source is resolved first; the AssumeRole step comes after it.
        let s = setup(
            "[profile role]\nrole_arn = arn:aws:iam::123456789012:role/A\nsource_profile = base\n\
             [profile base]\ncredential_process = exit 7\n",
            "",
            Some("role"),
        );
        let e = provide(&s).await.unwrap_err();
        assert!(e.source.contains("exit 7"), "{e}");
        assert!(e.message.contains("exit status: 7"), "{e}");
    }
}

/// Assume-role paths against a fake STS on a loopback port (`AWS_ENDPOINT_URL_STS`).
mod assume_role {
    use super::*;
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::sync::{Arc, Mutex};

    /// One request the fake received: the `authorization` header and the decoded form.
    #[derive(Clone, Debug)]
    struct Seen {
        authorization: Option<String>,
        form: Vec<(String, String)>,
    }

    impl Seen {
        fn get(&self, name: &str) -> Option<&str> {
            self.form
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        }
    }

    /// Answers every action with credentials `AKIDSTS<n>` (n counting from 1).
    struct FakeSts {
        url: String,
        seen: Arc<Mutex<Vec<Seen>>>,
    }

    impl FakeSts {
        fn start() -> Self {
            let listener = TcpListener::bind("127.0.0.1:0").unwrap();
            let url = format!("http://{}", listener.local_addr().unwrap());
            let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
            let record = Arc::clone(&seen);
            std::thread::spawn(move || {
                for stream in listener.incoming().flatten() {
                    let record = Arc::clone(&record);
                    std::thread::spawn(move || serve(stream, &record));
                }
            });
            FakeSts { url, seen }
        }

        fn seen(&self) -> Vec<Seen> {
            self.seen.lock().unwrap().clone()
        }
    }

    fn serve(stream: TcpStream, record: &Mutex<Vec<Seen>>) {
        let mut writer = stream.try_clone().unwrap();
        let mut reader = BufReader::new(stream);
        loop {
            let mut length = 0usize;
            let mut authorization = None;
            let mut first = true;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim_end();
                if line.is_empty() {
                    if first {
                        continue;
                    }
                    break;
                }
                first = false;
                if let Some((name, value)) = line.split_once(':') {
                    match name.trim().to_ascii_lowercase().as_str() {
                        "content-length" => length = value.trim().parse().unwrap_or(0),
                        "authorization" => authorization = Some(value.trim().to_owned()),
                        _ => {}
                    }
                }
            }
            let mut body = vec![0; length];
            if reader.read_exact(&mut body).is_err() {
                return;
            }
            let form: Vec<(String, String)> = String::from_utf8_lossy(&body)
                .split('&')
                .filter_map(|pair| pair.split_once('='))
                .map(|(k, v)| (k.to_owned(), percent_decode(v)))
                .collect();
            let n = {
                let mut seen = record.lock().unwrap();
                seen.push(Seen {
                    authorization,
                    form: form.clone(),
                });
                seen.len()
            };
            let action = form
                .iter()
                .find(|(k, _)| k == "Action")
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            let xml = format!(
                "<{action}Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
                 <{action}Result><Credentials>\
                 <AccessKeyId>AKIDSTS{n}</AccessKeyId>\
                 <SecretAccessKey>secret-sts-{n}</SecretAccessKey>\
                 <SessionToken>token-sts-{n}</SessionToken>\
                 <Expiration>2030-01-01T00:00:00Z</Expiration>\
                 </Credentials></{action}Result></{action}Response>"
            );
            let response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: text/xml\r\ncontent-length: {}\r\n\r\n{xml}",
                xml.len()
            );
            if writer.write_all(response.as_bytes()).is_err() {
                return;
            }
        }
    }

    fn percent_decode(text: &str) -> String {
        let bytes = text.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            match (bytes[i], hex) {
                (b'%', Some(b)) => {
                    out.push(b);
                    i += 3;
                }
                (b'+', _) => {
                    out.push(b' ');
                    i += 1;
                }
                (b, _) => {
                    out.push(b);
                    i += 1;
                }
            }
        }
        String::from_utf8_lossy(&out).into_owned()
    }

    /// `setup`'s files with `AWS_ENDPOINT_URL_STS` pointing at `sts` and extra variables.
    fn env_with(s: &Setup, sts: &FakeSts, extra: &[(&str, &str)]) -> Env {
        let mut pairs = vec![
            ("HOME".to_owned(), s.dir.path().display().to_string()),
            ("AWS_CONFIG_FILE".to_owned(), s.config.clone()),
            (
                "AWS_SHARED_CREDENTIALS_FILE".to_owned(),
                s.credentials.clone(),
            ),
            ("AWS_ENDPOINT_URL_STS".to_owned(), sts.url.clone()),
        ];
        pairs.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        Env::from_pairs(pairs)
    }

    fn signed_by(seen: &Seen, access_key_id: &str) -> bool {
        seen.authorization
            .as_deref()
            .is_some_and(|a| a.contains(&format!("Credential={access_key_id}/")))
    }

    #[tokio::test]
    async fn chained_source_profiles() {
        let s = setup(
            "[profile a]\nregion = us-west-2\nrole_arn = arn:aws:iam::123456789012:role/A\n\
             source_profile = b\nrole_session_name = my-session\nexternal_id = ext-1\n\
             duration_seconds = 900\n\
             [profile b]\nrole_arn = arn:aws:iam::123456789012:role/B\nsource_profile = base\n",
            "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = secret-base\n",
            None,
        );
        let sts = FakeSts::start();
        let env = env_with(&s, &sts, &[("AWS_PROFILE", "a")]);
        let c = ProfileProvider::new(env).provide().await.unwrap();
        assert_eq!(c.access_key_id(), "AKIDSTS2");
        assert_eq!(c.session_token(), Some("token-sts-2"));
        assert!(c.expires_at().is_some());

        let seen = sts.seen();
        assert_eq!(seen.len(), 2, "{seen:?}");
        assert_eq!(seen[0].get("Action"), Some("AssumeRole"));
        assert_eq!(
            seen[0].get("RoleArn"),
            Some("arn:aws:iam::123456789012:role/B")
        );
        assert!(signed_by(&seen[0], "AKIDBASE"), "{seen:?}");
        assert!(seen[0]
            .get("RoleSessionName")
            .unwrap()
            .starts_with("aws-op-"));
        assert_eq!(seen[0].get("ExternalId"), None);
        assert_eq!(
            seen[1].get("RoleArn"),
            Some("arn:aws:iam::123456789012:role/A")
        );
        assert!(signed_by(&seen[1], "AKIDSTS1"), "{seen:?}");
        assert!(seen[1]
            .authorization
            .as_deref()
            .unwrap()
            .contains("/us-west-2/sts/"));
        assert_eq!(seen[1].get("RoleSessionName"), Some("my-session"));
        assert_eq!(seen[1].get("ExternalId"), Some("ext-1"));
        assert_eq!(seen[1].get("DurationSeconds"), Some("900"));
    }

    #[tokio::test]
    async fn self_referencing_profile_uses_its_own_keys() {
        let s = setup(
            "",
            "[me]\nrole_arn = arn:aws:iam::123456789012:role/Me\nsource_profile = me\n\
             aws_access_key_id = AKIDME\naws_secret_access_key = secret-me\n",
            None,
        );
        let sts = FakeSts::start();
        let env = env_with(&s, &sts, &[("AWS_PROFILE", "me")]);
        let c = ProfileProvider::new(env).provide().await.unwrap();
        assert_eq!(c.access_key_id(), "AKIDSTS1");
        let seen = sts.seen();
        assert_eq!(seen.len(), 1);
        assert!(signed_by(&seen[0], "AKIDME"), "{seen:?}");
    }

    #[tokio::test]
    async fn credential_source_environment() {
        let s = setup(
            "[default]\nrole_arn = arn:aws:iam::123456789012:role/Env\n\
             credential_source = Environment\n",
            "",
            None,
        );
        let sts = FakeSts::start();
        let env = env_with(
            &s,
            &sts,
            &[
                ("AWS_ACCESS_KEY_ID", "AKIDENV"),
                ("AWS_SECRET_ACCESS_KEY", "secret-env"),
                ("AWS_REGION", "eu-west-1"),
            ],
        );
        let c = ProfileProvider::new(env).provide().await.unwrap();
        assert_eq!(c.access_key_id(), "AKIDSTS1");
        let seen = sts.seen();
        assert!(signed_by(&seen[0], "AKIDENV"), "{seen:?}");
        assert!(seen[0]
            .authorization
            .as_deref()
            .unwrap()
            .contains("/eu-west-1/sts/"));

        // Without the variables the configured source fails (it is not "not configured").
        let env = env_with(&s, &sts, &[]);
        let e = ProfileProvider::new(env).provide().await.unwrap_err();
        assert_eq!(e.kind, CredentialsErrorKind::Failed);
        assert!(e.source.contains(&format!("{}:3", s.config)), "{e}");
    }

    #[tokio::test]
    async fn web_identity_token_file() {
        let s = setup("", "", None);
        let token = s.dir.write("token", "header.payload.signature\n");
        std::fs::write(
            &s.config,
            format!(
                "[default]\nrole_arn = arn:aws:iam::123456789012:role/Web\n\
                 web_identity_token_file = {token}\nrole_session_name = web\n"
            ),
        )
        .unwrap();
        let sts = FakeSts::start();
        let c = ProfileProvider::new(env_with(&s, &sts, &[]))
            .provide()
            .await
            .unwrap();
        assert_eq!(c.access_key_id(), "AKIDSTS1");
        let seen = sts.seen();
        assert_eq!(seen[0].get("Action"), Some("AssumeRoleWithWebIdentity"));
        assert_eq!(
            seen[0].get("WebIdentityToken"),
            Some("header.payload.signature")
        );
        assert_eq!(seen[0].get("RoleSessionName"), Some("web"));
        assert_eq!(seen[0].authorization, None);

        std::fs::write(&token, "  \n").unwrap();
        let e = ProfileProvider::new(env_with(&s, &sts, &[]))
            .provide()
            .await
            .unwrap_err();
        assert!(e.message.contains("empty"), "{e}");
        assert_eq!(sts.seen().len(), 1);
    }
}
