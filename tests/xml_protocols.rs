//! restXml, awsQuery and ec2Query through the public client against a recording server on
//! loopback: the bytes on the wire, typed outputs and errors, request ids from headers or
//! bodies, and the server side (the emulator's path) reading what the client writes.

use aws_op::prelude::*;
use aws_op::read_response;
use aws_op::runtime::protocol::Protocol;
use aws_op::Service;
use aws_op::{HttpRequest, HttpResponse};
use std::collections::HashMap;
use std::time::Duration;

mod support;
mod xml_services;
use support::recorder;
use xml_services::*;

fn config(url: &str) -> Config {
    Config::new("us-east-1", Credentials::new("AKIDTEST", "secret", None))
        .with_endpoint_url(url)
        .with_max_attempts(1)
}

fn body_text(body: &[u8]) -> &str {
    std::str::from_utf8(body).unwrap()
}

// ---------------------------------------------------------------- restXml

#[tokio::test]
async fn rest_xml_payload_is_the_members_element_with_its_namespace() {
    let (url, seen, script) = recorder().await;
    script
        .lock()
        .unwrap()
        .push_back((200, vec![], Vec::new(), Duration::ZERO));
    let client = Client::<S3>::new(&config(&url)).unwrap();
    let tagging = Tagging::builder()
        .tag_set(vec![
            Tag::builder().key("env").value("a&b<c>").build(),
            Tag::builder().key("team").value("").build(),
        ])
        .build();
    PutBucketTaggingRequest::builder()
        .bucket("my-bucket")
        .tagging(tagging)
        .build()
        .send(&client)
        .await
        .unwrap();
    let seen = seen.lock().unwrap()[0].clone();
    assert_eq!(seen.request_line, "PUT /my-bucket?tagging= HTTP/1.1");
    assert_eq!(seen.header("content-type"), Some("application/xml"));
    assert_eq!(
        body_text(&seen.body),
        "<Tagging xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><TagSet>\
         <Tag><Key>env</Key><Value>a&amp;b&lt;c&gt;</Value></Tag>\
         <Tag><Key>team</Key><Value></Value></Tag></TagSet></Tagging>"
    );
}

#[tokio::test]
async fn rest_xml_body_root_carries_name_namespace_attribute_and_flattened_map() {
    let (url, seen, script) = recorder().await;
    script
        .lock()
        .unwrap()
        .push_back((200, vec![], Vec::new(), Duration::ZERO));
    let client = Client::<S3>::new(&config(&url)).unwrap();
    CreateThingRequest::builder()
        .name("n")
        .version("2")
        .labels(HashMap::from([
            ("b".to_owned(), "2".to_owned()),
            ("a".to_owned(), "1".to_owned()),
        ]))
        .created(DateTime::from_secs(1_398_796_238))
        .payload(Blob::from("value"))
        .count(3)
        .build()
        .send(&client)
        .await
        .unwrap();
    let seen = seen.lock().unwrap()[0].clone();
    assert_eq!(seen.header("x-thing-count"), Some("3"));
    assert_eq!(
        body_text(&seen.body),
        "<CreateThingRequest xmlns:t=\"https://example.com/things\" version=\"2\">\
         <Name>n</Name><Labels><K>a</K><V>1</V></Labels><Labels><K>b</K><V>2</V></Labels>\
         <Created>2014-04-29T18:30:38Z</Created><Payload>dmFsdWU=</Payload></CreateThingRequest>"
    );
}

#[tokio::test]
async fn rest_xml_body_holds_only_the_members_set() {
    let (url, seen, script) = recorder().await;
    script
        .lock()
        .unwrap()
        .push_back((200, vec![], Vec::new(), Duration::ZERO));
    let client = Client::<S3>::new(&config(&url)).unwrap();
    CreateThingRequest::builder()
        .name("n")
        .build()
        .send(&client)
        .await
        .unwrap();
    let only_name = seen.lock().unwrap()[0].body.clone();
    assert_eq!(
        body_text(&only_name),
        "<CreateThingRequest xmlns:t=\"https://example.com/things\"><Name>n</Name></CreateThingRequest>"
    );
}

