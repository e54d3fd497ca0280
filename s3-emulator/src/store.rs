//! The buckets, objects and multipart uploads of the emulator, with S3's rules: bucket names
//! are unique and S3's, only an empty bucket is deleted, parts but the last are at least
//! 5 MiB, a completed upload lists its parts in order with their ETags. The bytes are held in
//! memory, or in a directory ([`Disk`]).

use crate::checksums::{base64, Algorithm, StoredChecksum};
use crate::data::Data;
use crate::disk::{Disk, Kind};
use crate::error::S3Error;
use crate::object::{e_tag_of, Object};
use aws_op::runtime::md5;
use aws_op::DateTime;
use bytes::{Bytes, BytesMut};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// S3's smallest part but the last.
const MIN_PART_SIZE: u64 = 5 * 1024 * 1024;

/// Everything the emulator holds.
#[derive(Default)]
pub(crate) struct Store {
    buckets: BTreeMap<String, Bucket>,
    /// Where the bytes go: `None`, memory.
    disk: Option<Disk>,
}

struct Bucket {
    created: DateTime,
    objects: BTreeMap<String, Object>,
    uploads: HashMap<String, Upload>,
}

/// What a `PutObject` stores.
pub(crate) struct NewObject {
    pub data: Bytes,
    pub content_type: Option<String>,
    pub metadata: HashMap<String, String>,
    pub checksum: Option<StoredChecksum>,
}

/// A multipart upload in progress.
struct Upload {
    key: String,
    algorithm: Option<Algorithm>,
    content_type: Option<String>,
    metadata: HashMap<String, String>,
    parts: BTreeMap<i32, Part>,
}

/// A part as stored.
#[derive(Clone, Debug)]
pub(crate) struct Part {
    pub data: Data,
    /// The MD5 of the bytes: the ETag, and the multipart ETag's input.
    md5: [u8; 16],
    pub last_modified: DateTime,
    /// The part's checksum in the upload's algorithm, as raw digest bytes and base64.
    pub checksum: Option<(Vec<u8>, StoredChecksum)>,
}

impl Part {
    /// The quoted hex MD5 of the part's bytes, as S3 sends it.
    pub(crate) fn e_tag(&self) -> String {
        e_tag_of(&self.md5)
    }
}

/// One page of a listing.
pub(crate) struct Listing {
    pub objects: Vec<(String, Object)>,
    pub common_prefixes: Vec<String>,
    /// The key to continue after, when the listing was cut at `max_keys`.
    pub next_after: Option<String>,
}

/// Whether `name` is a bucket name S3 accepts: 3 to 63 lower-case letters, digits, dots and
/// hyphens, beginning and ending with a letter or digit, no two dots in a row.
fn is_bucket_name(name: &str) -> bool {
    let edges_ok =
        |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    (3..=63).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
        && edges_ok(name.chars().next())
        && edges_ok(name.chars().last())
        && !name.contains("..")
}

impl Store {
    /// A store that keeps its objects in `root` (creating it), with those already there.
    ///
    /// # Errors
    ///
    /// The directory cannot be created or read, or holds descriptions it did not write.
    pub(crate) fn in_directory(root: &Path) -> std::io::Result<Store> {
        let (disk, loaded) = Disk::open(root)?;
        let buckets = loaded
            .into_iter()
            .map(|bucket| {
                let kept = Bucket {
                    created: bucket.created,
                    objects: bucket.objects,
                    uploads: HashMap::new(),
                };
                (bucket.name, kept)
            })
            .collect();
        Ok(Store {
            buckets,
            disk: Some(disk),
        })
    }

    /// Keeps `bytes` for `bucket`: as they are, or in a new file.
    fn keep(&self, bucket: &str, kind: Kind, bytes: Bytes) -> Result<Data, S3Error> {
        match &self.disk {
            None => Ok(Data::Memory(bytes)),
            Some(disk) => disk.write(bucket, kind, &bytes),
        }
    }

    /// Stores `object` as `key`, replacing (and discarding) the one there.
    fn insert(&mut self, bucket: &str, key: &str, object: Object) -> Result<Object, S3Error> {
        if let Some(disk) = &self.disk {
            disk.describe(key, &object)?;
        }
        let replaced = self
            .bucket_mut(bucket)?
            .objects
            .insert(key.to_owned(), object.clone());
        if let Some(replaced) = replaced {
            Disk::discard(&replaced.data);
        }
        Ok(object)
    }

