//! An object as the emulator keeps it: its bytes and what S3 tells about them.

use crate::checksums::StoredChecksum;
use crate::data::Data;
use aws_op::DateTime;
use std::collections::HashMap;

/// An object as stored.
#[derive(Clone, Debug)]
pub(crate) struct Object {
    pub data: Data,
    /// Quoted, as S3 sends it: the hex MD5 of the bytes, or of the parts' MD5s then `-N`.
    pub e_tag: String,
    pub last_modified: DateTime,
    pub content_type: Option<String>,
    pub metadata: HashMap<String, String>,
    pub checksum: Option<StoredChecksum>,
}

/// The ETag of bytes whose MD5 is `digest`: the quoted hex digest.
pub(crate) fn e_tag_of(digest: &[u8]) -> String {
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}
