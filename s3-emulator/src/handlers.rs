//! The S3 operations the emulator serves, each a handler of the typed mock server over the
//! shared store: the server has already verified the request's signature (header, presigned
//! query, aws-chunked chunks and trailer), parsed it with the generated code and validated it.

use crate::checksums::{self, Algorithm, StoredChecksum};
use crate::error::S3Error;
use crate::object::Object as Stored;
use crate::range;
use crate::store::{NewObject, Store};
use aws_op::{ByteStream, HttpResponse, Operation, Protocol, Service};
use aws_op_emulator::{MockReply, MockServer};
use aws_op_s3::*;
use bytes::Bytes;
use std::sync::{Arc, Mutex, PoisonError};

/// The store, shared by the handlers.
pub(crate) type Shared = Arc<Mutex<Store>>;

/// The most keys a listing returns, as in S3.
const MAX_KEYS: usize = 1000;

/// Registers every operation on `mock`. The mock server routes a request to the first
/// registered operation it fits, and some share a method and URI, told apart only by members
/// they require (`ListParts` needs `uploadId`, `UploadPart` `partNumber`, `CopyObject`
/// `x-amz-copy-source`): those come before the operation that requires none of them.
pub(crate) fn register(mock: &MockServer<S3>, store: &Shared) {
    serve(mock, store, false, create_bucket);
    serve(mock, store, true, head_bucket);
    serve(mock, store, false, delete_bucket);
    serve(mock, store, false, list_buckets);
    serve(mock, store, false, list_objects_v2);
    serve(mock, store, false, create_multipart_upload);
    serve(mock, store, false, complete_multipart_upload);
    serve(mock, store, false, upload_part);
    serve(mock, store, false, copy_object);
    serve(mock, store, false, put_object);
    serve(mock, store, false, list_parts);
    serve(mock, store, false, get_object);
    serve(mock, store, true, head_object);
    serve(mock, store, false, abort_multipart_upload);
    serve(mock, store, false, delete_object);
}

/// Answers `O` with `handle` over the store; an [`S3Error`] becomes S3's error response
/// (without a body for a `HEAD`).
fn serve<O: Operation<Service = S3>>(
    mock: &MockServer<S3>,
    store: &Shared,
    head: bool,
    handle: fn(&mut Store, O) -> Result<MockReply<O>, S3Error>,
) {
    let store = Arc::clone(store);
    mock.on::<O>().handles(move |input| {
        // A handler that panicked leaves plain data behind; keep serving it.
        let mut store = store.lock().unwrap_or_else(PoisonError::into_inner);
        handle(&mut store, input).unwrap_or_else(|e| MockReply::raw(e.response(head)))
    });
}

/// `output` as S3's protocol writes it, with `status` instead of the default.
fn with_status<O: Operation<Service = S3>>(output: &O::Output, status: u16) -> MockReply<O> {
    let mut response: HttpResponse =
        <<S3 as Service>::Protocol as Protocol>::serialize_output::<O>(output);
    response.status = status;
    MockReply::raw(response)
}

/// The checksums an input declared, by algorithm.
macro_rules! declared {
    ($input:expr) => {
        [
            (Algorithm::Crc32, $input.checksum_crc32.as_deref()),
            (Algorithm::Crc32c, $input.checksum_crc32_c.as_deref()),
            (Algorithm::Crc64Nvme, $input.checksum_crc64_nvme.as_deref()),
            (Algorithm::Sha1, $input.checksum_sha1.as_deref()),
            (Algorithm::Sha256, $input.checksum_sha256.as_deref()),
        ]
    };
}

/// Sets the output member of `checksum`'s algorithm.
macro_rules! set_checksum {
    ($output:expr, $checksum:expr) => {
        if let Some(checksum) = $checksum {
            let value = Some(checksum.header_value());
            match checksum.algorithm {
                Algorithm::Crc32 => $output.checksum_crc32 = value,
                Algorithm::Crc32c => $output.checksum_crc32_c = value,
                Algorithm::Crc64Nvme => $output.checksum_crc64_nvme = value,
                Algorithm::Sha1 => $output.checksum_sha1 = value,
                Algorithm::Sha256 => $output.checksum_sha256 = value,
            }
        }
    };
}

/// The members `GetObject` and `HeadObject` answer alike, set on `$builder` from the stored
/// `$object`, with `$len` bytes sent.
macro_rules! object_head {
    ($builder:expr, $object:expr, $len:expr) => {
        $builder
            .content_length($len as i64)
            .e_tag($object.e_tag.as_str())
            .last_modified($object.last_modified)
            .accept_ranges("bytes")
            .set_content_type($object.content_type.clone())
            .set_metadata((!$object.metadata.is_empty()).then(|| $object.metadata.clone()))
    };
}

