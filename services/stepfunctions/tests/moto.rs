//! Step Functions walked against moto, a third-party emulator: state machines created (their
//! creation dates timestamps), described, listed page by page and deleted; an execution started
//! with unicode JSON input and described; a missing state machine as the typed
//! StateMachineDoesNotExist; execution input kept out of `Debug`.

use aws_op::Client;
use aws_op_moto::{all_pages, assert_recent, Moto};
use aws_op_stepfunctions::*;

const DEFINITION: &str =
    r#"{"Comment":"walk","StartAt":"Done","States":{"Done":{"Type":"Pass","End":true}}}"#;
const ROLE: &str = "arn:aws:iam::123456789012:role/walk-states";

#[tokio::test]
async fn state_machines_are_created_run_listed_by_page_and_deleted() {
    let moto = Moto::start();
    let client: Client<Sfn> = Client::new(&moto.config()).unwrap();
    let mut arns = Vec::new();
    for i in 0..5 {
        let created = CreateStateMachineRequest::builder()
            .name(format!("walk-machine-{i}"))
            .definition(DEFINITION)
            .role_arn(ROLE)
            .r#type(StateMachineType::Standard)
            .build()
            .send(&client)
            .await
            .expect("CreateStateMachine");
        assert_recent(
            "the state machine's creation date",
            created.creation_date.secs(),
        );
        arns.push(created.state_machine_arn);
    }

    let described = DescribeStateMachineRequest::builder()
        .state_machine_arn(arns[0].as_str())
        .build()
        .send(&client)
        .await
        .expect("DescribeStateMachine");
    assert_eq!(described.name, "walk-machine-0");
    assert_eq!(described.definition, DEFINITION);
    assert_eq!(described.r#type, StateMachineType::Standard);

    let input = r#"{"order":"A-1","customer":"Zoë 🚀"}"#;
    let request = StartExecutionRequest::builder()
        .state_machine_arn(arns[0].as_str())
        .name("walk-execution")
        .input(input)
        .build();
    assert!(
        !format!("{request:?}").contains("Zoë"),
        "Debug shows no input"
    );
    let started = request.send(&client).await.expect("StartExecution");
    let execution = DescribeExecutionRequest::builder()
        .execution_arn(started.execution_arn.as_str())
        .build()
        .send(&client)
        .await
        .expect("DescribeExecution");
    assert_eq!(execution.name.as_deref(), Some("walk-execution"));
    assert_eq!(execution.input.as_deref(), Some(input));
    assert_eq!(execution.state_machine_arn, arns[0]);

    // Two per page: five state machines over three pages.
    let pages = all_pages(
        ListStateMachinesRequest::builder()
            .max_results(2)
            .build()
            .paginate(&client),
    )
    .await;
    assert_eq!(pages.len(), 3);
    let mut listed: Vec<String> = pages
        .into_iter()
        .flat_map(|page| page.state_machines)
        .map(|m| m.name)
        .collect();
    listed.sort();
    assert_eq!(
        listed,
        (0..5)
            .map(|i| format!("walk-machine-{i}"))
            .collect::<Vec<_>>()
    );

    for arn in &arns {
        DeleteStateMachineRequest::builder()
            .state_machine_arn(arn.as_str())
            .build()
            .send(&client)
            .await
            .expect("DeleteStateMachine");
    }
    let error = DescribeStateMachineRequest::builder()
        .state_machine_arn(arns[0].as_str())
        .build()
        .send(&client)
        .await
        .expect_err("the state machine is gone");
    let service = error.service_error().expect("a service error");
    assert!(
        matches!(
            service.err(),
            DescribeStateMachineError::StateMachineDoesNotExist(_)
        ),
        "expected StateMachineDoesNotExist, got {:?}",
        service.err()
    );
}