    pub(crate) fn create_bucket(&mut self, name: &str) -> Result<(), S3Error> {
        if !is_bucket_name(name) {
            return Err(S3Error::new(
                400,
                "InvalidBucketName",
                format!("The specified bucket {name:?} is not valid."),
            ));
        }
        if self.buckets.contains_key(name) {
            return Err(S3Error::new(
                409,
                "BucketAlreadyOwnedByYou",
                format!("The bucket {name} already exists, and you own it."),
            ));
        }
        let created = DateTime::now();
        if let Some(disk) = &self.disk {
            disk.create_bucket(name, created)?;
        }
        self.buckets.insert(
            name.to_owned(),
            Bucket {
                created,
                objects: BTreeMap::new(),
                uploads: HashMap::new(),
            },
        );
        Ok(())
    }

    pub(crate) fn delete_bucket(&mut self, name: &str) -> Result<(), S3Error> {
        let bucket = self.bucket(name)?;
        if !bucket.objects.is_empty() || !bucket.uploads.is_empty() {
            return Err(S3Error::new(
                409,
                "BucketNotEmpty",
                format!("The bucket {name} is not empty."),
            ));
        }
        if let Some(disk) = &self.disk {
            disk.delete_bucket(name)?;
        }
        self.buckets.remove(name);
        Ok(())
    }

    /// Every bucket's name and creation time, by name.
    pub(crate) fn buckets(&self) -> Vec<(String, DateTime)> {
        self.buckets
            .iter()
            .map(|(name, bucket)| (name.clone(), bucket.created))
            .collect()
    }

    pub(crate) fn has_bucket(&self, name: &str) -> Result<(), S3Error> {
        self.bucket(name).map(|_| ())
    }

    fn bucket(&self, name: &str) -> Result<&Bucket, S3Error> {
        self.buckets
            .get(name)
            .ok_or_else(|| S3Error::no_such_bucket(name))
    }

    fn bucket_mut(&mut self, name: &str) -> Result<&mut Bucket, S3Error> {
        self.buckets
            .get_mut(name)
            .ok_or_else(|| S3Error::no_such_bucket(name))
    }

    pub(crate) fn put_object(
        &mut self,
        bucket: &str,
        key: &str,
        new: NewObject,
    ) -> Result<Object, S3Error> {
        self.has_bucket(bucket)?;
        let object = Object {
            e_tag: e_tag_of(&md5::digest(&new.data)),
            data: self.keep(bucket, Kind::Object, new.data)?,
            last_modified: DateTime::now(),
            content_type: new.content_type,
            metadata: new.metadata,
            checksum: new.checksum,
        };
        self.insert(bucket, key, object)
    }

    /// Stores a copy of `source` as `key`, with the description given.
    pub(crate) fn copy_object(
        &mut self,
        bucket: &str,
        key: &str,
        source: &Object,
        content_type: Option<String>,
        metadata: HashMap<String, String>,
    ) -> Result<Object, S3Error> {
        self.has_bucket(bucket)?;
        // A copy is one part: a multipart source's ETag (`…-N`) becomes the bytes' MD5.
        let e_tag = match source.e_tag.contains('-') {
            false => source.e_tag.clone(),
            true => e_tag_of(&md5::digest(&source.data.read_all()?)),
        };
        let data = match &self.disk {
            None => source.data.clone(),
            Some(disk) => disk.copy(bucket, &source.data)?,
        };
        let object = Object {
            data,
            e_tag,
            last_modified: DateTime::now(),
            content_type,
            metadata,
            // A composite checksum covers parts the copy does not have.
            checksum: source
                .checksum
                .clone()
                .filter(|c| c.composite_parts.is_none()),
        };
        self.insert(bucket, key, object)
    }

    pub(crate) fn object(&self, bucket: &str, key: &str) -> Result<Object, S3Error> {
        self.bucket(bucket)?
            .objects
            .get(key)
            .cloned()
            .ok_or_else(|| S3Error::no_such_key(key))
    }

    /// Deletes `key` (a missing key is no error, as in S3).
    pub(crate) fn delete_object(&mut self, bucket: &str, key: &str) -> Result<(), S3Error> {
        if let Some(deleted) = self.bucket_mut(bucket)?.objects.remove(key) {
            Disk::discard(&deleted.data);
        }
        Ok(())
    }