const LIST_RESULT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>my-bucket</Name>
  <Contents><Key>a.txt</Key><LastModified>2009-10-12T17:50:30.000Z</LastModified><Size>434234</Size>
    <Owner><ID>75aa</ID><DisplayName>me</DisplayName></Owner></Contents>
  <Contents><Key>b &amp; c.txt</Key><Size>0</Size></Contents>
  <KeyCount>2</KeyCount>
  <IsTruncated>false</IsTruncated>
</ListBucketResult>"#;

#[tokio::test]
async fn rest_xml_output_reads_flattened_lists_headers_and_timestamps() {
    let (url, seen, script) = recorder().await;
    script.lock().unwrap().push_back((
        200,
        vec![("x-amz-request-charged".into(), "requester".into())],
        LIST_RESULT.into(),
        Duration::ZERO,
    ));
    let client = Client::<S3>::new(&config(&url)).unwrap();
    let out = ListObjectsV2Request::builder()
        .bucket("my-bucket")
        .prefix("a b")
        .build()
        .send(&client)
        .await
        .unwrap();
    assert_eq!(
        seen.lock().unwrap()[0].request_line,
        "GET /my-bucket?list-type=2&prefix=a%20b HTTP/1.1"
    );
    assert_eq!(out.name.as_deref(), Some("my-bucket"));
    assert_eq!(out.key_count, Some(2));
    assert_eq!(out.is_truncated, Some(false));
    assert_eq!(out.request_charged.as_deref(), Some("requester"));
    let contents = out.contents.unwrap();
    assert_eq!(contents.len(), 2);
    assert_eq!(contents[0].key, "a.txt");
    assert_eq!(contents[0].size, Some(434_234));
    assert_eq!(
        contents[0].last_modified,
        Some(DateTime::from_secs(1_255_369_830))
    );
    assert_eq!(
        contents[0].owner.as_ref().and_then(|o| o.id.as_deref()),
        Some("75aa")
    );
    assert_eq!(contents[1].key, "b & c.txt");
}

#[tokio::test]
async fn s3_bare_error_documents_are_typed() {
    let (url, _seen, script) = recorder().await;
    script.lock().unwrap().push_back((
        404,
        vec![],
        "<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message>\
         <BucketName>nope</BucketName><RequestId>4442587FB7D0A2F9</RequestId></Error>"
            .into(),
        Duration::ZERO,
    ));
    let client = Client::<S3>::new(&config(&url)).unwrap();
    let err = ListObjectsV2Request::builder()
        .bucket("nope")
        .build()
        .send(&client)
        .await
        .unwrap_err();
    let Error::Service(e) = err else {
        panic!("expected a service error, got {err:?}")
    };
    assert_eq!(e.code, "NoSuchBucket");
    assert_eq!(
        e.message.as_deref(),
        Some("The specified bucket does not exist")
    );
    // The recording server sends `x-amzn-RequestId: rid-<status>`; headers win over the body.
    assert_eq!(e.request_id.as_deref(), Some("rid-404"));
    let ListObjectsV2Error::NoSuchBucket(typed) = e.error else {
        panic!("expected NoSuchBucket, got {:?}", e.error)
    };
    assert_eq!(typed.bucket_name.as_deref(), Some("nope"));
}

