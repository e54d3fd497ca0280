//! CloudWatch walked against moto, a third-party emulator, over the JSON protocol with
//! awsQuery-compatible error codes: metric data with dimensions (one a unicode value),
//! timestamps and values put, listed over two pages and read back as statistics and as metric
//! data; alarms put with tags, described, their state set, listed and deleted; a dashboard put,
//! read back and deleted; a missing dashboard arrives as the typed DashboardNotFoundError (its
//! awsQuery code `ResourceNotFound`).

use aws_op::{Client, DateTime};
use aws_op_cloudwatch::*;
use aws_op_moto::{all_pages, assert_recent, Moto};

/// A metric as ListMetrics names it: its name and its sorted (name, value) dimensions.
type MetricKey = (Option<String>, Vec<(String, String)>);

fn client(moto: &Moto) -> Client<CloudWatch> {
    Client::new(&moto.config()).expect("a client for moto")
}

fn dimension(name: &str, value: &str) -> Dimension {
    Dimension::builder().name(name).value(value).build()
}

fn datum(name: &str, dimensions: Vec<Dimension>, at: DateTime, value: f64) -> MetricDatum {
    MetricDatum::builder()
        .metric_name(name)
        .dimensions(dimensions)
        .timestamp(at)
        .value(value)
        .unit(StandardUnit::Count)
        .build()
}

#[tokio::test]
async fn metric_data_is_put_listed_by_page_and_read_back_as_statistics() {
    let moto = Moto::start();
    let client = client(&moto);
    let at = DateTime::from_secs(DateTime::now().secs() - 120);
    let dimensions = vec![
        dimension("Service", "walk"),
        dimension("Customer", "Zoë 🚀"),
    ];
    PutMetricDataRequest::builder()
        .namespace("Walk/Orders")
        .metric_data(
            [1.5, 2.5, 4.0]
                .into_iter()
                .map(|v| datum("Latency", dimensions.clone(), at, v))
                .collect::<Vec<_>>(),
        )
        .build()
        .send(&client)
        .await
        .expect("PutMetricData");

    // ListMetrics pages at 500 metrics (it has no page size): 600 one-value metrics, one per
    // shard, make a second page.
    for batch in 0..2 {
        PutMetricDataRequest::builder()
            .namespace("Walk/Shards")
            .metric_data(
                (0..300)
                    .map(|i| {
                        let shard = format!("shard-{:03}", batch * 300 + i);
                        datum("Records", vec![dimension("Shard", &shard)], at, 1.0)
                    })
                    .collect::<Vec<_>>(),
            )
            .build()
            .send(&client)
            .await
            .expect("PutMetricData");
    }
    let pages = all_pages(
        ListMetricsRequest::builder()
            .namespace("Walk/Shards")
            .build()
            .paginate(&client),
    )
    .await;
    assert_eq!(pages.len(), 2);
    let mut shards = Vec::new();
    for metric in pages
        .into_iter()
        .flat_map(|p| p.metrics.unwrap_or_default())
    {
        assert_eq!(metric.metric_name.as_deref(), Some("Records"));
        let dimensions = metric.dimensions.unwrap_or_default();
        assert_eq!(dimensions.len(), 1);
        shards.push(dimensions[0].value.clone());
    }
    shards.sort();
    let expected: Vec<String> = (0..600).map(|i| format!("shard-{i:03}")).collect();
    assert_eq!(shards, expected);

    // One metric: moto 5.2.6 lists a metric with two or more dimensions once per value put
    // (boto3 sees three here too), so compare the distinct metrics.
    let listed = ListMetricsRequest::builder()
        .namespace("Walk/Orders")
        .build()
        .send(&client)
        .await
        .expect("ListMetrics")
        .metrics
        .unwrap_or_default();
    let mut distinct: Vec<MetricKey> = listed
        .into_iter()
        .map(|metric| {
            let mut dimensions: Vec<(String, String)> = metric
                .dimensions
                .unwrap_or_default()
                .into_iter()
                .map(|d| (d.name, d.value))
                .collect();
            dimensions.sort();
            (metric.metric_name, dimensions)
        })
        .collect();
    distinct.dedup();
    assert_eq!(
        distinct,
        [(
            Some("Latency".to_string()),
            vec![
                ("Customer".to_string(), "Zoë 🚀".to_string()),
                ("Service".to_string(), "walk".to_string()),
            ]
        )]
    );

    let start = DateTime::from_secs(at.secs() - 600);
    let end = DateTime::from_secs(at.secs() + 600);
    let statistics = GetMetricStatisticsRequest::builder()
        .namespace("Walk/Orders")
        .metric_name("Latency")
        .dimensions(dimensions.clone())
        .start_time(start)
        .end_time(end)
        .period(1200)
        .statistics(vec![
            Statistic::Sum,
            Statistic::SampleCount,
            Statistic::Minimum,
            Statistic::Maximum,
            Statistic::Average,
        ])
        .build()
        .send(&client)
        .await
        .expect("GetMetricStatistics");
    assert_eq!(statistics.label.as_deref(), Some("Latency"));
    let datapoints = statistics.datapoints.unwrap_or_default();
    assert_eq!(datapoints.len(), 1, "{datapoints:?}");
    let point = &datapoints[0];
    assert_eq!(point.sum, Some(8.0));
    assert_eq!(point.sample_count, Some(3.0));
    assert_eq!(point.minimum, Some(1.5));
    assert_eq!(point.maximum, Some(4.0));
    assert_eq!(point.average, Some(8.0 / 3.0));
    // Timestamps name the start of the period that holds the values.
    let in_window = |t: DateTime| (start.secs()..=at.secs()).contains(&t.secs());
    assert!(in_window(point.timestamp.expect("Timestamp")), "{point:?}");

    let data = GetMetricDataRequest::builder()
        .metric_data_queries(vec![MetricDataQuery::builder()
            .id("latency")
            .label("Latency — Zoë 🚀")
            .metric_stat(
                MetricStat::builder()
                    .metric(
                        Metric::builder()
                            .namespace("Walk/Orders")
                            .metric_name("Latency")
                            .dimensions(dimensions)
                            .build(),
                    )
                    .period(1200)
                    .stat("Maximum")
                    .build(),
            )
            .build()])
        .start_time(start)
        .end_time(end)
        .build()
        .send(&client)
        .await
        .expect("GetMetricData");
    let results = data.metric_data_results.unwrap_or_default();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].id.as_deref(), Some("latency"));
    assert_eq!(results[0].label.as_deref(), Some("Latency — Zoë 🚀"));
    assert_eq!(results[0].status_code, Some(StatusCode::Complete));
    assert_eq!(results[0].values.as_deref(), Some(&[4.0][..]));
    let stamps = results[0].timestamps.clone().unwrap_or_default();
    assert_eq!(stamps.len(), 1);
    assert!(in_window(stamps[0]), "{stamps:?}");
}