    /// Keys under `prefix` after `after`, at most `max_keys`; with a `delimiter`, the keys
    /// that hold it past the prefix are rolled up into common prefixes (each counted once).
    pub(crate) fn list(
        &self,
        bucket: &str,
        prefix: &str,
        delimiter: Option<&str>,
        after: Option<&str>,
        max_keys: usize,
    ) -> Result<Listing, S3Error> {
        let bucket = self.bucket(bucket)?;
        let mut listing = Listing {
            objects: Vec::new(),
            common_prefixes: Vec::new(),
            next_after: None,
        };
        let start = after.unwrap_or("");
        for (key, object) in bucket
            .objects
            .range::<str, _>((std::ops::Bound::Excluded(start), std::ops::Bound::Unbounded))
        {
            let Some(rest) = key.strip_prefix(prefix) else {
                continue;
            };
            let rolled_up = delimiter.filter(|d| !d.is_empty()).and_then(|d| {
                rest.find(d)
                    .map(|at| format!("{prefix}{}", &rest[..at + d.len()]))
            });
            if let Some(common) = &rolled_up {
                // A common prefix is listed once, also across pages (a page may end on it).
                if listing.common_prefixes.last() == Some(common) || after == Some(common.as_str())
                {
                    continue;
                }
            }
            if listing.objects.len() + listing.common_prefixes.len() == max_keys {
                listing.next_after = listing
                    .objects
                    .last()
                    .map(|(k, _)| k.clone())
                    .max(listing.common_prefixes.last().cloned());
                break;
            }
            match rolled_up {
                Some(common) => listing.common_prefixes.push(common),
                None => listing.objects.push((key.clone(), object.clone())),
            }
        }
        Ok(listing)
    }

    pub(crate) fn create_upload(
        &mut self,
        bucket: &str,
        key: &str,
        algorithm: Option<Algorithm>,
        content_type: Option<String>,
        metadata: HashMap<String, String>,
    ) -> Result<String, S3Error> {
        let bucket = self.bucket_mut(bucket)?;
        let upload_id = uuid::Uuid::new_v4().simple().to_string();
        bucket.uploads.insert(
            upload_id.clone(),
            Upload {
                key: key.to_owned(),
                algorithm,
                content_type,
                metadata,
                parts: BTreeMap::new(),
            },
        );
        Ok(upload_id)
    }

    fn upload_mut(
        &mut self,
        bucket: &str,
        key: &str,
        upload_id: &str,
    ) -> Result<&mut Upload, S3Error> {
        self.bucket_mut(bucket)?
            .uploads
            .get_mut(upload_id)
            .filter(|upload| upload.key == key)
            .ok_or_else(|| S3Error::no_such_upload(upload_id))
    }

    /// The checksum algorithm the upload was created with.
    pub(crate) fn upload_algorithm(
        &mut self,
        bucket: &str,
        key: &str,
        upload_id: &str,
    ) -> Result<Option<Algorithm>, S3Error> {
        Ok(self.upload_mut(bucket, key, upload_id)?.algorithm)
    }

    pub(crate) fn upload_part(
        &mut self,
        bucket: &str,
        key: &str,
        upload_id: &str,
        number: i32,
        data: Bytes,
    ) -> Result<Part, S3Error> {
        if !(1..=10_000).contains(&number) {
            return Err(S3Error::new(
                400,
                "InvalidArgument",
                format!("Part number must be an integer between 1 and 10000, inclusive; it is {number}."),
            ));
        }
        let algorithm = self.upload_mut(bucket, key, upload_id)?.algorithm;
        let checksum = algorithm.map(|algorithm| {
            let mut hasher = algorithm.hasher();
            hasher.update(&data);
            let raw = hasher.finish();
            let value = base64(&raw);
            (
                raw,
                StoredChecksum {
                    algorithm,
                    value,
                    composite_parts: None,
                },
            )
        });
        let md5 = md5::digest(&data);
        let part = Part {
            md5,
            data: self.keep(bucket, Kind::Part, data)?,
            last_modified: DateTime::now(),
            checksum,
        };
        let upload = self.upload_mut(bucket, key, upload_id)?;
        if let Some(replaced) = upload.parts.insert(number, part.clone()) {
            Disk::discard(&replaced.data);
        }
        Ok(part)
    }