#[test]
fn rest_xml_error_response_envelopes_and_malformed_bodies() {
    let response = |status, body: &str| HttpResponse {
        status,
        headers: vec![("x-amzn-RequestId".into(), "hdr-id".into())],
        body: body.as_bytes().to_vec(),
    };
    let wrapped = response(
        404,
        "<ErrorResponse><Error><Type>Sender</Type><Code>NoSuchBucket</Code><Message>m</Message>\
         </Error><RequestId>body-id</RequestId></ErrorResponse>",
    );
    let Err(Error::Service(e)) = read_response::<ListObjectsV2Request>(&wrapped) else {
        panic!("expected a service error")
    };
    assert!(matches!(e.error, ListObjectsV2Error::NoSuchBucket(_)));
    assert_eq!(e.request_id.as_deref(), Some("hdr-id"), "headers win");
    // Without the headers, the request id comes from the error document (S3's bare <Error>).
    let bare = HttpResponse {
        status: 403,
        headers: vec![],
        body: b"<Error><Code>AccessDenied</Code><RequestId>body-id</RequestId></Error>".to_vec(),
    };
    let Err(Error::Service(e)) = read_response::<ListObjectsV2Request>(&bare) else {
        panic!("expected a service error")
    };
    assert_eq!(
        (e.code.as_str(), e.request_id.as_deref()),
        ("AccessDenied", Some("body-id"))
    );
    // A proxy's HTML page: still an error, named after the status.
    let html = response(503, "<html><body>Service Unavailable");
    let Err(Error::Service(e)) = read_response::<ListObjectsV2Request>(&html) else {
        panic!("expected a service error")
    };
    assert_eq!(e.code, "Http503");
    // A 200 whose body is not XML is a response error naming the problem.
    let bad = response(200, "<ListBucketResult><Name>x</Nam>");
    let Err(Error::Response(e)) = read_response::<ListObjectsV2Request>(&bad) else {
        panic!("expected a response error")
    };
    assert!(e.problem.to_string().contains("not well-formed XML"), "{e}");
    // Entity declarations are refused, so no expansion happens.
    let bomb = response(
        200,
        "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>\
         <ListBucketResult><Name>&b;</Name></ListBucketResult>",
    );
    assert!(matches!(
        read_response::<ListObjectsV2Request>(&bomb),
        Err(Error::Response(_))
    ));
}

// ---------------------------------------------------------------- awsQuery

fn assume_role() -> AssumeRoleRequest {
    AssumeRoleRequest::builder()
        .role_arn("arn:aws:iam::123456789012:role/demo")
        .role_session_name("s 1")
        .tags(vec![
            Tag::builder().key("k1").value("v1").build(),
            Tag::builder().key("k2").value("v/2").build(),
        ])
        .transitive_tag_keys(vec![])
        .context(HashMap::from([
            ("b".to_owned(), "2".to_owned()),
            ("a".to_owned(), "1".to_owned()),
        ]))
        .duration_seconds(900)
        .build()
}

const ASSUME_ROLE_RESPONSE: &str = r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <Credentials>
      <AccessKeyId>ASIAEXAMPLE</AccessKeyId>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <SessionToken>token</SessionToken>
      <Expiration>2019-11-09T13:34:41Z</Expiration>
    </Credentials>
    <PackedPolicySize>6</PackedPolicySize>
    <SourceIdentity>a</SourceIdentity>
    <SourceIdentity>b</SourceIdentity>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
</AssumeRoleResponse>"#;

#[tokio::test]
async fn aws_query_posts_a_form_and_reads_the_result_wrapper() {
    let (url, seen, script) = recorder().await;
    script
        .lock()
        .unwrap()
        .push_back((200, vec![], ASSUME_ROLE_RESPONSE.into(), Duration::ZERO));
    let client = Client::<Sts>::new(&config(&url)).unwrap();
    let out = assume_role().send(&client).await.unwrap();
    let seen = seen.lock().unwrap()[0].clone();
    assert_eq!(seen.request_line, "POST / HTTP/1.1");
    assert_eq!(
        seen.header("content-type"),
        Some("application/x-www-form-urlencoded; charset=utf-8")
    );
    assert_eq!(
        body_text(&seen.body),
        "Action=AssumeRole&Version=2011-06-15\
         &RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo&RoleSessionName=s%201\
         &Tags.member.1.Key=k1&Tags.member.1.Value=v1&Tags.member.2.Key=k2&Tags.member.2.Value=v%2F2\
         &TransitiveTagKeys=&DurationSeconds=900\
         &Context.entry.1.Name=a&Context.entry.1.value=1&Context.entry.2.Name=b&Context.entry.2.value=2"
    );
    let credentials = out.credentials.unwrap();
    assert_eq!(credentials.access_key_id, "ASIAEXAMPLE");
    assert_eq!(credentials.expiration, DateTime::from_secs(1_573_306_481));
    assert!(
        !format!("{credentials:?}").contains("wJalrXUtnFEMI"),
        "sensitive members stay out of Debug"
    );
    assert_eq!(out.packed_policy_size, Some(6));
    assert_eq!(out.identities, Some(vec!["a".to_owned(), "b".to_owned()]));
}

