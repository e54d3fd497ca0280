//! EC2 walked against moto, a third-party emulator (ec2Query with XML answers): a VPC, a subnet
//! and a security group created with unicode tags, ingress rules authorised with nested
//! permissions (CIDR ranges with descriptions, an IPv6 range, the group itself as a source),
//! all described back through tag and id filters, tags added and read with DescribeTags,
//! everything deleted; an OpenSSH public key imported as a blob and read back; instances run with
//! an explicit and with the client-filled idempotency token, described over two pages (launch
//! times checked) and terminated.
//!
//! EC2's model declares no error shapes, so every EC2 error is the catch-all `Unhandled`
//! variant, the enum's only one: the walk asserts its code (`InvalidVpcID.NotFound`,
//! `InvalidKeyPair.Format`) through that variant and `ServiceError::code` instead of a typed
//! variant.

use aws_op::{Blob, Client};
use aws_op_ec2::*;
use aws_op_moto::{all_pages, assert_recent, Moto};

const NAME: &str = "walk — Zoë 🚀";

/// A real OpenSSH ed25519 public key (moto parses it and refuses anything else).
const PUBLIC_KEY: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHOeAxI23FyCOOP1GCz1gGz1vjUnzTked81bJsC2mJjA walk@aws-op";

fn tag(key: &str, value: &str) -> Tag {
    Tag::builder().key(key).value(value).build()
}

fn tagged(resource: ResourceType, tags: Vec<Tag>) -> Vec<TagSpecification> {
    vec![TagSpecification::builder()
        .resource_type(resource)
        .tags(tags)
        .build()]
}

fn filter(name: &str, value: &str) -> Filter {
    Filter::builder()
        .name(name)
        .values(vec![value.to_owned()])
        .build()
}

fn tag_value<'a>(tags: &'a Option<Vec<Tag>>, key: &str) -> Option<&'a str> {
    tags.iter()
        .flatten()
        .find(|t| t.key.as_deref() == Some(key))
        .and_then(|t| t.value.as_deref())
}

fn client(moto: &Moto) -> Client<Ec2> {
    Client::new(&moto.config()).unwrap()
}