    /// The parts of an upload, by number.
    pub(crate) fn parts(
        &mut self,
        bucket: &str,
        key: &str,
        upload_id: &str,
    ) -> Result<Vec<(i32, Part)>, S3Error> {
        let upload = self.upload_mut(bucket, key, upload_id)?;
        Ok(upload
            .parts
            .iter()
            .map(|(number, part)| (*number, part.clone()))
            .collect())
    }

    /// Joins the `listed` parts (number and ETag, in ascending order) into the object.
    pub(crate) fn complete_upload(
        &mut self,
        bucket: &str,
        key: &str,
        upload_id: &str,
        listed: &[(i32, String)],
    ) -> Result<Object, S3Error> {
        let upload = self.upload_mut(bucket, key, upload_id)?;
        if listed.is_empty() {
            return Err(S3Error::new(
                400,
                "MalformedXML",
                "The request lists no parts.",
            ));
        }
        if listed.windows(2).any(|pair| pair[0].0 >= pair[1].0) {
            return Err(S3Error::new(
                400,
                "InvalidPartOrder",
                "The list of parts was not in ascending order.",
            ));
        }
        let mut chosen = Vec::with_capacity(listed.len());
        for (index, (number, e_tag)) in listed.iter().enumerate() {
            let part = upload
                .parts
                .get(number)
                .filter(|part| part.e_tag().trim_matches('"') == e_tag.trim_matches('"'))
                .ok_or_else(|| {
                    S3Error::new(
                        400,
                        "InvalidPart",
                        format!(
                            "Part {number} was not uploaded, or its ETag does not match {e_tag}."
                        ),
                    )
                })?;
            if index + 1 < listed.len() && part.data.len() < MIN_PART_SIZE {
                return Err(S3Error::new(
                    400,
                    "EntityTooSmall",
                    format!(
                        "Part {number} is {} bytes; every part but the last must be at least 5 MiB.",
                        part.data.len()
                    ),
                ));
            }
            chosen.push(part.clone());
        }
        let (algorithm, content_type, metadata) = (
            upload.algorithm,
            upload.content_type.clone(),
            upload.metadata.clone(),
        );
        let md5s: Vec<u8> = chosen.iter().flat_map(|part| part.md5).collect();
        let datas: Vec<&Data> = chosen.iter().map(|part| &part.data).collect();
        let data = match &self.disk {
            Some(disk) => disk.join(bucket, &datas)?,
            None => {
                let total = datas.iter().map(|d| d.len() as usize).sum();
                let mut joined = BytesMut::with_capacity(total);
                for part in &datas {
                    joined.extend_from_slice(&part.read_all()?);
                }
                Data::Memory(joined.freeze())
            }
        };
        let checksum = algorithm.map(|algorithm| {
            // A composite checksum: the checksum of the parts' raw checksums, then `-N`.
            let mut hasher = algorithm.hasher();
            for part in &chosen {
                if let Some((raw, _)) = &part.checksum {
                    hasher.update(raw);
                }
            }
            StoredChecksum {
                algorithm,
                value: base64(&hasher.finish()),
                composite_parts: Some(chosen.len()),
            }
        });
        let digest = e_tag_of(&md5::digest(&md5s));
        let object = Object {
            e_tag: format!("{}-{}\"", digest.trim_end_matches('"'), chosen.len()),
            data,
            last_modified: DateTime::now(),
            content_type,
            metadata,
            checksum,
        };
        if let Some(done) = self.bucket_mut(bucket)?.uploads.remove(upload_id) {
            done.parts
                .values()
                .for_each(|part| Disk::discard(&part.data));
        }
        self.insert(bucket, key, object)
    }

    pub(crate) fn abort_upload(
        &mut self,
        bucket: &str,
        key: &str,
        upload_id: &str,
    ) -> Result<(), S3Error> {
        self.upload_mut(bucket, key, upload_id)?;
        if let Some(aborted) = self.bucket_mut(bucket)?.uploads.remove(upload_id) {
            aborted
                .parts
                .values()
                .for_each(|part| Disk::discard(&part.data));
        }
        Ok(())
    }

    /// How many multipart uploads are in progress in `bucket`.
    pub(crate) fn upload_count(&self, bucket: &str) -> usize {
        self.buckets.get(bucket).map_or(0, |b| b.uploads.len())
    }
}
