//! Configuration resolved the way the AWS SDKs do it, end to end against the emulator: profile
//! files, credential_process, region chain, endpoint precedence, FIPS, and bad configuration.

use aws_op::runtime::Env;
use aws_op::{Client, Config, Error};
use aws_op_emulator::{Emulator, EmulatorConfig, DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY};
use aws_op_iot_managed_integrations::*;
use std::path::PathBuf;

/// A scratch folder with a config and a credentials file.
struct Files {
    dir: PathBuf,
}

impl Files {
    fn new(name: &str, config: &str, credentials: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("aws-op-cfg-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("config"), config).unwrap();
        std::fs::write(dir.join("credentials"), credentials).unwrap();
        Files { dir }
    }

    fn env(&self, extra: &[(&str, &str)]) -> Env {
        let mut pairs: Vec<(String, String)> = vec![
            ("HOME".into(), self.dir.display().to_string()),
            (
                "AWS_CONFIG_FILE".into(),
                self.dir.join("config").display().to_string(),
            ),
            (
                "AWS_SHARED_CREDENTIALS_FILE".into(),
                self.dir.join("credentials").display().to_string(),
            ),
            // Keep IMDS out of these tests: nothing listens on 169.254.169.254 here.
            ("AWS_EC2_METADATA_DISABLED".into(), "true".into()),
        ];
        pairs.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        Env::from_pairs(pairs)
    }
}

impl Drop for Files {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn static_keys() -> String {
    format!(
        "[default]\naws_access_key_id = {DEFAULT_ACCESS_KEY_ID}\naws_secret_access_key = {DEFAULT_SECRET_ACCESS_KEY}\n"
    )
}

async fn list(client: &IotManagedIntegrationsClient) -> Result<(), String> {
    ListAccountAssociationsRequest::builder()
        .build()
        .send(client)
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[tokio::test]
async fn profile_region_credentials_and_services_endpoint() {
    let emulator = Emulator::start(EmulatorConfig::new()).await.unwrap();
    for key in ["iot_managed_integrations", "iot-managed-integrations"] {
        let config = format!(
            "[default]\nregion = eu-west-1\nservices = local\n\n[services local]\n{key} =\n  endpoint_url = {}\n",
            emulator.endpoint_url()
        );
        let files = Files::new(&format!("svc-{key}"), &config, &static_keys());
        let client: IotManagedIntegrationsClient =
            Client::new(&Config::from_env_snapshot(files.env(&[]))).unwrap();
        assert_eq!(client.region(), "eu-west-1");
        list(&client).await.unwrap();
    }
}

#[tokio::test]
async fn endpoint_precedence_variables_over_profile_and_ignore_switch() {
    let emulator = Emulator::start(EmulatorConfig::new()).await.unwrap();
    let config = "[profile dev]\nregion = us-west-2\nendpoint_url = http://127.0.0.1:9\n";
    let files = Files::new("precedence", config, "");
    let url = emulator.endpoint_url();
    // The service variable beats the profile's endpoint_url.
    let env = files.env(&[
        ("AWS_PROFILE", "dev"),
        ("AWS_ENDPOINT_URL_IOT_MANAGED_INTEGRATIONS", url.as_str()),
    ]);
    let client: IotManagedIntegrationsClient =
        Client::new(&Config::from_env_snapshot(env)).unwrap();
    assert_eq!(client.endpoint().url(""), url);
    // Without variables the profile's endpoint_url is used.
    let env = files.env(&[("AWS_PROFILE", "dev")]);
    let client: IotManagedIntegrationsClient =
        Client::new(&Config::from_env_snapshot(env)).unwrap();
    assert_eq!(client.endpoint().port, Some(9));
    // Ignoring configured endpoints falls back to the endpoint rules.
    let env = files.env(&[
        ("AWS_PROFILE", "dev"),
        ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
    ]);
    let client: IotManagedIntegrationsClient =
        Client::new(&Config::from_env_snapshot(env)).unwrap();
    assert_eq!(
        client.endpoint().url(""),
        "https://api.iotmanagedintegrations.us-west-2.api.aws"
    );
}

#[tokio::test]
async fn fips_from_the_environment_or_profile_uses_the_rules() {
    let files = Files::new(
        "fips",
        "[default]\nregion = us-east-1\nuse_fips_endpoint = true\n",
        "",
    );
    let client: IotManagedIntegrationsClient =
        Client::new(&Config::from_env_snapshot(files.env(&[]))).unwrap();
    assert_eq!(
        client.endpoint().url(""),
        "https://api.iotmanagedintegrations-fips.us-east-1.api.aws"
    );
    let env = files.env(&[("AWS_USE_FIPS_ENDPOINT", "false")]);
    let client: IotManagedIntegrationsClient =
        Client::new(&Config::from_env_snapshot(env)).unwrap();
    assert_eq!(
        client.endpoint().url(""),
        "https://api.iotmanagedintegrations.us-east-1.api.aws"
    );
}

#[tokio::test]
async fn credential_process_credentials_sign_real_calls() {
    let emulator = Emulator::start(EmulatorConfig::new()).await.unwrap();
    let json = format!(
        r#"{{"Version": 1, "AccessKeyId": "{DEFAULT_ACCESS_KEY_ID}", "SecretAccessKey": "{DEFAULT_SECRET_ACCESS_KEY}", "Expiration": "2999-01-01T00:00:00Z"}}"#
    );
    let config =
        format!("[default]\nregion = us-east-1\ncredential_process = printf '%s' '{json}'\n");
    let files = Files::new("process", &config, "");
    let env = files.env(&[("AWS_ENDPOINT_URL", emulator.endpoint_url().as_str())]);
    let client: IotManagedIntegrationsClient =
        Client::new(&Config::from_env_snapshot(env)).unwrap();
    list(&client).await.unwrap();
}

#[tokio::test]
async fn environment_credentials_win_over_the_profile() {
    let emulator = Emulator::start(EmulatorConfig::new()).await.unwrap();
    let creds = "[default]\naws_access_key_id = AKIDWRONG\naws_secret_access_key = wrong\n";
    let files = Files::new("envwins", "[default]\nregion = us-east-1\n", creds);
    let env = files.env(&[
        ("AWS_ENDPOINT_URL", emulator.endpoint_url().as_str()),
        ("AWS_ACCESS_KEY_ID", DEFAULT_ACCESS_KEY_ID),
        ("AWS_SECRET_ACCESS_KEY", DEFAULT_SECRET_ACCESS_KEY),
    ]);
    let client: IotManagedIntegrationsClient =
        Client::new(&Config::from_env_snapshot(env)).unwrap();
    list(&client).await.unwrap();
}

#[tokio::test]
async fn bad_configuration_names_its_source() {
    // A malformed config file: the region error says which file and line.
    let files = Files::new(
        "malformed",
        "[default]\nregion = us-east-1\nthis is not a property\n",
        "",
    );
    let err = Client::<IotManagedIntegrations>::new(&Config::from_env_snapshot(files.env(&[])))
        .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("config:3"), "{text}");

    // A missing profile asked for explicitly.
    let files = Files::new("missing", "[default]\nregion = us-east-1\n", "");
    let env = files.env(&[
        ("AWS_PROFILE", "nope"),
        ("AWS_REGION", "us-east-1"),
        ("AWS_ENDPOINT_URL", "http://127.0.0.1:9"),
    ]);
    let client: IotManagedIntegrationsClient =
        Client::new(&Config::from_env_snapshot(env)).unwrap();
    let err = ListAccountAssociationsRequest::builder()
        .build()
        .send(&client)
        .await
        .unwrap_err();
    let Error::Credentials(c) = &err else {
        panic!("{err:?}")
    };
    assert!(c.message.contains("nope"), "{err}");

    // A credential_process that prints junk: named, and the junk is not echoed.
    let config = "[default]\nregion = us-east-1\ncredential_process = echo secret-junk-output\n";
    let files = Files::new("junk", config, "");
    let env = files.env(&[("AWS_ENDPOINT_URL", "http://127.0.0.1:9")]);
    let client: IotManagedIntegrationsClient =
        Client::new(&Config::from_env_snapshot(env)).unwrap();
    let err = ListAccountAssociationsRequest::builder()
        .build()
        .send(&client)
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("echo secret-junk-output") || text.contains("credential_process"),
        "{text}"
    );
    assert!(
        !text
            .replace("echo secret-junk-output", "")
            .contains("secret-junk-output"),
        "{text}"
    );

