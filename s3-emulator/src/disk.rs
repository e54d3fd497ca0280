//! The emulator's directory, when it keeps objects on disk: they outlive the process, and
//! large ones take no memory.
//!
//! ```text
//! <root>/<bucket>/bucket.json          {"created": <epoch seconds>}
//! <root>/<bucket>/objects/<id>         an object's bytes
//! <root>/<bucket>/objects/<id>.json    its key, ETag, time, content type, metadata, checksum
//! <root>/<bucket>/parts/<id>           a part of an upload in progress
//! ```
//!
//! Bucket names are S3's (lower-case letters, digits, dots and hyphens), so they are safe
//! directory names; keys are only ever written inside the description. An object's bytes
//! are written before its description, so a crash leaves no description without bytes; the
//! replaced object's files are removed after. Uploads in progress are not kept across a
//! restart: their parts are removed when the directory is opened.

use crate::checksums::{Algorithm, StoredChecksum};
use crate::data::Data;
use crate::error::S3Error;
use crate::object::Object;
use aws_op::DateTime;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What a file holds: an object's bytes, or a part's.
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    Object,
    Part,
}

impl Kind {
    fn folder(self) -> &'static str {
        match self {
            Kind::Object => "objects",
            Kind::Part => "parts",
        }
    }
}

/// A bucket read back from the directory.
pub(crate) struct LoadedBucket {
    pub name: String,
    pub created: DateTime,
    pub objects: BTreeMap<String, Object>,
}

/// The directory.
pub(crate) struct Disk {
    root: PathBuf,
}

fn io_error(path: &Path, e: std::io::Error) -> S3Error {
    S3Error::internal(format!("{}: {e}", path.display()))
}

impl Disk {
    /// Opens (creating it if needed) the directory at `root`, and reads back its buckets and
    /// objects.
    ///
    /// # Errors
    ///
    /// The directory cannot be created or read, or a description is not one this module
    /// wrote.
    pub(crate) fn open(root: &Path) -> std::io::Result<(Disk, Vec<LoadedBucket>)> {
        std::fs::create_dir_all(root)?;
        let mut buckets = Vec::new();
        for entry in std::fs::read_dir(root)? {
            let dir = entry?.path();
            let described = dir.join("bucket.json");
            if !described.is_file() {
                continue;
            }
            let created = read_json(&described)?
                .get("created")
                .and_then(Value::as_i64)
                .map(DateTime::from_secs)
                .ok_or_else(|| invalid(&described, "no creation time"))?;
            let parts = dir.join(Kind::Part.folder());
            if parts.exists() {
                std::fs::remove_dir_all(&parts)?;
            }
            for kind in [Kind::Object, Kind::Part] {
                std::fs::create_dir_all(dir.join(kind.folder()))?;
            }
            let name = dir
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_owned();
            buckets.push(LoadedBucket {
                name,
                created,
                objects: read_objects(&dir.join(Kind::Object.folder()))?,
            });
        }
        Ok((
            Disk {
                root: root.to_owned(),
            },
            buckets,
        ))
    }

    pub(crate) fn create_bucket(&self, name: &str, created: DateTime) -> Result<(), S3Error> {
        let dir = self.root.join(name);
        for kind in [Kind::Object, Kind::Part] {
            let folder = dir.join(kind.folder());
            std::fs::create_dir_all(&folder).map_err(|e| io_error(&folder, e))?;
        }
        write_json(
            &dir.join("bucket.json"),
            &json!({ "created": created.secs() }),
        )
    }

    /// Removes an empty bucket's directory.
    pub(crate) fn delete_bucket(&self, name: &str) -> Result<(), S3Error> {
        let dir = self.root.join(name);
        std::fs::remove_dir_all(&dir).map_err(|e| io_error(&dir, e))
    }

    /// Writes `bytes` into a new file of `bucket`.
    pub(crate) fn write(&self, bucket: &str, kind: Kind, bytes: &[u8]) -> Result<Data, S3Error> {
        let path = self.new_path(bucket, kind);
        std::fs::write(&path, bytes).map_err(|e| io_error(&path, e))?;
        Ok(Data::File {
            path: Arc::new(path),
            len: bytes.len() as u64,
        })
    }

