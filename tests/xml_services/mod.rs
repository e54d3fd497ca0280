//! Hand-written operations of the three XML protocols, shaped like their AWS namesakes: S3
//! (restXml), STS (awsQuery) and EC2 (ec2Query). Used by `xml_protocols.rs` and
//! `xml_properties.rs`.
#![allow(dead_code)]

use aws_op::prelude::*;

// ---------------------------------------------------------------- restXml

#[aws_service(
    id = "S3",
    signing_name = "s3",
    endpoint_prefix = "s3",
    protocol = "restXml",
    api_version = "2006-03-01"
)]
pub struct S3;

#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct Tagging {
    #[aws(item(name = "Tag"))]
    pub tag_set: Vec<Tag>,
}

#[aws_operation(service = S3, http = "PUT /{Bucket}?tagging", name = "PutBucketTagging")]
#[derive(Clone, PartialEq)]
pub struct PutBucketTaggingRequest {
    #[aws(label)]
    pub bucket: String,
    #[aws(
        payload,
        name = "Tagging",
        xml_namespace(uri = "http://s3.amazonaws.com/doc/2006-03-01/")
    )]
    pub tagging: Tagging,
}

#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct Owner {
    #[aws(name = "ID")]
    pub id: Option<String>,
    pub display_name: Option<String>,
}

#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct Object {
    pub key: String,
    pub last_modified: Option<DateTime>,
    pub size: Option<i64>,
    pub owner: Option<Owner>,
}

#[aws_shape(
    xml_name = "ListBucketResult",
    xml_namespace(uri = "http://s3.amazonaws.com/doc/2006-03-01/")
)]
#[derive(Clone, PartialEq)]
pub struct ListObjectsV2Output {
    pub name: Option<String>,
    #[aws(xml_flattened)]
    pub contents: Option<Vec<Object>>,
    pub key_count: Option<i32>,
    pub is_truncated: Option<bool>,
    #[aws(header = "x-amz-request-charged")]
    pub request_charged: Option<String>,
}

#[aws_error(code = "NoSuchBucket", status = 404)]
#[derive(Clone, PartialEq)]
pub struct NoSuchBucket {
    pub message: Option<String>,
    pub bucket_name: Option<String>,
}

#[aws_error]
pub enum ListObjectsV2Error {
    NoSuchBucket(NoSuchBucket),
}

#[aws_operation(service = S3, http = "GET /{Bucket}?list-type=2", output = ListObjectsV2Output,
                errors = ListObjectsV2Error)]
#[derive(Clone, PartialEq)]
pub struct ListObjectsV2Request {
    #[aws(label)]
    pub bucket: String,
    #[aws(query = "prefix")]
    pub prefix: Option<String>,
}

/// A body input (not a payload): root element, namespace, an attribute, a flattened map.
#[aws_operation(service = S3, http = "POST /things", name = "CreateThing",
                xml_name = "CreateThingRequest",
                xml_namespace(uri = "https://example.com/things", prefix = "t"))]
#[derive(Clone, PartialEq)]
pub struct CreateThingRequest {
    #[aws(xml_attribute, name = "version")]
    pub version: Option<String>,
    pub name: String,
    #[aws(xml_flattened, key(name = "K"), value(name = "V"))]
    pub labels: Option<std::collections::HashMap<String, String>>,
    pub created: Option<DateTime>,
    pub payload: Option<Blob>,
    #[aws(header = "x-thing-count")]
    pub count: Option<i32>,
}

// ---------------------------------------------------------------- awsQuery

#[aws_service(
    id = "STS",
    signing_name = "sts",
    endpoint_prefix = "sts",
    protocol = "awsQuery",
    api_version = "2011-06-15"
)]
pub struct Sts;

#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct SessionCredentials {
    pub access_key_id: String,
    #[aws(sensitive)]
    pub secret_access_key: String,
    pub session_token: String,
    pub expiration: DateTime,
}

#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct AssumeRoleOutput {
    pub credentials: Option<SessionCredentials>,
    pub packed_policy_size: Option<i32>,
    #[aws(xml_flattened, item(name = "SourceIdentity"))]
    pub identities: Option<Vec<String>>,
}

#[aws_error(code = "ExpiredTokenException", status = 400)]
#[derive(Clone, PartialEq)]
pub struct ExpiredTokenException {
    pub message: Option<String>,
}

#[aws_error]
pub enum AssumeRoleError {
    ExpiredTokenException(ExpiredTokenException),
}

#[aws_operation(service = Sts, output = AssumeRoleOutput, errors = AssumeRoleError)]
#[derive(Clone, PartialEq)]
pub struct AssumeRoleRequest {
    #[aws(length(min = 20, max = 2048))]
    pub role_arn: String,
    pub role_session_name: String,
    pub tags: Option<Vec<Tag>>,
    pub transitive_tag_keys: Option<Vec<String>>,
    pub duration_seconds: Option<i32>,
    #[aws(key(name = "Name"))]
    pub context: Option<std::collections::HashMap<String, String>>,
}

// ---------------------------------------------------------------- ec2Query

#[aws_service(
    id = "EC2",
    signing_name = "ec2",
    endpoint_prefix = "ec2",
    protocol = "ec2Query",
    api_version = "2016-11-15"
)]
pub struct Ec2;

#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct Instance {
    #[aws(name = "instanceId")]
    pub instance_id: Option<String>,
    #[aws(name = "launchTime")]
    pub launch_time: Option<DateTime>,
}

#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct Reservation {
    #[aws(name = "reservationId")]
    pub reservation_id: Option<String>,
    #[aws(name = "instancesSet", item(name = "item"))]
    pub instances: Option<Vec<Instance>>,
}

#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct DescribeInstancesOutput {
    #[aws(name = "reservationSet", item(name = "item"))]
    pub reservations: Option<Vec<Reservation>>,
    #[aws(name = "nextToken")]
    pub next_token: Option<String>,
}

#[aws_shape]
#[derive(Clone, PartialEq)]
pub struct Filter {
    #[aws(name = "Name")]
    pub name: Option<String>,
    #[aws(name = "Value", item(name = "item"))]
    pub values: Option<Vec<String>>,
}

#[aws_error(code = "InvalidInstanceID.NotFound", status = 400)]
#[derive(Clone, PartialEq)]
pub struct InvalidInstanceIdNotFound {
    pub message: Option<String>,
}

#[aws_error]
pub enum DescribeInstancesError {
    InvalidInstanceIdNotFound(InvalidInstanceIdNotFound),
}

#[aws_operation(service = Ec2, output = DescribeInstancesOutput, errors = DescribeInstancesError)]
#[derive(Clone, PartialEq)]
pub struct DescribeInstancesRequest {
    #[aws(name = "InstanceId", ec2_name = "InstanceId")]
    pub instance_ids: Option<Vec<String>>,
    #[aws(name = "Filter")]
    pub filters: Option<Vec<Filter>>,
    #[aws(name = "dryRun")]
    pub dry_run: Option<bool>,
}
