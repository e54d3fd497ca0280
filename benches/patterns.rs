//! The cost of one `pattern` check, through the public path: `Operation::validate` of an input
//! whose one member carries a typical model pattern and a typical valid value. Each value
//! satisfies its pattern whether read as Smithy specifies (found anywhere) or anchored at both
//! ends, so the figures compare across engines and semantics.
//!
//! Run: `cargo bench --bench patterns`.

use aws_op::prelude::*;
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

#[aws_service(
    id = "Bench",
    signing_name = "bench",
    protocol = "awsJson1_1",
    api_version = "2024-01-01",
    target_prefix = "Bench"
)]
pub struct Bench;

/// One operation per pattern, named for what it is, with the value it is measured on.
macro_rules! cases {
    ($($name:ident: $pattern:literal on $value:literal;)*) => {
        $(
            #[aws_operation(service = Bench)]
            pub struct $name {
                #[aws(pattern = $pattern)]
                pub value: String,
            }
        )*

        fn patterns(c: &mut Criterion) {
            let mut group = c.benchmark_group("pattern");
            $(
                let input = $name { value: $value.to_owned() };
                group.bench_function(stringify!($name), |b| {
                    b.iter(|| assert!(black_box(&input).validate(true).is_ok()))
                });
            )*
            group.finish();
        }
    };
}

cases! {
    Identifier: "[A-Za-z0-9-_]+" on "cd-destination-0001";
    AnchoredName: "^[a-zA-Z0-9_.-]{1,64}$" on "my.resource_name-01";
    SecretArn: r"arn:aws:secretsmanager:[0-9a-zA-Z-]{1,32}:\d{12}:secret:[A-Za-z0-9/_+=.@-]{8,520}"
        on "arn:aws:secretsmanager:us-east-1:123456789012:secret:my/secret-AbCdEf";
    Url: r"https?:\/\/(www\.)?[-a-zA-Z0-9@:%._\+~#=]{1,256}\.[a-zA-Z0-9()]{1,6}([-a-zA-Z0-9()@:%_\+.~#?&\/=]*)"
        on "https://www.example.com/path/to?x=1";
    UnicodeName: r"[\p{L}\p{N} ._-]+" on "Living room 2";
    Description: r"[^\x00-\x1F\x7F]+" on "A description of the thing, in one sentence.";
    LongBound: "^[a-z0-9-]{1,2048}$" on "a-resource-name-that-is-long-enough-to-count-0123456789";
    // Look-arounds (which the engine before aws-op-pattern did not compile).
    GuardedTag: r"^(?=.{1,64}$)(?!aws:)[\p{L}\p{N}_.:/=+\-@]+$" on "Environment";
}

criterion_group!(benches, patterns);
criterion_main!(benches);