    /// Joins `parts`, in order, into a new object file of `bucket`, a file at a time.
    pub(crate) fn join(&self, bucket: &str, parts: &[&Data]) -> Result<Data, S3Error> {
        let path = self.new_path(bucket, Kind::Object);
        let mut out = std::fs::File::create(&path).map_err(|e| io_error(&path, e))?;
        let mut len = 0;
        for part in parts {
            len += match part {
                Data::Memory(bytes) => out.write_all(bytes).map(|()| bytes.len() as u64),
                Data::File { path, .. } => std::fs::File::open(path.as_path())
                    .and_then(|mut file| std::io::copy(&mut file, &mut out)),
            }
            .map_err(|e| io_error(&path, e))?;
        }
        out.sync_all().map_err(|e| io_error(&path, e))?;
        Ok(Data::File {
            path: Arc::new(path),
            len,
        })
    }

    /// A copy of `data` in a new object file of `bucket`.
    pub(crate) fn copy(&self, bucket: &str, data: &Data) -> Result<Data, S3Error> {
        self.join(bucket, &[data])
    }

    /// Writes the description of `key`'s `object` beside its bytes.
    pub(crate) fn describe(&self, key: &str, object: &Object) -> Result<(), S3Error> {
        let Data::File { path, .. } = &object.data else {
            return Ok(());
        };
        let checksum = object.checksum.as_ref().map(|c| {
            json!({
                "algorithm": c.algorithm.name(),
                "value": c.value,
                "composite_parts": c.composite_parts,
            })
        });
        let description = json!({
            "key": key,
            "e_tag": object.e_tag,
            "last_modified": object.last_modified.secs(),
            "content_type": object.content_type,
            "metadata": object.metadata,
            "checksum": checksum,
        });
        write_json(&description_path(path), &description)
    }

    /// Removes the files of `data` (and its description), if it has any.
    pub(crate) fn discard(data: &Data) {
        if let Data::File { path, .. } = data {
            // A file already gone is no loss: nothing refers to it any more.
            let _ = std::fs::remove_file(description_path(path));
            let _ = std::fs::remove_file(path.as_path());
        }
    }

    fn new_path(&self, bucket: &str, kind: Kind) -> PathBuf {
        let id = uuid::Uuid::new_v4().simple().to_string();
        self.root.join(bucket).join(kind.folder()).join(id)
    }
}

fn description_path(data: &Path) -> PathBuf {
    data.with_extension("json")
}

fn invalid(path: &Path, problem: &str) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        format!("{}: {problem}", path.display()),
    )
}

fn read_json(path: &Path) -> std::io::Result<Value> {
    let text = std::fs::read_to_string(path)?;
    serde_json::from_str(&text).map_err(|e| invalid(path, &e.to_string()))
}

fn write_json(path: &Path, value: &Value) -> Result<(), S3Error> {
    std::fs::write(path, value.to_string()).map_err(|e| io_error(path, e))
}

/// The objects of a bucket's `objects` folder, by key. Of two descriptions of one key (a
/// replacement cut short), the later wins and the other's files are removed.
fn read_objects(folder: &Path) -> std::io::Result<BTreeMap<String, Object>> {
    let mut objects: BTreeMap<String, Object> = BTreeMap::new();
    for entry in std::fs::read_dir(folder)? {
        let described = entry?.path();
        if described.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let data_path = described.with_extension("");
        let Ok(meta) = std::fs::metadata(&data_path) else {
            // Bytes never written completely: the object was not stored.
            std::fs::remove_file(&described)?;
            continue;
        };
        let (key, object) = read_object(&read_json(&described)?, data_path, meta.len())
            .ok_or_else(|| invalid(&described, "not an object description"))?;
        match objects.get(&key) {
            Some(kept) if kept.last_modified >= object.last_modified => Disk::discard(&object.data),
            _ => {
                if let Some(replaced) = objects.insert(key, object) {
                    Disk::discard(&replaced.data);
                }
            }
        }
    }
    Ok(objects)
}

fn read_object(description: &Value, path: PathBuf, len: u64) -> Option<(String, Object)> {
    let text = |name: &str| {
        description
            .get(name)
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let checksum = match description.get("checksum") {
        None | Some(Value::Null) => None,
        Some(c) => Some(StoredChecksum {
            algorithm: Algorithm::parse(c.get("algorithm")?.as_str()?)?,
            value: c.get("value")?.as_str()?.to_owned(),
            composite_parts: c
                .get("composite_parts")
                .and_then(Value::as_u64)
                .map(|n| n as usize),
        }),
    };
    let metadata: HashMap<String, String> = description
        .get("metadata")?
        .as_object()?
        .iter()
        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
        .collect();
    let object = Object {
        data: Data::File {
            path: Arc::new(path),
            len,
        },
        e_tag: text("e_tag")?,
        last_modified: DateTime::from_secs(description.get("last_modified")?.as_i64()?),
        content_type: text("content_type"),
        metadata,
        checksum,
    };
    Some((text("key")?, object))
}
