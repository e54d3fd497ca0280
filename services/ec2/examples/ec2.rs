//! EC2: create a VPC with a subnet and a tagged security group that admits HTTPS, find the group
//! again by its tag, then delete all three.
//!
//! ```text
//! cargo run -p aws-op-ec2 --example ec2                           # real AWS (credentials and region from the environment)
//! AWS_ENDPOINT_URL=http://127.0.0.1:5000 cargo run -p aws-op-ec2 --example ec2   # a local moto server
//! ```

use aws_op::{Client, Config};
use aws_op_ec2::*;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client: Client<Ec2> = Client::new(&Config::from_env())?;

    let vpc_id = CreateVpcRequest::builder()
        .cidr_block("10.99.0.0/16")
        .build()
        .send(&client)
        .await?
        .vpc
        .and_then(|v| v.vpc_id)
        .ok_or("CreateVpc returned no VPC id")?;
    println!("vpc {vpc_id}");
    let subnet_id = CreateSubnetRequest::builder()
        .vpc_id(vpc_id.as_str())
        .cidr_block("10.99.1.0/24")
        .build()
        .send(&client)
        .await?
        .subnet
        .and_then(|s| s.subnet_id)
        .ok_or("CreateSubnet returned no subnet id")?;
    println!("subnet {subnet_id}");

    let group_id = CreateSecurityGroupRequest::builder()
        .group_name("aws-op-example-web")
        .description("HTTPS from anywhere")
        .vpc_id(vpc_id.as_str())
        .tag_specifications(vec![TagSpecification::builder()
            .resource_type(ResourceType::SecurityGroup)
            .tags(vec![Tag::builder()
                .key("created-by")
                .value("aws-op-example")
                .build()])
            .build()])
        .build()
        .send(&client)
        .await?
        .group_id
        .ok_or("CreateSecurityGroup returned no group id")?;
    AuthorizeSecurityGroupIngressRequest::builder()
        .group_id(group_id.as_str())
        .ip_permissions(vec![IpPermission::builder()
            .ip_protocol("tcp")
            .from_port(443)
            .to_port(443)
            .ip_ranges(vec![IpRange::builder()
                .cidr_ip("0.0.0.0/0")
                .description("HTTPS")
                .build()])
            .build()])
        .build()
        .send(&client)
        .await?;
    println!("security group {group_id}");

    let found = DescribeSecurityGroupsRequest::builder()
        .filters(vec![Filter::builder()
            .name("tag:created-by")
            .values(vec!["aws-op-example".to_owned()])
            .build()])
        .build()
        .send(&client)
        .await?
        .security_groups
        .unwrap_or_default();
    for group in &found {
        let rules = group.ip_permissions.as_deref().unwrap_or_default();
        println!(
            "found {} ({}) with {} ingress rule(s)",
            group.group_id.as_deref().unwrap_or_default(),
            group.group_name.as_deref().unwrap_or_default(),
            rules.len()
        );
    }

    DeleteSecurityGroupRequest::builder()
        .group_id(group_id.as_str())
        .build()
        .send(&client)
        .await?;
    DeleteSubnetRequest::builder()
        .subnet_id(subnet_id.as_str())
        .build()
        .send(&client)
        .await?;
    DeleteVpcRequest::builder()
        .vpc_id(vpc_id.as_str())
        .build()
        .send(&client)
        .await?;
    println!("deleted the security group, the subnet and the VPC");
    Ok(())
}
