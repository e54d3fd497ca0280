//! S3 SelectObjectContent walked against moto: a CSV object (with a header row and unicode
//! fields) and a JSON-lines object are queried with `SELECT count(*) FROM S3Object`, JSON output;
//! the answer is an event stream read through the generated output, event by event: `Records`
//! (the count), `Stats` (bytes returned matching the records) and `End`, then the clean end of
//! the stream.

use aws_op::{Body, Client};
use aws_op_moto::Moto;
use aws_op_s3::*;

/// Five records after the header, and no record delimiter after the last one: moto 5.2.6 counts
/// the empty line after a final newline as one more CSV record (AWS does not; a moto fault,
/// written down with boto3's evidence), so the object ends without one.
const CSV: &str = "name,city,visits\n\
                   Zoë,Zürich,3\n\
                   Åsa,Malmö,5\n\
                   José,São Paulo,8\n\
                   Chloé 🚀,Montréal,13\n\
                   Ōta,Tōkyō,21";

const JSON_LINES: &str = "{\"name\":\"Zoë\",\"visits\":3}\n\
                          {\"name\":\"Åsa\",\"visits\":5}\n\
                          {\"name\":\"José\",\"visits\":8}\n";

/// What one query's event stream held.
#[derive(Debug, Default)]
struct Answer {
    records: Vec<u8>,
    stats: Option<Stats>,
    events: Vec<&'static str>,
}

async fn select(client: &Client<S3>, key: &str, input: InputSerialization) -> Answer {
    let mut output = SelectObjectContentRequest::builder()
        .bucket("walk-select")
        .key(key)
        .expression("SELECT count(*) FROM S3Object")
        .expression_type(ExpressionType::Sql)
        .input_serialization(input)
        .output_serialization(OutputSerialization {
            csv: None,
            json: Some(JSONOutput {
                record_delimiter: Some("\n".into()),
            }),
        })
        .build()
        .send(client)
        .await
        .unwrap_or_else(|e| panic!("SelectObjectContent {key}: {e}"));
    let mut answer = Answer::default();
    while let Some(event) = output
        .payload
        .recv()
        .await
        .unwrap_or_else(|e| panic!("the event stream of {key}: {e}"))
    {
        match event {
            SelectObjectContentEventStream::Records(records) => {
                answer.events.push("Records");
                answer
                    .records
                    .extend_from_slice(records.payload.expect("a Records payload").as_ref());
            }
            SelectObjectContentEventStream::Stats(stats) => {
                answer.events.push("Stats");
                answer.stats = stats.details;
            }
            SelectObjectContentEventStream::Progress(_) => answer.events.push("Progress"),
            SelectObjectContentEventStream::Cont(_) => answer.events.push("Cont"),
            SelectObjectContentEventStream::End(_) => answer.events.push("End"),
            other => panic!("an event outside the model: {other:?}"),
        }
    }
    answer
}

fn assert_count(answer: &Answer, count: usize) {
    assert_eq!(answer.events, ["Records", "Stats", "End"], "{answer:?}");
    let records = std::str::from_utf8(&answer.records).expect("JSON records");
    let lines: Vec<&str> = records.lines().collect();
    assert_eq!(lines.len(), 1, "{records}");
    let record: aws_op::serde_json::Value =
        aws_op::serde_json::from_str(lines[0]).expect("a JSON record");
    let values: Vec<&aws_op::serde_json::Value> =
        record.as_object().expect("an object").values().collect();
    assert_eq!(values, [&aws_op::serde_json::json!(count)], "{records}");
    let stats = answer.stats.as_ref().expect("Stats details");
    assert_eq!(stats.bytes_returned, Some(answer.records.len() as i64));
    assert!(stats.bytes_scanned.is_some_and(|n| n > 0), "{stats:?}");
}

#[tokio::test]
async fn select_counts_csv_and_json_records_through_the_event_stream() {
    let moto = Moto::start();
    let client: Client<S3> = Client::new(&moto.config()).expect("a client for moto");
    CreateBucketRequest::builder()
        .bucket("walk-select")
        .build()
        .send(&client)
        .await
        .expect("CreateBucket");
    for (key, body) in [("visits.csv", CSV), ("visits.jsonl", JSON_LINES)] {
        PutObjectRequest::builder()
            .bucket("walk-select")
            .key(key)
            .body(Body::from(body))
            .build()
            .send(&client)
            .await
            .unwrap_or_else(|e| panic!("PutObject {key}: {e}"));
    }

    let csv = select(
        &client,
        "visits.csv",
        InputSerialization {
            csv: Some(CSVInput {
                file_header_info: Some(FileHeaderInfo::Use),
                comments: None,
                quote_escape_character: None,
                record_delimiter: None,
                field_delimiter: None,
                quote_character: None,
                allow_quoted_record_delimiter: None,
            }),
            compression_type: None,
            json: None,
            parquet: None,
        },
    )
    .await;
    assert_count(&csv, 5);

    let json = select(
        &client,
        "visits.jsonl",
        InputSerialization {
            csv: None,
            compression_type: None,
            json: Some(JSONInput {
                r#type: Some(JSONType::Lines),
            }),
            parquet: None,
        },
    )
    .await;
    assert_count(&json, 3);
}
