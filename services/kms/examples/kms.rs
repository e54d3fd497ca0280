//! KMS: create a key, encrypt bytes with it, decrypt them, schedule the key's deletion (the
//! shortest window AWS allows, 7 days).
//!
//! ```text
//! cargo run -p aws-op-kms --example kms                           # real AWS (credentials and region from the environment)
//! AWS_ENDPOINT_URL=http://127.0.0.1:5000 cargo run -p aws-op-kms --example kms   # a local moto server
//! ```

use aws_op::{Blob, Client, Config};
use aws_op_kms::*;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client: Client<Kms> = Client::new(&Config::from_env())?;

    let key_id = CreateKeyRequest::builder()
        .description("aws-op example key")
        .build()
        .send(&client)
        .await?
        .key_metadata
        .ok_or("CreateKey returned no metadata")?
        .key_id;
    println!("key {key_id}");

    let ciphertext = EncryptRequest::builder()
        .key_id(key_id.as_str())
        .plaintext(Blob::from(b"hello from aws-op".to_vec()))
        .build()
        .send(&client)
        .await?
        .ciphertext_blob
        .ok_or("Encrypt returned no ciphertext")?;
    println!("encrypted into {} bytes", ciphertext.as_ref().len());

    let plaintext = DecryptRequest::builder()
        .ciphertext_blob(ciphertext)
        .build()
        .send(&client)
        .await?
        .plaintext
        .ok_or("Decrypt returned no plaintext")?;
    println!(
        "decrypted {:?}",
        String::from_utf8_lossy(plaintext.as_ref())
    );

    let scheduled = ScheduleKeyDeletionRequest::builder()
        .key_id(key_id.as_str())
        .pending_window_in_days(7)
        .build()
        .send(&client)
        .await?;
    if let Some(date) = scheduled.deletion_date {
        println!("the key will be deleted at {date}");
    }
    Ok(())
}