#[tokio::test]
async fn aws_query_errors_are_typed_from_the_error_response() {
    let (url, _seen, script) = recorder().await;
    script.lock().unwrap().push_back((
        400,
        vec![],
        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>\
         <Code>ExpiredTokenException</Code><Message>The security token included in the request is expired</Message>\
         </Error><RequestId>req-9</RequestId></ErrorResponse>"
            .into(),
        Duration::ZERO,
    ));
    let client = Client::<Sts>::new(&config(&url)).unwrap();
    let err = assume_role().send(&client).await.unwrap_err();
    let Error::Service(e) = err else {
        panic!("expected a service error, got {err:?}")
    };
    assert!(matches!(
        e.error,
        AssumeRoleError::ExpiredTokenException(ExpiredTokenException { message: Some(ref m) })
            if m.contains("expired")
    ));
    assert_eq!(e.request_id.as_deref(), Some("rid-400"));
}

// ---------------------------------------------------------------- ec2Query

#[tokio::test]
async fn ec2_query_flattens_lists_capitalises_keys_and_reads_unwrapped_responses() {
    let (url, seen, script) = recorder().await;
    script.lock().unwrap().push_back((
        200,
        vec![],
        r#"<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
  <requestId>8f7724cf-496f-496e-8fe3-example</requestId>
  <reservationSet><item><reservationId>r-1</reservationId>
    <instancesSet><item><instanceId>i-1</instanceId><launchTime>2021-01-01T00:00:00.000Z</launchTime></item>
      <item><instanceId>i-2</instanceId></item></instancesSet></item></reservationSet>
  <nextToken>t</nextToken>
</DescribeInstancesResponse>"#
            .into(),
        Duration::ZERO,
    ));
    let client = Client::<Ec2>::new(&config(&url)).unwrap();
    let out = DescribeInstancesRequest::builder()
        .instance_ids(vec!["i-1".into(), "i-2".into()])
        .filters(vec![Filter::builder()
            .name("tag:env")
            .values(vec!["a".into(), "b".into()])
            .build()])
        .dry_run(false)
        .build()
        .send(&client)
        .await
        .unwrap();
    assert_eq!(
        body_text(&seen.lock().unwrap()[0].body),
        "Action=DescribeInstances&Version=2016-11-15&InstanceId.1=i-1&InstanceId.2=i-2\
         &Filter.1.Name=tag%3Aenv&Filter.1.Value.1=a&Filter.1.Value.2=b&DryRun=false"
    );
    let reservations = out.reservations.unwrap();
    let instances = reservations[0].instances.as_ref().unwrap();
    assert_eq!(reservations[0].reservation_id.as_deref(), Some("r-1"));
    assert_eq!(instances[1].instance_id.as_deref(), Some("i-2"));
    assert_eq!(
        instances[0].launch_time,
        Some(DateTime::from_secs(1_609_459_200))
    );
    assert_eq!(out.next_token.as_deref(), Some("t"));
}

#[test]
fn ec2_query_errors_come_from_response_errors() {
    let response = HttpResponse {
        status: 400,
        headers: vec![],
        body: b"<Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code>\
                <Message>The instance ID 'i-1' does not exist</Message></Error></Errors>\
                <RequestID>ec2-req</RequestID></Response>"
            .to_vec(),
    };
    let Err(Error::Service(e)) = read_response::<DescribeInstancesRequest>(&response) else {
        panic!("expected a service error")
    };
    assert!(matches!(
        e.error,
        DescribeInstancesError::InvalidInstanceIdNotFound(_)
    ));
    assert_eq!(e.request_id.as_deref(), Some("ec2-req"));
    assert_eq!(
        e.message.as_deref(),
        Some("The instance ID 'i-1' does not exist")
    );
}

// ---------------------------------------------------------------- server side