/// With checksum mode on, the object's checksum and its type.
macro_rules! set_object_checksum {
    ($output:expr, $object:expr, $mode:expr) => {
        if $mode == Some(ChecksumMode::Enabled) {
            set_checksum!($output, $object.checksum.as_ref());
            $output.checksum_type = $object.checksum.as_ref().map(checksum_type);
        }
    };
}

/// The runtime's algorithm of the model's `ChecksumAlgorithm`.
fn algorithm(model: Option<&ChecksumAlgorithm>) -> Result<Option<Algorithm>, S3Error> {
    let Some(model) = model else { return Ok(None) };
    Algorithm::parse(model.as_str()).map(Some).ok_or_else(|| {
        S3Error::new(
            400,
            "InvalidRequest",
            format!(
                "The emulator does not compute {} checksums.",
                model.as_str()
            ),
        )
    })
}

fn checksum_type(checksum: &StoredChecksum) -> ChecksumType {
    match checksum.composite_parts {
        Some(_) => ChecksumType::Composite,
        None => ChecksumType::FullObject,
    }
}

/// The bytes of an upload's body (empty when it has none), as received: not copied.
fn body_bytes(body: Option<&aws_op::Body>) -> Bytes {
    body.and_then(aws_op::Body::to_bytes).unwrap_or_default()
}

/// `412 PreconditionFailed` unless `if_match` (when given) is the object's ETag.
fn check_if_match(if_match: Option<&str>, object: &Stored) -> Result<(), S3Error> {
    match if_match {
        Some(e_tag) if e_tag.trim_matches('"') != object.e_tag.trim_matches('"') => {
            Err(S3Error::new(
                412,
                "PreconditionFailed",
                "At least one of the pre-conditions you specified did not hold.",
            ))
        }
        _ => Ok(()),
    }
}

fn create_bucket(
    store: &mut Store,
    input: CreateBucketRequest,
) -> Result<MockReply<CreateBucketRequest>, S3Error> {
    store.create_bucket(&input.bucket)?;
    Ok(MockReply::output(
        CreateBucketOutput::builder()
            .location(format!("/{}", input.bucket))
            .build(),
    ))
}

fn head_bucket(
    store: &mut Store,
    input: HeadBucketRequest,
) -> Result<MockReply<HeadBucketRequest>, S3Error> {
    store.has_bucket(&input.bucket)?;
    Ok(MockReply::output(
        HeadBucketOutput::builder()
            .bucket_region("us-east-1")
            .build(),
    ))
}

fn delete_bucket(
    store: &mut Store,
    input: DeleteBucketRequest,
) -> Result<MockReply<DeleteBucketRequest>, S3Error> {
    store.delete_bucket(&input.bucket)?;
    Ok(with_status::<DeleteBucketRequest>(&Default::default(), 204))
}

fn list_buckets(
    store: &mut Store,
    _: ListBucketsRequest,
) -> Result<MockReply<ListBucketsRequest>, S3Error> {
    let buckets = store
        .buckets()
        .into_iter()
        .map(|(name, created)| Bucket::builder().name(name).creation_date(created).build())
        .collect::<Vec<_>>();
    Ok(MockReply::output(
        ListBucketsOutput::builder().buckets(buckets).build(),
    ))
}

fn put_object(
    store: &mut Store,
    input: PutObjectRequest,
) -> Result<MockReply<PutObjectRequest>, S3Error> {
    let data = body_bytes(input.body.as_ref());
    let checksum = checksums::verify(&declared!(input), input.content_md5.as_deref(), &data)?;
    let object = store.put_object(
        &input.bucket,
        &input.key,
        NewObject {
            data,
            content_type: input.content_type,
            metadata: input.metadata.unwrap_or_default(),
            checksum,
        },
    )?;
    let mut output = PutObjectOutput::builder()
        .e_tag(object.e_tag.as_str())
        .build();
    set_checksum!(output, object.checksum.as_ref());
    Ok(MockReply::output(output))
}

/// `x-amz-copy-source`: `[/]bucket/key[?versionId=…]`, the key percent-encoded.
fn copy_source(text: &str) -> Result<(String, String), S3Error> {
    let text = text.split('?').next().unwrap_or_default();
    let decoded = aws_op::runtime::sigv4::percent_decode(text.trim_start_matches('/'));
    decoded
        .split_once('/')
        .filter(|(bucket, key)| !bucket.is_empty() && !key.is_empty())
        .map(|(bucket, key)| (bucket.to_owned(), key.to_owned()))
        .ok_or_else(|| {
            S3Error::new(
                400,
                "InvalidArgument",
                format!("Invalid copy source {text:?}."),
            )
        })
}

