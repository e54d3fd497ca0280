//! ECR walked against moto, a third-party emulator: repositories created with tags, described
//! (their creation time a timestamp), listed and deleted; an image manifest put
//! under a tag and listed back; a missing repository as the typed RepositoryNotFoundException.

use aws_op::Client;
use aws_op_ecr::*;
use aws_op_moto::{all_pages, assert_recent, Moto};

const MANIFEST: &str = r#"{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":7023,"digest":"sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7"},"layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":32654,"digest":"sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f"}]}"#;

#[tokio::test]
async fn repositories_are_created_described_listed_and_deleted() {
    let moto = Moto::start();
    let client: Client<Ecr> = Client::new(&moto.config()).unwrap();
    let names: Vec<String> = (0..5).map(|i| format!("walks/repo-{i}")).collect();
    for name in &names {
        let created = CreateRepositoryRequest::builder()
            .repository_name(name.as_str())
            .tags(vec![Tag::builder().key("team").value("walks").build()])
            .build()
            .send(&client)
            .await
            .expect("CreateRepository")
            .repository
            .expect("CreateRepository returns the repository");
        assert_eq!(created.repository_name.as_deref(), Some(name.as_str()));
        assert_recent(
            "the repository's creation time",
            created.created_at.expect("a creation time").secs(),
        );
    }

    let pushed = PutImageRequest::builder()
        .repository_name("walks/repo-0")
        .image_manifest(MANIFEST)
        .image_tag("v1.0")
        .build()
        .send(&client)
        .await
        .expect("PutImage");
    assert!(pushed.image.is_some());
    let images = ListImagesRequest::builder()
        .repository_name("walks/repo-0")
        .build()
        .send(&client)
        .await
        .expect("ListImages")
        .image_ids
        .unwrap_or_default();
    assert_eq!(
        images
            .iter()
            .map(|i| i.image_tag.as_deref())
            .collect::<Vec<_>>(),
        [Some("v1.0")]
    );

    // Asked for two per page; moto 5.2.6 ignores `maxResults` here and answers with one page
    // (see "Against moto" in the README), so only the repositories are checked.
    let pages = all_pages(
        DescribeRepositoriesRequest::builder()
            .max_results(2)
            .build()
            .paginate(&client),
    )
    .await;
    let mut listed: Vec<String> = pages
        .into_iter()
        .flat_map(|page| page.repositories.unwrap_or_default())
        .filter_map(|r| r.repository_name)
        .collect();
    listed.sort();
    assert_eq!(listed, names);

    for name in &names {
        DeleteRepositoryRequest::builder()
            .repository_name(name.as_str())
            .force(true)
            .build()
            .send(&client)
            .await
            .expect("DeleteRepository");
    }
    let error = DescribeRepositoriesRequest::builder()
        .repository_names(vec!["walks/repo-0".to_string()])
        .build()
        .send(&client)
        .await
        .expect_err("the repository is gone");
    let service = error.service_error().expect("a service error");
    assert!(
        matches!(
            service.err(),
            DescribeRepositoriesError::RepositoryNotFoundException(_)
        ),
        "expected RepositoryNotFoundException, got {:?}",
        service.err()
    );
}