#[tokio::test]
async fn a_vpc_subnet_and_security_group_are_created_described_by_filter_and_deleted() {
    let moto = Moto::start();
    let client = client(&moto);

    let vpc = CreateVpcRequest::builder()
        .cidr_block("10.42.0.0/16")
        .tag_specifications(tagged(
            ResourceType::Vpc,
            vec![tag("Name", NAME), tag("walk", "ec2")],
        ))
        .build()
        .send(&client)
        .await
        .expect("CreateVpc")
        .vpc
        .expect("CreateVpc returns the VPC");
    let vpc_id = vpc.vpc_id.clone().expect("a VPC id");
    assert_eq!(vpc.cidr_block.as_deref(), Some("10.42.0.0/16"));
    assert_eq!(tag_value(&vpc.tags, "Name"), Some(NAME));

    let subnet = CreateSubnetRequest::builder()
        .vpc_id(vpc_id.as_str())
        .cidr_block("10.42.1.0/24")
        .availability_zone("us-east-1a")
        .tag_specifications(tagged(ResourceType::Subnet, vec![tag("walk", "ec2")]))
        .build()
        .send(&client)
        .await
        .expect("CreateSubnet")
        .subnet
        .expect("CreateSubnet returns the subnet");
    let subnet_id = subnet.subnet_id.clone().expect("a subnet id");
    assert_eq!(subnet.vpc_id.as_deref(), Some(vpc_id.as_str()));
    assert_eq!(subnet.availability_zone.as_deref(), Some("us-east-1a"));
    // A /24 leaves 251 addresses: AWS keeps five of each subnet.
    assert_eq!(subnet.available_ip_address_count, Some(251));

    let group = CreateSecurityGroupRequest::builder()
        .group_name("walk-web")
        .description("web servers of the walk")
        .vpc_id(vpc_id.as_str())
        .tag_specifications(tagged(
            ResourceType::SecurityGroup,
            vec![tag("walk", "ec2"), tag("owner", NAME)],
        ))
        .build()
        .send(&client)
        .await
        .expect("CreateSecurityGroup");
    let group_id = group.group_id.expect("a group id");

    let https = IpPermission::builder()
        .ip_protocol("tcp")
        .from_port(443)
        .to_port(443)
        .ip_ranges(vec![
            IpRange::builder()
                .cidr_ip("203.0.113.0/24")
                .description("office")
                .build(),
            IpRange::builder()
                .cidr_ip("198.51.100.7/32")
                .description("monitoring probe")
                .build(),
        ])
        .ipv6_ranges(vec![Ipv6Range::builder()
            .cidr_ipv6("2001:db8::/32")
            .description("office v6")
            .build()])
        .build();
    let ssh_from_itself = IpPermission::builder()
        .ip_protocol("tcp")
        .from_port(22)
        .to_port(22)
        .user_id_group_pairs(vec![UserIdGroupPair::builder()
            .group_id(group_id.as_str())
            .description("peers in the same group")
            .build()])
        .build();
    AuthorizeSecurityGroupIngressRequest::builder()
        .group_id(group_id.as_str())
        .ip_permissions(vec![https, ssh_from_itself])
        .build()
        .send(&client)
        .await
        .expect("AuthorizeSecurityGroupIngress");

    let groups = DescribeSecurityGroupsRequest::builder()
        .filters(vec![filter("tag:owner", NAME), filter("vpc-id", &vpc_id)])
        .build()
        .send(&client)
        .await
        .expect("DescribeSecurityGroups")
        .security_groups
        .unwrap_or_default();
    assert_eq!(
        groups.len(),
        1,
        "the tag filter finds the group: {groups:?}"
    );
    let described = &groups[0];
    assert_eq!(described.group_id.as_deref(), Some(group_id.as_str()));
    assert_eq!(described.group_name.as_deref(), Some("walk-web"));
    assert_eq!(
        described.description.as_deref(),
        Some("web servers of the walk")
    );
    assert_eq!(tag_value(&described.tags, "owner"), Some(NAME));
    let permissions = described.ip_permissions.clone().unwrap_or_default();
    let https = permissions
        .iter()
        .find(|p| p.from_port == Some(443))
        .expect("the HTTPS rule");
    assert_eq!(https.ip_protocol.as_deref(), Some("tcp"));
    assert_eq!(https.to_port, Some(443));
    let mut ranges: Vec<_> = https
        .ip_ranges
        .iter()
        .flatten()
        .map(|r| (r.cidr_ip.as_deref(), r.description.as_deref()))
        .collect();
    ranges.sort();
    assert_eq!(
        ranges,
        [
            (Some("198.51.100.7/32"), Some("monitoring probe")),
            (Some("203.0.113.0/24"), Some("office"))
        ]
    );
    let v6: Vec<_> = https
        .ipv6_ranges
        .iter()
        .flatten()
        .map(|r| (r.cidr_ipv6.as_deref(), r.description.as_deref()))
        .collect();
    assert_eq!(v6, [(Some("2001:db8::/32"), Some("office v6"))]);
    let ssh = permissions
        .iter()
        .find(|p| p.from_port == Some(22))
        .expect("the SSH rule");
    let pairs: Vec<_> = ssh
        .user_id_group_pairs
        .iter()
        .flatten()
        .map(|p| (p.group_id.as_deref(), p.description.as_deref()))
        .collect();
    assert_eq!(
        pairs,
        [(Some(group_id.as_str()), Some("peers in the same group"))]
    );

    let vpcs = DescribeVpcsRequest::builder()
        .filters(vec![filter("tag:Name", NAME)])
        .build()
        .send(&client)
        .await
        .expect("DescribeVpcs")
        .vpcs
        .unwrap_or_default();
    let ids: Vec<_> = vpcs.iter().filter_map(|v| v.vpc_id.as_deref()).collect();
    assert_eq!(ids, [vpc_id.as_str()]);
    assert_eq!(vpcs[0].state, Some(VpcState::Available));
    assert_eq!(vpcs[0].is_default, Some(false));

    CreateTagsRequest::builder()
        .resources(vec![subnet_id.clone()])
        .tags(vec![tag("Name", "sous-réseau — 東京"), tag("tier", "web")])
        .build()
        .send(&client)
        .await
        .expect("CreateTags");
    let subnets = DescribeSubnetsRequest::builder()
        .filters(vec![filter("vpc-id", &vpc_id), filter("tag:tier", "web")])
        .build()
        .send(&client)
        .await
        .expect("DescribeSubnets")
        .subnets
        .unwrap_or_default();
    assert_eq!(subnets.len(), 1, "{subnets:?}");
    assert_eq!(subnets[0].subnet_id.as_deref(), Some(subnet_id.as_str()));
    assert_eq!(subnets[0].cidr_block.as_deref(), Some("10.42.1.0/24"));
    assert_eq!(
        tag_value(&subnets[0].tags, "Name"),
        Some("sous-réseau — 東京")
    );
    let mut tags: Vec<_> = DescribeTagsRequest::builder()
        .filters(vec![filter("resource-id", &subnet_id)])
        .build()
        .send(&client)
        .await
        .expect("DescribeTags")
        .tags
        .unwrap_or_default()
        .into_iter()
        .map(|t| {
            assert_eq!(t.resource_type, Some(ResourceType::Subnet));
            (t.key.unwrap_or_default(), t.value.unwrap_or_default())
        })
        .collect();
    tags.sort();
    assert_eq!(
        tags,
        [
            ("Name".to_owned(), "sous-réseau — 東京".to_owned()),
            ("tier".to_owned(), "web".to_owned()),
            ("walk".to_owned(), "ec2".to_owned()),
        ]
    );

    DeleteSecurityGroupRequest::builder()
        .group_id(group_id.as_str())
        .build()
        .send(&client)
        .await
        .expect("DeleteSecurityGroup");
    DeleteSubnetRequest::builder()
        .subnet_id(subnet_id.as_str())
        .build()
        .send(&client)
        .await
        .expect("DeleteSubnet");
    DeleteVpcRequest::builder()
        .vpc_id(vpc_id.as_str())
        .build()
        .send(&client)
        .await
        .expect("DeleteVpc");

    let error = DescribeVpcsRequest::builder()
        .vpc_ids(vec![vpc_id.clone()])
        .build()
        .send(&client)
        .await
        .expect_err("the VPC is gone");
    let service = error.service_error().expect("a service error");
    // The only variant: EC2's model declares no errors.
    let DescribeVpcsError::Unhandled(unmodelled) = service.err();
    assert_eq!(unmodelled.code, "InvalidVpcID.NotFound");
    assert_eq!(service.code, unmodelled.code);
    assert_eq!(service.status, 400);
    let message = unmodelled.message.as_deref().unwrap_or_default();
    assert!(message.contains(&vpc_id), "{message}");
}