fn copy_object(
    store: &mut Store,
    input: CopyObjectRequest,
) -> Result<MockReply<CopyObjectRequest>, S3Error> {
    let (bucket, key) = copy_source(&input.copy_source)?;
    let source = store.object(&bucket, &key)?;
    check_if_match(input.copy_source_if_match.as_deref(), &source)?;
    let replace = input.metadata_directive == Some(MetadataDirective::Replace);
    let (content_type, metadata) = match replace {
        true => (input.content_type, input.metadata.unwrap_or_default()),
        false => (source.content_type.clone(), source.metadata.clone()),
    };
    let copied = store.copy_object(&input.bucket, &input.key, &source, content_type, metadata)?;
    let mut result = CopyObjectResult::builder()
        .e_tag(copied.e_tag.as_str())
        .last_modified(copied.last_modified)
        .build();
    set_checksum!(result, copied.checksum.as_ref());
    Ok(MockReply::output(
        CopyObjectOutput::builder()
            .copy_object_result(result)
            .build(),
    ))
}

fn get_object(
    store: &mut Store,
    input: GetObjectRequest,
) -> Result<MockReply<GetObjectRequest>, S3Error> {
    let object = store.object(&input.bucket, &input.key)?;
    check_if_match(input.if_match.as_deref(), &object)?;
    let len = object.data.len();
    let selected = input
        .range
        .as_deref()
        .map(|r| range::select(r, len))
        .transpose()?;
    let (start, end) = selected.unwrap_or((0, len));
    let body = object.data.read(start, end)?;
    let builder = GetObjectOutput::builder().body(ByteStream::from_bytes(body));
    let mut output = object_head!(builder, object, end - start).build();
    if selected.is_some() {
        output.content_range = Some(format!("bytes {start}-{}/{len}", end.saturating_sub(1)));
        return Ok(with_status::<GetObjectRequest>(&output, 206));
    }
    // A checksum covers the whole object, so only a whole object carries it.
    set_object_checksum!(output, object, input.checksum_mode);
    Ok(MockReply::output(output))
}

fn head_object(
    store: &mut Store,
    input: HeadObjectRequest,
) -> Result<MockReply<HeadObjectRequest>, S3Error> {
    let object = store.object(&input.bucket, &input.key)?;
    check_if_match(input.if_match.as_deref(), &object)?;
    let mut output = object_head!(HeadObjectOutput::builder(), object, object.data.len()).build();
    set_object_checksum!(output, object, input.checksum_mode);
    Ok(MockReply::output(output))
}

fn delete_object(
    store: &mut Store,
    input: DeleteObjectRequest,
) -> Result<MockReply<DeleteObjectRequest>, S3Error> {
    store.delete_object(&input.bucket, &input.key)?;
    Ok(with_status::<DeleteObjectRequest>(
        &DeleteObjectOutput::builder().build(),
        204,
    ))
}

fn list_objects_v2(
    store: &mut Store,
    input: ListObjectsV2Request,
) -> Result<MockReply<ListObjectsV2Request>, S3Error> {
    let max_keys = input
        .max_keys
        .map_or(MAX_KEYS, |n| usize::try_from(n).unwrap_or(0).min(MAX_KEYS));
    let prefix = input.prefix.clone().unwrap_or_default();
    let after = input
        .continuation_token
        .as_deref()
        .or(input.start_after.as_deref());
    let listing = store.list(
        &input.bucket,
        &prefix,
        input.delimiter.as_deref(),
        after,
        max_keys,
    )?;
    let key_count = listing.objects.len() + listing.common_prefixes.len();
    let contents = listing
        .objects
        .into_iter()
        .map(|(key, object)| {
            aws_op_s3::Object::builder()
                .key(key)
                .size(object.data.len() as i64)
                .e_tag(object.e_tag)
                .last_modified(object.last_modified)
                .storage_class(ObjectStorageClass::Standard)
                .build()
        })
        .collect::<Vec<_>>();
    let common_prefixes = listing
        .common_prefixes
        .into_iter()
        .map(|prefix| CommonPrefix::builder().prefix(prefix).build())
        .collect::<Vec<_>>();
    let output = ListObjectsV2Output::builder()
        .name(input.bucket.as_str())
        .prefix(prefix)
        .max_keys(max_keys as i32)
        .key_count(key_count as i32)
        .is_truncated(listing.next_after.is_some())
        .set_next_continuation_token(listing.next_after)
        .set_continuation_token(input.continuation_token)
        .set_start_after(input.start_after)
        .set_delimiter(input.delimiter)
        .set_contents((!contents.is_empty()).then_some(contents))
        .set_common_prefixes((!common_prefixes.is_empty()).then_some(common_prefixes))
        .build();
    Ok(MockReply::output(output))
}