    // Nothing configured at all: the error lists the sources tried.
    let files = Files::new("nothing", "", "");
    let env = files.env(&[
        ("AWS_REGION", "us-east-1"),
        ("AWS_ENDPOINT_URL", "http://127.0.0.1:9"),
    ]);
    let client: IotManagedIntegrationsClient =
        Client::new(&Config::from_env_snapshot(env)).unwrap();
    let err = ListAccountAssociationsRequest::builder()
        .build()
        .send(&client)
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("environment") && text.contains("profile"),
        "{text}"
    );
}

#[tokio::test]
async fn region_chain_order() {
    let files = Files::new("region", "[default]\nregion = ap-south-1\n", "");
    let region = |extra: &[(&str, &str)]| {
        Config::from_env_snapshot(files.env(extra))
            .region()
            .map(str::to_owned)
    };
    assert_eq!(region(&[]).as_deref(), Some("ap-south-1"));
    assert_eq!(
        region(&[("AWS_DEFAULT_REGION", "eu-north-1")]).as_deref(),
        Some("eu-north-1")
    );
    assert_eq!(
        region(&[
            ("AWS_DEFAULT_REGION", "eu-north-1"),
            ("AWS_REGION", "ca-central-1")
        ])
        .as_deref(),
        Some("ca-central-1")
    );
}

/// A tiny IMDSv2: answers the token PUT and the region GET, on loopback.
async fn fake_imds() -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = vec![0u8; 4096];
                loop {
                    let Ok(n) = stream.read(&mut buf).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    let head = String::from_utf8_lossy(&buf[..n]).to_string();
                    let body = if head.starts_with("PUT /latest/api/token") {
                        "token-1"
                    } else if head.starts_with("GET /latest/meta-data/placement/region")
                        && head
                            .to_ascii_lowercase()
                            .contains("x-aws-ec2-metadata-token: token-1")
                    {
                        "sa-east-1"
                    } else {
                        ""
                    };
                    let status = if body.is_empty() {
                        "404 Not Found"
                    } else {
                        "200 OK"
                    };
                    let reply = format!(
                        "HTTP/1.1 {status}\r\ncontent-length: {}\r\nx-aws-ec2-metadata-token-ttl-seconds: 21600\r\n\r\n{body}",
                        body.len()
                    );
                    if stream.write_all(reply.as_bytes()).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    url
}

#[tokio::test]
async fn region_from_instance_metadata_when_nothing_else_sets_it() {
    let imds = fake_imds().await;
    let files = Files::new("imds-region", "", "");
    let env = Env::from_pairs([
        ("HOME", files.dir.display().to_string()),
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds),
    ]);
    let config = Config::load_from(env).await;
    assert_eq!(config.region(), Some("sa-east-1"));
}