/// What a server of `O`'s protocol answers, read back by the client.
fn served<O: Operation>(output: &O::Output) -> HttpResponse {
    <<O::Service as Service>::Protocol as Protocol>::serialize_output::<O>(output)
}

fn served_error<O: Operation, E: aws_op::ErrorShape>(error: &E) -> HttpResponse {
    <<O::Service as Service>::Protocol as Protocol>::serialize_error::<O, E>(error)
}

fn round_trip<O: Operation + Clone + PartialEq + std::fmt::Debug>(input: O) {
    let request: HttpRequest = input.serialize();
    let back = O::parse_request(&request).unwrap_or_else(|e| {
        panic!(
            "{}: {e}\n{}",
            O::NAME,
            String::from_utf8_lossy(request.body.as_deref().unwrap_or_default())
        )
    });
    assert_eq!(back, input);
}

#[test]
fn servers_read_what_clients_write() {
    round_trip(
        PutBucketTaggingRequest::builder()
            .bucket("b")
            .tagging(
                Tagging::builder()
                    .tag_set(vec![Tag::builder().key("k").value(" v ").build()])
                    .build(),
            )
            .build(),
    );
    round_trip(
        CreateThingRequest::builder()
            .name("n")
            .version("v")
            .labels(HashMap::from([("x".to_owned(), "y".to_owned())]))
            .created(DateTime::from_secs(7))
            .payload(Blob::from("p"))
            .count(1)
            .build(),
    );
    round_trip(assume_role());
    round_trip(
        DescribeInstancesRequest::builder()
            .instance_ids(vec!["i-1".into()])
            .filters(vec![Filter::builder().values(vec!["a".into()]).build()])
            .dry_run(true)
            .build(),
    );
}

#[test]
fn clients_read_what_servers_write() {
    let list = ListObjectsV2Output::builder()
        .name("b")
        .contents(vec![Object::builder()
            .key("k")
            .size(3)
            .last_modified(DateTime::from_secs(5))
            .build()])
        .request_charged("requester")
        .build();
    let read = read_response::<ListObjectsV2Request>(&served::<ListObjectsV2Request>(&list));
    assert_eq!(read.unwrap(), list);

    let assumed = AssumeRoleOutput::builder()
        .credentials(
            SessionCredentials::builder()
                .access_key_id("a")
                .secret_access_key("s")
                .session_token("t")
                .expiration(DateTime::from_secs(9))
                .build(),
        )
        .identities(vec!["x".into()])
        .build();
    let read = read_response::<AssumeRoleRequest>(&served::<AssumeRoleRequest>(&assumed));
    assert_eq!(read.unwrap(), assumed);

    let described = DescribeInstancesOutput::builder()
        .reservations(vec![Reservation::builder()
            .instances(vec![Instance::builder().instance_id("i-1").build()])
            .build()])
        .build();
    let read =
        read_response::<DescribeInstancesRequest>(&served::<DescribeInstancesRequest>(&described));
    assert_eq!(read.unwrap(), described);

    let missing = NoSuchBucket::builder().message("gone").build();
    let Err(Error::Service(e)) =
        read_response::<ListObjectsV2Request>(&served_error::<ListObjectsV2Request, _>(&missing))
    else {
        panic!("expected a service error")
    };
    assert!(matches!(e.error, ListObjectsV2Error::NoSuchBucket(ref got) if *got == missing));

    let expired = ExpiredTokenException::builder().message("m").build();
    let Err(Error::Service(e)) =
        read_response::<AssumeRoleRequest>(&served_error::<AssumeRoleRequest, _>(&expired))
    else {
        panic!("expected a service error")
    };
    assert_eq!(e.message.as_deref(), Some("m"));

    let not_found = InvalidInstanceIdNotFound::builder().message("m").build();
    let Err(Error::Service(e)) = read_response::<DescribeInstancesRequest>(&served_error::<
        DescribeInstancesRequest,
        _,
    >(&not_found)) else {
        panic!("expected a service error")
    };
    assert_eq!(e.code, "InvalidInstanceID.NotFound");
}