#[tokio::test]
async fn instances_run_with_idempotency_tokens_are_listed_over_pages_and_terminated() {
    let moto = Moto::start();
    let client = client(&moto);

    let imported = ImportKeyPairRequest::builder()
        .key_name("walk-key")
        .public_key_material(Blob::from(PUBLIC_KEY.as_bytes().to_vec()))
        .tag_specifications(tagged(ResourceType::KeyPair, vec![tag("owner", NAME)]))
        .build()
        .send(&client)
        .await
        .expect("ImportKeyPair");
    assert_eq!(imported.key_name.as_deref(), Some("walk-key"));
    let fingerprint = imported.key_fingerprint.expect("a fingerprint");
    let keys = DescribeKeyPairsRequest::builder()
        .key_names(vec!["walk-key".to_owned()])
        .include_public_key(true)
        .build()
        .send(&client)
        .await
        .expect("DescribeKeyPairs")
        .key_pairs
        .unwrap_or_default();
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0].public_key.as_deref(), Some(PUBLIC_KEY));
    assert_eq!(
        keys[0].key_fingerprint.as_deref(),
        Some(fingerprint.as_str())
    );
    assert_eq!(keys[0].key_type, Some(KeyType::Ed25519));
    assert_eq!(tag_value(&keys[0].tags, "owner"), Some(NAME));

    let bad_key = ImportKeyPairRequest::builder()
        .key_name("walk-bad-key")
        .public_key_material(Blob::from(b"ssh-ed25519 not-base64 \xff\x00".to_vec()))
        .build()
        .send(&client)
        .await
        .expect_err("not an OpenSSH public key");
    let service = bad_key.service_error().expect("a service error");
    let ImportKeyPairError::Unhandled(unmodelled) = service.err();
    assert_eq!(unmodelled.code, "InvalidKeyPair.Format");
    assert_eq!(service.status, 400);

    let image_id = DescribeImagesRequest::builder()
        .owners(vec!["amazon".to_owned()])
        .build()
        .send(&client)
        .await
        .expect("DescribeImages")
        .images
        .unwrap_or_default()
        .into_iter()
        .find_map(|i| i.image_id)
        .expect("moto lists Amazon's images");
    let run = |token: Option<&str>, count: i32| {
        let request = RunInstancesRequest::builder()
            .image_id(image_id.as_str())
            .instance_type(InstanceType::T3Micro)
            .key_name("walk-key")
            .min_count(count)
            .max_count(count)
            .tag_specifications(tagged(
                ResourceType::Instance,
                vec![tag("walk", "ec2"), tag("Name", NAME)],
            ));
        let request = match token {
            Some(token) => request.client_token(token),
            None => request,
        };
        let client = &client;
        async move { request.build().send(client).await.expect("RunInstances") }
    };

    // The same explicit token twice: the token reaches the service with both calls. AWS answers
    // the second with the first reservation; moto 5.2.6 ignores the token and starts a second one
    // (see "Against moto" in the README), so the reservations are not compared.
    let first = run(Some("walk-token-1"), 1).await;
    let second = run(Some("walk-token-1"), 1).await;
    for reservation in [&first, &second] {
        let instances = reservation.instances.as_deref().unwrap_or_default();
        assert_eq!(instances.len(), 1);
        assert_eq!(instances[0].client_token.as_deref(), Some("walk-token-1"));
    }
    // Left unset, the client fills the token in with a fresh UUID per call (moto records
    // "ABCDE" when a request has none, so a UUID here is the client's).
    let auto = run(None, 2).await;
    let auto_instances = auto.instances.clone().unwrap_or_default();
    assert_eq!(
        auto_instances.len(),
        2,
        "MinCount 2 starts two in one reservation"
    );
    let auto_token = auto_instances[0]
        .client_token
        .clone()
        .expect("a filled-in token");
    assert_eq!(auto_token.len(), 36, "a UUID: {auto_token}");
    assert_eq!(auto_token.matches('-').count(), 4, "a UUID: {auto_token}");
    let other = run(None, 1).await;
    let other_token = other.instances.unwrap_or_default()[0].client_token.clone();
    assert_ne!(
        other_token.as_deref(),
        Some(auto_token.as_str()),
        "a new token per call"
    );
    for _ in 0..3 {
        run(None, 1).await;
    }

    // Seven reservations (eight instances) asked for five per page, EC2's smallest page.
    let pages = all_pages(
        DescribeInstancesRequest::builder()
            .filters(vec![filter("tag:walk", "ec2")])
            .max_results(5)
            .build()
            .paginate(&client),
    )
    .await;
    let page_sizes: Vec<usize> = pages
        .iter()
        .map(|page| page.reservations.as_ref().map_or(0, Vec::len))
        .collect();
    assert_eq!(page_sizes, [5, 2], "seven reservations, five per page");
    let reservations: Vec<Reservation> = pages
        .into_iter()
        .flat_map(|page| page.reservations.unwrap_or_default())
        .collect();
    let instances: Vec<Instance> = reservations
        .into_iter()
        .flat_map(|r| r.instances.unwrap_or_default())
        .collect();
    assert_eq!(instances.len(), 8);
    for instance in &instances {
        assert_eq!(instance.image_id.as_deref(), Some(image_id.as_str()));
        assert_eq!(instance.instance_type, Some(InstanceType::T3Micro));
        assert_eq!(instance.key_name.as_deref(), Some("walk-key"));
        assert_eq!(tag_value(&instance.tags, "Name"), Some(NAME));
        assert_eq!(
            instance.state.as_ref().and_then(|s| s.name.clone()),
            Some(InstanceStateName::Running)
        );
        assert_recent(
            "DescribeInstances LaunchTime",
            instance.launch_time.as_ref().expect("a launch time").secs(),
        );
    }

    let ids: Vec<String> = instances
        .iter()
        .filter_map(|i| i.instance_id.clone())
        .collect();
    let changes = TerminateInstancesRequest::builder()
        .instance_ids(ids.clone())
        .build()
        .send(&client)
        .await
        .expect("TerminateInstances")
        .terminating_instances
        .unwrap_or_default();
    let mut terminated: Vec<String> = changes
        .iter()
        .map(|c| {
            assert_eq!(
                c.previous_state.as_ref().and_then(|s| s.name.clone()),
                Some(InstanceStateName::Running)
            );
            c.instance_id.clone().expect("an instance id")
        })
        .collect();
    terminated.sort();
    let mut expected = ids;
    expected.sort();
    assert_eq!(terminated, expected);
    let states: Vec<_> = all_pages(
        DescribeInstancesRequest::builder()
            .filters(vec![filter("tag:walk", "ec2")])
            .build()
            .paginate(&client),
    )
    .await
    .into_iter()
    .flat_map(|page| page.reservations.unwrap_or_default())
    .flat_map(|r| r.instances.unwrap_or_default())
    .map(|i| i.state.and_then(|s| s.name))
    .collect();
    assert_eq!(states.len(), 8);
    assert!(
        states
            .iter()
            .all(|s| *s == Some(InstanceStateName::Terminated)),
        "{states:?}"
    );

    DeleteKeyPairRequest::builder()
        .key_name("walk-key")
        .build()
        .send(&client)
        .await
        .expect("DeleteKeyPair");
    let left = DescribeKeyPairsRequest::builder()
        .build()
        .send(&client)
        .await
        .expect("DescribeKeyPairs")
        .key_pairs
        .unwrap_or_default();
    assert!(
        left.iter()
            .all(|k| k.key_name.as_deref() != Some("walk-key")),
        "{left:?}"
    );
}
