//! The credential chain's own STS calls (hand-written in the runtime, see the README's
//! "Dogfood" note) against moto: a web identity token file and a profile with `role_arn` each
//! become role credentials, and the generated `GetCallerIdentity`, signed with them, is
//! answered by moto with the assumed role's ARN. moto maps every access key it hands out to its
//! role, so a request signed with anything else (the source credentials, a made-up key) would
//! be answered with moto's default user instead.

use aws_op::{Client, Config};
use aws_op_moto::Moto;
use aws_op_sts::*;
use std::collections::HashMap;
use std::path::PathBuf;

/// A file under the system's temporary directory, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, text: &str) -> TempFile {
        let path = std::env::temp_dir().join(format!("aws-op-{}-{name}", std::process::id()));
        std::fs::write(&path, text).expect("write a temporary file");
        TempFile(path)
    }

    fn path(&self) -> String {
        self.0.display().to_string()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn vars(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

async fn caller_arn(config: &Config) -> String {
    let client: Client<Sts> = Client::new(config).expect("a client");
    GetCallerIdentityRequest {}
        .send(&client)
        .await
        .expect("GetCallerIdentity")
        .arn
        .expect("an ARN")
}

#[tokio::test]
async fn a_web_identity_token_becomes_role_credentials() {
    let moto = Moto::start();
    let token = TempFile::new(
        "web-identity-token",
        "eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl",
    );
    let endpoint = moto.endpoint_url();
    let config = Config::from_env_vars(vars(&[
        ("AWS_REGION", "us-east-1"),
        ("AWS_ENDPOINT_URL", &endpoint),
        ("AWS_WEB_IDENTITY_TOKEN_FILE", &token.path()),
        ("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/ci-deployer"),
        ("AWS_ROLE_SESSION_NAME", "pipeline-42"),
    ]));
    let arn = caller_arn(&config).await;
    assert!(
        arn.ends_with(":assumed-role/ci-deployer/pipeline-42"),
        "the call was signed with the web identity's role credentials: {arn}"
    );
}

#[tokio::test]
async fn a_profile_with_a_role_assumes_it_with_its_source_profile() {
    let moto = Moto::start();
    let config_file = TempFile::new(
        "config",
        "[profile base]\n\
         aws_access_key_id = AKIDBASEPROFILE00001\n\
         aws_secret_access_key = base/secret\n\
         \n\
         [profile deploy]\n\
         role_arn = arn:aws:iam::123456789012:role/deployer\n\
         role_session_name = release-train\n\
         source_profile = base\n",
    );
    let endpoint = moto.endpoint_url();
    let config = Config::from_env_vars(vars(&[
        ("AWS_REGION", "us-east-1"),
        ("AWS_ENDPOINT_URL", &endpoint),
        ("AWS_CONFIG_FILE", &config_file.path()),
        ("AWS_PROFILE", "deploy"),
    ]));
    let arn = caller_arn(&config).await;
    assert!(
        arn.ends_with(":assumed-role/deployer/release-train"),
        "the call was signed with the profile's role credentials: {arn}"
    );

    // The base profile alone is moto's default user: the ARN above came from the role.
    let config = Config::from_env_vars(vars(&[
        ("AWS_REGION", "us-east-1"),
        ("AWS_ENDPOINT_URL", &endpoint),
        ("AWS_CONFIG_FILE", &config_file.path()),
        ("AWS_PROFILE", "base"),
    ]));
    assert!(!caller_arn(&config).await.contains("assumed-role"));
}
