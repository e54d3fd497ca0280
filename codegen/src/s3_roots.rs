//! The root elements of S3's XML responses, which botocore's S3 model does not name: its
//! parsers never read the root, but S3 writes these names and other SDKs (aws-sdk-s3 among
//! them) refuse a response whose root differs. They are the `xmlName`s of the output
//! structures in S3's Smithy model; every other output is named after its shape there too.

use crate::model::Model;

/// `(operation, root element of its output)`. Not `GetBucketLocation`, whose document is its
/// one member (`<LocationConstraint>region</LocationConstraint>`): the runtime reads it apart.
const ROOTS: &[(&str, &str)] = &[
    ("CompleteMultipartUpload", "CompleteMultipartUploadResult"),
    ("CreateMultipartUpload", "InitiateMultipartUploadResult"),
    ("CreateSession", "CreateSessionResult"),
    ("DeleteObjects", "DeleteResult"),
    (
        "GetBucketAccelerateConfiguration",
        "AccelerateConfiguration",
    ),
    ("GetBucketAcl", "AccessControlPolicy"),
    ("GetBucketCors", "CORSConfiguration"),
    ("GetBucketLifecycleConfiguration", "LifecycleConfiguration"),
    ("GetBucketLogging", "BucketLoggingStatus"),
    ("GetBucketRequestPayment", "RequestPaymentConfiguration"),
    ("GetBucketTagging", "Tagging"),
    ("GetBucketVersioning", "VersioningConfiguration"),
    ("GetBucketWebsite", "WebsiteConfiguration"),
    ("GetObjectAcl", "AccessControlPolicy"),
    ("GetObjectAttributes", "GetObjectAttributesResponse"),
    ("GetObjectTagging", "Tagging"),
    (
        "ListBucketAnalyticsConfigurations",
        "ListBucketAnalyticsConfigurationResult",
    ),
    (
        "ListBucketInventoryConfigurations",
        "ListInventoryConfigurationsResult",
    ),
    (
        "ListBucketMetricsConfigurations",
        "ListMetricsConfigurationsResult",
    ),
    ("ListBuckets", "ListAllMyBucketsResult"),
    ("ListDirectoryBuckets", "ListAllMyDirectoryBucketsResult"),
    ("ListMultipartUploads", "ListMultipartUploadsResult"),
    ("ListObjectVersions", "ListVersionsResult"),
    ("ListObjects", "ListBucketResult"),
    ("ListObjectsV2", "ListBucketResult"),
    ("ListParts", "ListPartsResult"),
];

/// Names the output roots of an S3 model's operations where the model leaves them unnamed.
pub(crate) fn name_response_roots(model: &mut Model) {
    if model.metadata().service_id.as_deref() != Some("S3") {
        return;
    }
    for (operation, root) in ROOTS {
        let output = model
            .operations()
            .get(*operation)
            .and_then(|op| op.output.clone());
        if let Some(output) = output {
            model.name_root_if_unnamed(&output, root);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Model;

    fn model(service_id: &str, output_location: &str) -> Model {
        let text = format!(
            r#"{{"metadata": {{"protocol": "rest-xml", "serviceId": "{service_id}"}},
            "operations": {{
                "ListParts": {{"http": {{"method": "GET", "requestUri": "/"}},
                    "output": {{"shape": "ListPartsOutput"}}}},
                "CreateMultipartUpload": {{"http": {{"method": "POST", "requestUri": "/"}},
                    "output": {{"shape": "CreateMultipartUploadOutput"}}}}}},
            "shapes": {{
                "ListPartsOutput": {{"type": "structure", "members": {{}}}},
                "CreateMultipartUploadOutput": {{"type": "structure", "members": {{}}
                    {output_location}}}}}}}"#
        );
        Model::from_service_str(&text).unwrap()
    }

    fn root(model: &Model, shape: &str) -> Option<String> {
        model.shape(shape).unwrap().location_name.clone()
    }

    #[test]
    fn s3_outputs_get_s3_roots_unless_the_model_names_them() {
        let s3 = model("S3", "");
        assert_eq!(
            root(&s3, "ListPartsOutput").as_deref(),
            Some("ListPartsResult")
        );
        assert_eq!(
            root(&s3, "CreateMultipartUploadOutput").as_deref(),
            Some("InitiateMultipartUploadResult")
        );
        let named = model("S3", r#", "locationName": "FromTheModel""#);
        assert_eq!(
            root(&named, "CreateMultipartUploadOutput").as_deref(),
            Some("FromTheModel")
        );
        let other = model("Not S3", "");
        assert_eq!(root(&other, "ListPartsOutput"), None);
    }
}