fn create_multipart_upload(
    store: &mut Store,
    input: CreateMultipartUploadRequest,
) -> Result<MockReply<CreateMultipartUploadRequest>, S3Error> {
    let algorithm = algorithm(input.checksum_algorithm.as_ref())?;
    let upload_id = store.create_upload(
        &input.bucket,
        &input.key,
        algorithm,
        input.content_type,
        input.metadata.unwrap_or_default(),
    )?;
    Ok(MockReply::output(
        CreateMultipartUploadOutput::builder()
            .bucket(input.bucket)
            .key(input.key)
            .upload_id(upload_id)
            .set_checksum_algorithm(input.checksum_algorithm)
            .set_checksum_type(algorithm.map(|_| ChecksumType::Composite))
            .build(),
    ))
}

fn upload_part(
    store: &mut Store,
    input: UploadPartRequest,
) -> Result<MockReply<UploadPartRequest>, S3Error> {
    let data = body_bytes(input.body.as_ref());
    checksums::verify(&declared!(input), input.content_md5.as_deref(), &data)?;
    let expected = store.upload_algorithm(&input.bucket, &input.key, &input.upload_id)?;
    if let Some(expected) = expected {
        let sent = declared!(input)
            .iter()
            .any(|(a, v)| *a == expected && v.is_some());
        if !sent {
            return Err(S3Error::new(
                400,
                "InvalidRequest",
                format!("The upload was created with {expected} checksums; this part has none."),
            ));
        }
    }
    let part = store.upload_part(
        &input.bucket,
        &input.key,
        &input.upload_id,
        input.part_number,
        data,
    )?;
    let mut output = UploadPartOutput::builder().e_tag(part.e_tag()).build();
    set_checksum!(output, part.checksum.as_ref().map(|(_, c)| c));
    Ok(MockReply::output(output))
}

fn complete_multipart_upload(
    store: &mut Store,
    input: CompleteMultipartUploadRequest,
) -> Result<MockReply<CompleteMultipartUploadRequest>, S3Error> {
    let listed = input
        .multipart_upload
        .and_then(|upload| upload.parts)
        .unwrap_or_default()
        .into_iter()
        .map(|part| {
            let number = part.part_number.unwrap_or_default();
            (number, part.e_tag.unwrap_or_default())
        })
        .collect::<Vec<_>>();
    let object = store.complete_upload(&input.bucket, &input.key, &input.upload_id, &listed)?;
    let mut output = CompleteMultipartUploadOutput::builder()
        .location(format!("/{}/{}", input.bucket, input.key))
        .bucket(input.bucket)
        .key(input.key)
        .e_tag(object.e_tag.as_str())
        .set_checksum_type(object.checksum.as_ref().map(checksum_type))
        .build();
    set_checksum!(output, object.checksum.as_ref());
    Ok(MockReply::output(output))
}

fn abort_multipart_upload(
    store: &mut Store,
    input: AbortMultipartUploadRequest,
) -> Result<MockReply<AbortMultipartUploadRequest>, S3Error> {
    store.abort_upload(&input.bucket, &input.key, &input.upload_id)?;
    Ok(with_status::<AbortMultipartUploadRequest>(
        &AbortMultipartUploadOutput::builder().build(),
        204,
    ))
}

fn list_parts(
    store: &mut Store,
    input: ListPartsRequest,
) -> Result<MockReply<ListPartsRequest>, S3Error> {
    let parts = store
        .parts(&input.bucket, &input.key, &input.upload_id)?
        .into_iter()
        .map(|(number, stored)| {
            let mut part = Part::builder()
                .part_number(number)
                .e_tag(stored.e_tag())
                .size(stored.data.len() as i64)
                .last_modified(stored.last_modified)
                .build();
            set_checksum!(part, stored.checksum.as_ref().map(|(_, c)| c));
            part
        })
        .collect::<Vec<_>>();
    Ok(MockReply::output(
        ListPartsOutput::builder()
            .bucket(input.bucket)
            .key(input.key)
            .upload_id(input.upload_id)
            .is_truncated(false)
            .parts(parts)
            .build(),
    ))
}