#[tokio::test]
async fn alarms_are_put_described_set_listed_and_deleted() {
    let moto = Moto::start();
    let client = client(&moto);
    let names: Vec<String> = (0..3).map(|i| format!("walk-alarm-{i}")).collect();
    for (i, name) in names.iter().enumerate() {
        PutMetricAlarmRequest::builder()
            .alarm_name(name.as_str())
            .alarm_description(format!("latency {i} — Zoë 🚀"))
            .namespace("Walk/Orders")
            .metric_name("Latency")
            .dimensions(vec![dimension("Service", "walk")])
            .statistic(Statistic::Average)
            .period(60)
            .evaluation_periods(2)
            .threshold(100.0 + i as f64)
            .comparison_operator(ComparisonOperator::GreaterThanThreshold)
            .tags(vec![Tag::builder().key("team").value("walks").build()])
            .build()
            .send(&client)
            .await
            .expect("PutMetricAlarm");
    }

    // moto 5.2.6 ignores MaxRecords on DescribeAlarms and answers one page with every alarm
    // (boto3 sees the same): follow the pages, assert the alarms, not the page count.
    let pages = all_pages(
        DescribeAlarmsRequest::builder()
            .alarm_name_prefix("walk-alarm-")
            .max_records(2)
            .build()
            .paginate(&client),
    )
    .await;
    let mut alarms: Vec<MetricAlarm> = pages
        .into_iter()
        .flat_map(|p| p.metric_alarms.unwrap_or_default())
        .collect();
    alarms.sort_by(|a, b| a.alarm_name.cmp(&b.alarm_name));
    let described: Vec<(Option<&str>, Option<&str>, Option<f64>)> = alarms
        .iter()
        .map(|a| {
            (
                a.alarm_name.as_deref(),
                a.alarm_description.as_deref(),
                a.threshold,
            )
        })
        .collect();
    assert_eq!(
        described,
        [
            (
                Some("walk-alarm-0"),
                Some("latency 0 — Zoë 🚀"),
                Some(100.0)
            ),
            (
                Some("walk-alarm-1"),
                Some("latency 1 — Zoë 🚀"),
                Some(101.0)
            ),
            (
                Some("walk-alarm-2"),
                Some("latency 2 — Zoë 🚀"),
                Some(102.0)
            ),
        ]
    );
    // A new alarm is INSUFFICIENT_DATA on AWS; moto 5.2.6 starts it at OK, so the state is
    // asserted only once SetAlarmState has set it.
    let first = &alarms[0];
    assert_eq!(
        first.comparison_operator,
        Some(ComparisonOperator::GreaterThanThreshold)
    );
    assert_eq!(
        (first.period, first.evaluation_periods),
        (Some(60), Some(2))
    );
    assert_recent(
        "AlarmConfigurationUpdatedTimestamp",
        first
            .alarm_configuration_updated_timestamp
            .expect("AlarmConfigurationUpdatedTimestamp")
            .secs(),
    );
    let arn = first.alarm_arn.clone().expect("AlarmArn");
    assert!(arn.ends_with(":alarm:walk-alarm-0"), "{arn}");

    let tags = ListTagsForResourceRequest::builder()
        .resource_arn(arn.as_str())
        .build()
        .send(&client)
        .await
        .expect("ListTagsForResource")
        .tags
        .unwrap_or_default();
    let tags: Vec<(&str, &str)> = tags
        .iter()
        .map(|t| (t.key.as_str(), t.value.as_str()))
        .collect();
    assert_eq!(tags, [("team", "walks")]);

    SetAlarmStateRequest::builder()
        .alarm_name("walk-alarm-0")
        .state_value(StateValue::Alarm)
        .state_reason("walked into ALARM — Zoë 🚀")
        .state_reason_data(r#"{"walk":true}"#)
        .build()
        .send(&client)
        .await
        .expect("SetAlarmState");
    let alarming = DescribeAlarmsRequest::builder()
        .state_value(StateValue::Alarm)
        .build()
        .send(&client)
        .await
        .expect("DescribeAlarms")
        .metric_alarms
        .unwrap_or_default();
    assert_eq!(alarming.len(), 1);
    assert_eq!(alarming[0].alarm_name.as_deref(), Some("walk-alarm-0"));
    assert_eq!(
        alarming[0].state_reason.as_deref(),
        Some("walked into ALARM — Zoë 🚀")
    );
    assert_eq!(
        alarming[0].state_reason_data.as_deref(),
        Some(r#"{"walk":true}"#)
    );
    assert_recent(
        "StateUpdatedTimestamp",
        alarming[0]
            .state_updated_timestamp
            .expect("StateUpdatedTimestamp")
            .secs(),
    );

    DeleteAlarmsRequest::builder()
        .alarm_names(names)
        .build()
        .send(&client)
        .await
        .expect("DeleteAlarms");
    let left = DescribeAlarmsRequest::builder()
        .alarm_name_prefix("walk-alarm-")
        .build()
        .send(&client)
        .await
        .expect("DescribeAlarms");
    assert!(left.metric_alarms.unwrap_or_default().is_empty());
}

#[tokio::test]
async fn dashboards_round_trip_and_a_missing_one_is_the_typed_error() {
    let moto = Moto::start();
    let client = client(&moto);
    let body = r#"{"widgets":[{"type":"text","x":0,"y":0,"width":6,"height":3,"properties":{"markdown":"Zoë 🚀"}}]}"#;
    PutDashboardRequest::builder()
        .dashboard_name("walk-dashboard")
        .dashboard_body(body)
        .build()
        .send(&client)
        .await
        .expect("PutDashboard");
    let got = GetDashboardRequest::builder()
        .dashboard_name("walk-dashboard")
        .build()
        .send(&client)
        .await
        .expect("GetDashboard");
    assert_eq!(got.dashboard_name.as_deref(), Some("walk-dashboard"));
    assert_eq!(got.dashboard_body.as_deref(), Some(body));
    assert!(got
        .dashboard_arn
        .as_deref()
        .unwrap_or_default()
        .ends_with(":dashboard/walk-dashboard"));

    DeleteDashboardsRequest::builder()
        .dashboard_names(vec!["walk-dashboard".to_string()])
        .build()
        .send(&client)
        .await
        .expect("DeleteDashboards");
    let missing = GetDashboardRequest::builder()
        .dashboard_name("walk-dashboard")
        .build()
        .send(&client)
        .await
        .expect_err("the dashboard was deleted");
    let service = missing.service_error().expect("a service error");
    assert!(
        matches!(service.err(), GetDashboardError::DashboardNotFoundError(_)),
        "expected DashboardNotFoundError, got {:?}",
        service.err()
    );
    assert_eq!(service.code, "ResourceNotFound");
}
