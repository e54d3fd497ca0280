//! Where `CreateBucket` puts a bucket: S3 takes a bucket's region from the request's
//! `LocationConstraint`, except in us-east-1, which refuses one.

use crate::{BucketLocationConstraint, CreateBucketConfiguration};

/// The configuration `CreateBucket` needs to make a bucket in `region`: none in us-east-1
/// (S3 answers `InvalidLocationConstraint` to one naming it), else `region` as the location
/// constraint.
///
/// ```
/// use aws_op_s3::{bucket_location, BucketLocationConstraint};
///
/// assert!(bucket_location("us-east-1").is_none());
/// let ireland = bucket_location("eu-west-1").unwrap();
/// assert_eq!(ireland.location_constraint, Some(BucketLocationConstraint::EuWest1));
/// ```
pub fn bucket_location(region: &str) -> Option<CreateBucketConfiguration> {
    (region != "us-east-1").then(|| CreateBucketConfiguration {
        location_constraint: Some(BucketLocationConstraint::from(region)),
        location: None,
        bucket: None,
        tags: None,
    })
}
