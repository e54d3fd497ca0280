//! CloudWatch: put metric data, read its statistics back, then put, describe and delete an
//! alarm on that metric.
//!
//! ```text
//! cargo run -p aws-op-cloudwatch --example cloudwatch                           # real AWS (credentials and region from the environment)
//! AWS_ENDPOINT_URL=http://127.0.0.1:5000 cargo run -p aws-op-cloudwatch --example cloudwatch   # a local moto server
//! ```

use aws_op::{Client, Config, DateTime};
use aws_op_cloudwatch::*;

const NAMESPACE: &str = "AwsOp/Example";
const METRIC: &str = "Latency";
const ALARM: &str = "aws-op-example";

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client: Client<CloudWatch> = Client::new(&Config::from_env())?;
    let dimensions = vec![Dimension::builder().name("Example").value("aws-op").build()];

    let now = DateTime::now();
    PutMetricDataRequest::builder()
        .namespace(NAMESPACE)
        .metric_data(
            [12.0, 15.5, 9.25]
                .into_iter()
                .map(|value| {
                    MetricDatum::builder()
                        .metric_name(METRIC)
                        .dimensions(dimensions.clone())
                        .timestamp(now)
                        .value(value)
                        .unit(StandardUnit::Milliseconds)
                        .build()
                })
                .collect::<Vec<_>>(),
        )
        .build()
        .send(&client)
        .await?;
    println!("put three {METRIC} values");

    // On AWS new data can take a minute or two to show in statistics: none yet is no error.
    let statistics = GetMetricStatisticsRequest::builder()
        .namespace(NAMESPACE)
        .metric_name(METRIC)
        .dimensions(dimensions.clone())
        .start_time(DateTime::from_secs(now.secs() - 300))
        .end_time(DateTime::from_secs(now.secs() + 60))
        .period(60)
        .statistics(vec![
            Statistic::Average,
            Statistic::Maximum,
            Statistic::SampleCount,
        ])
        .build()
        .send(&client)
        .await?;
    let datapoints = statistics.datapoints.unwrap_or_default();
    if datapoints.is_empty() {
        println!("no datapoints yet");
    }
    for point in datapoints {
        println!(
            "at {:?}: average {:?}, maximum {:?}, {:?} samples",
            point.timestamp, point.average, point.maximum, point.sample_count
        );
    }

    PutMetricAlarmRequest::builder()
        .alarm_name(ALARM)
        .alarm_description("made by the aws-op example")
        .namespace(NAMESPACE)
        .metric_name(METRIC)
        .dimensions(dimensions)
        .statistic(Statistic::Average)
        .period(60)
        .evaluation_periods(1)
        .threshold(100.0)
        .comparison_operator(ComparisonOperator::GreaterThanThreshold)
        .build()
        .send(&client)
        .await?;
    let described = DescribeAlarmsRequest::builder()
        .alarm_names(vec![ALARM.to_string()])
        .build()
        .send(&client)
        .await;
    // The alarm goes whatever the description said.
    let deleted = DeleteAlarmsRequest::builder()
        .alarm_names(vec![ALARM.to_string()])
        .build()
        .send(&client)
        .await;
    for alarm in described?.metric_alarms.unwrap_or_default() {
        println!(
            "alarm {} is {:?}: {} {:?} {:?}",
            alarm.alarm_name.unwrap_or_default(),
            alarm.state_value,
            alarm.metric_name.unwrap_or_default(),
            alarm.comparison_operator,
            alarm.threshold
        );
    }
    deleted?;
    println!("deleted the alarm");
    Ok(())
}
