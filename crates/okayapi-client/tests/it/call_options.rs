//! Per-call options (`with_options`) reach every request of every operation: each handler's
//! operations, each page of its streams, calls by name ([`Call`]), and the shorthands on
//! `Client`.
//!
//! The table runs every public operation twice against a server that answers a retryable
//! failure: with `RetryPolicy::none()` given per call exactly one request reaches the server;
//! without options the client's policy (3 attempts) applies. Two failures are used: HTTP 503
//! (retried for every request: the server did not act) and OkayAPI's `ret` 5xx under HTTP 200
//! (retried only for what is safe to repeat, so the writes make one request either way).

use std::time::{Duration, Instant};

use futures::FutureExt as _;
use futures::TryStreamExt as _;
use futures::future::BoxFuture;
use httpmock::prelude::*;
use okayapi_client::api::cases::Cases;
use okayapi_client::api::methods::Methods;
use okayapi_client::api::process_data::ProcessData;
use okayapi_client::api::prompts::Prompts;
use okayapi_client::api::reports::Reports;
use okayapi_client::api::robot::Robot;
use okayapi_client::api::usage::Usage;
use okayapi_client::models::{
    JdyyReportDataParams, NrdadanCaseDetailParams, NrkhCaseDetailParams,
    ProductProcureDetailParams, PromptStepsParams, PtjdCaseDetailParams, ReceiveMsgParams,
    ReportPromptsParams, RobotMessage, SaleCaseDetailParams, SaveVarDataParams,
    UseRecordStatisticsParams, VarDatasParams,
};
use okayapi_client::{
    Call, Client, ListMethod, ListResponse, RawData, RequestOptions, Result, RetryPolicy,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::support::{self, envelope, path, quick_retries};

/// Attempts the client makes by default (`support::quick_retries`).
const DEFAULT_ATTEMPTS: usize = 3;

/// The options every row passes: no retries.
fn no_retries() -> RequestOptions {
    RequestOptions::default().with_retry(RetryPolicy::none())
}

/// `with_options(o)` when the row has options, the handler as it is otherwise.
trait Scoped: Sized {
    fn scoped(self, options: &Option<RequestOptions>) -> Self;
}

macro_rules! scoped {
    ($($ty:ty),* $(,)?) => {
        $(impl Scoped for $ty {
            fn scoped(self, options: &Option<RequestOptions>) -> Self {
                match options {
                    Some(options) => self.with_options(options.clone()),
                    None => self,
                }
            }
        })*
    };
}

scoped!(
    Usage<'_>,
    ProcessData<'_>,
    Robot<'_>,
    Cases<'_>,
    Prompts<'_>,
    Reports<'_>,
    Methods<'_>,
    Call<'_>,
);

// ----- a custom list method, for the typed generic operations --------------------------------

/// AListOrders: a custom, safe-to-repeat list method.
#[derive(Debug, Clone, Serialize)]
struct ListOrders {
    page: Option<u32>,
    perpage: Option<u32>,
}

/// Its `data`.
#[derive(Debug, Deserialize)]
struct Orders {
    items: Vec<Value>,
    total: u64,
}

okayapi_client::okayapi_method!(ListOrders => Orders, "AListOrders", safe_to_repeat = true);

impl ListResponse for Orders {
    type Item = Value;
    fn into_page(self) -> (Vec<Value>, Option<u64>) {
        (self.items, Some(self.total))
    }
}

impl ListMethod for ListOrders {
    fn page(&self) -> Option<u32> {
        self.page
    }
    fn perpage(&self) -> Option<u32> {
        self.perpage
    }
    fn with_page(mut self, page: u32, perpage: u32) -> Self {
        self.page = Some(page);
        self.perpage = Some(perpage);
        self
    }
}

fn orders() -> ListOrders {
    ListOrders {
        page: None,
        perpage: Some(2),
    }
}

// ----- the table ---------------------------------------------------------------------------

/// One operation, called without options (`None`) or with them.
type Op = fn(Client, Option<RequestOptions>) -> BoxFuture<'static, Result<()>>;

struct Row {
    /// `<handler file>.<operation>` (`Client.<operation>` for the shorthands on `Client`).
    name: &'static str,
    /// Retried on a `ret` 5xx by default (a read, or a call declared safe to repeat). A write is
    /// deliberately not: the server may have acted, so even the default makes one request.
    safe_to_repeat: bool,
    op: Op,
}

fn message() -> RobotMessage {
    RobotMessage::new().sender_nick("王小明")
}

fn table() -> Vec<Row> {
    vec![
        // usage
        Row {
            name: "usage.statistics",
            safe_to_repeat: true,
            op: |c, o| {
                async move {
                    c.usage()
                        .scoped(&o)
                        .statistics(UseRecordStatisticsParams::new())
                        .await
                        .map(drop)
                }
                .boxed()
            },
        },
        Row {
            name: "usage.statistics_stream",
            safe_to_repeat: true,
            op: |c, o| {
                async move {
                    c.usage()
                        .scoped(&o)
                        .statistics_stream(UseRecordStatisticsParams::new())
                        .try_collect::<Vec<_>>()
                        .await
                        .map(drop)
                }
                .boxed()
            },
        },
        // process_data
        Row {
            name: "process_data.save",
            // A write: a retried create may create the row twice.
            safe_to_repeat: false,
            op: |c, o| {
                async move {
                    c.process_data()
                        .scoped(&o)
                        .save(SaveVarDataParams::new().user_id(10086))
                        .await
                        .map(drop)
                }
                .boxed()
            },
        },
        Row {
            name: "process_data.get",
            safe_to_repeat: true,
            op: |c, o| {
                async move {
                    c.process_data()
                        .scoped(&o)
                        .get(VarDatasParams::new(10086))
                        .await
                        .map(drop)
                }
                .boxed()
            },
        },
        // robot: each stores a record, so none is repeated after the server may have acted.
        Row {
            name: "robot.receive_msg",
            safe_to_repeat: false,
            op: |c, o| {
                async move {
                    c.robot()
                        .scoped(&o)
                        .receive_msg(ReceiveMsgParams::new(message()))
                        .await
                        .map(drop)
                }
                .boxed()
            },
        },
        Row {
            name: "robot.cps_receive_search",
            safe_to_repeat: false,
            op: |c, o| {
                async move {
                    c.robot()
                        .scoped(&o)
                        .cps_receive_search(message())
                        .await
                        .map(drop)
                }
                .boxed()
            },
        },
        Row {
            name: "robot.sale_case_receive_search",
            safe_to_repeat: false,
            op: |c, o| {
                async move {
                    c.robot()
                        .scoped(&o)
                        .sale_case_receive_search(message())
                        .await
                        .map(drop)
                }
                .boxed()
            },
        },
        // cases
        Row {
            name: "cases.nrkh_detail",
            safe_to_repeat: true,
            op: |c, o| {
                async move {
                    c.cases()
                        .scoped(&o)
                        .nrkh_detail(NrkhCaseDetailParams::new())
                        .await
                        .map(drop)
                }
                .boxed()
            },
        },
        Row {
            name: "cases.nrdadan_detail",
            safe_to_repeat: true,
            op: |c, o| {
                async move {
                    c.cases()
                        .scoped(&o)
                        .nrdadan_detail(NrdadanCaseDetailParams::new())
                        .await
                        .map(drop)
                }
                .boxed()
            },
        },
        Row {
            name: "cases.nrdadan_detail_stream",
            safe_to_repeat: true,
            op: |c, o| {
                async move {
                    c.cases()
                        .scoped(&o)
                        .nrdadan_detail_stream(NrdadanCaseDetailParams::new())
                        .try_collect::<Vec<_>>()
                        .await
                        .map(drop)
                }
                .boxed()
            },
        },
        Row {
            name: "cases.ptjd_detail",
            safe_to_repeat: true,
            op: |c, o| {
                async move {
                    c.cases()
                        .scoped(&o)
                        .ptjd_detail(PtjdCaseDetailParams::new())
                        .await
                        .map(drop)
                }
                .boxed()
            },
        },
        Row {
            name: "cases.ptjd_detail_stream",
            safe_to_repeat: true,
            op: |c, o| {
                async move {
                    c.cases()
                        .scoped(&o)
                        .ptjd_detail_stream(PtjdCaseDetailParams::new())
                        .try_collect::<Vec<_>>()
                        .await
                        .map(drop)
                }
                .boxed()
            },
        },
        Row {
            name: "cases.product_procure_detail",
            safe_to_repeat: true,
            op: |c, o| {
                async move {
                    c.cases()
                        .scoped(&o)
                        .product_procure_detail(ProductProcureDetailParams::new())
                        .await
                        .map(drop)
                }
                .boxed()
            },
        },
        Row {
            name: "cases.product_procure_detail_stream",
            safe_to_repeat: true,
            op: |c, o| {
                async move {
                    c.cases()
                        .scoped(&o)
                        .product_procure_detail_stream(ProductProcureDetailParams::new())
                        .try_collect::<Vec<_>>()
                        .await
                        .map(drop)
                }
                .boxed()
            },
        },
        Row {
            name: "cases.sale_case_detail",
            safe_to_repeat: true,
            op: |c, o| {
                async move {
                    c.cases()
                        .scoped(&o)
                        .sale_case_detail(SaleCaseDetailParams::new())
                        .await
                        .map(drop)
                }
                .boxed()
            },
        },
        Row {
            name: "cases.sale_case_detail_stream",
            safe_to_repeat: true,
            op: |c, o| {
                async move {
                    c.cases()
                        .scoped(&o)
                        .sale_case_detail_stream(SaleCaseDetailParams::new())
                        .try_collect::<Vec<_>>()
                        .await
                        .map(drop)
                }
                .boxed()
            },
        },
        // prompts
        Row {
            name: "prompts.report_prompts",
            safe_to_repeat: true,
            op: |c, o| {
                async move {
                    c.prompts()
                        .scoped(&o)
                        .report_prompts(ReportPromptsParams::new())
                        .await
                        .map(drop)
                }
                .boxed()
            },
        },
        Row {
            name: "prompts.report_prompts_stream",
            safe_to_repeat: true,
            op: |c, o| {
                async move {
                    c.prompts()
                        .scoped(&o)
                        .report_prompts_stream(ReportPromptsParams::new())
                        .try_collect::<Vec<_>>()
                        .await
                        .map(drop)
                }
                .boxed()
            },
        },
        Row {
            name: "prompts.prompt_steps",
            safe_to_repeat: true,
            op: |c, o| {
                async move {
                    c.prompts()
                        .scoped(&o)
                        .prompt_steps(PromptStepsParams::new("1.0"))
                        .await
                        .map(drop)
                }
                .boxed()
            },
        },
        Row {
            name: "prompts.prompt_steps_stream",
            safe_to_repeat: true,
            op: |c, o| {
                async move {
                    c.prompts()
                        .scoped(&o)
                        .prompt_steps_stream(PromptStepsParams::new("1.0"))
                        .try_collect::<Vec<_>>()
                        .await
                        .map(drop)
                }
                .boxed()
            },
        },
        // reports
        Row {
            name: "reports.build_excel",
            // Builds a file: not repeated after the server may have acted.
            safe_to_repeat: false,
            op: |c, o| async move { c.reports().scoped(&o).build_excel().await.map(drop) }.boxed(),
        },
        Row {
            name: "reports.jdyy_report_data",
            safe_to_repeat: true,
            op: |c, o| {
                async move {
                    c.reports()
                        .scoped(&o)
                        .jdyy_report_data(JdyyReportDataParams::new())
                        .await
                        .map(drop)
                }
                .boxed()
            },
        },
        // methods: any method, typed or by name
        Row {
            name: "methods.send",
            safe_to_repeat: true,
            op: |c, o| {
                async move { c.methods().scoped(&o).send(&orders()).await.map(drop) }.boxed()
            },
        },
        Row {
            name: "methods.stream",
            safe_to_repeat: true,
            op: |c, o| {
                async move {
                    c.methods()
                        .scoped(&o)
                        .stream(orders())
                        .try_collect::<Vec<_>>()
                        .await
                        .map(drop)
                }
                .boxed()
            },
        },
        Row {
            name: "methods.call",
            // A call by name is not safe to repeat unless declared so (`Call::safe_to_repeat`).
            safe_to_repeat: false,
            op: |c, o| {
                async move {
                    c.methods()
                        .scoped(&o)
                        .call::<Value>("AEcho", json!({ "n": 1 }))
                        .await
                        .map(drop)
                }
                .boxed()
            },
        },
        Row {
            name: "methods.call_raw",
            // Not safe to repeat, as `methods.call`.
            safe_to_repeat: false,
            op: |c, o| {
                async move { c.methods().scoped(&o).call_raw("AEcho", ()).await.map(drop) }.boxed()
            },
        },
        Row {
            name: "methods.method",
            safe_to_repeat: true,
            op: |c, o| {
                async move {
                    c.methods()
                        .scoped(&o)
                        .method("AEcho")
                        .safe_to_repeat(true)
                        .send::<Value>()
                        .await
                        .map(drop)
                }
                .boxed()
            },
        },
        // Call: options set on the builder itself
        Row {
            name: "Call.send",
            safe_to_repeat: true,
            op: |c, o| {
                async move {
                    c.method("AEcho")
                        .param("n", "1")
                        .safe_to_repeat(true)
                        .scoped(&o)
                        .send::<Value>()
                        .await
                        .map(drop)
                }
                .boxed()
            },
        },
        Row {
            name: "Call.send_raw",
            // Not declared safe to repeat.
            safe_to_repeat: false,
            op: |c, o| {
                async move {
                    c.method("AEcho")
                        .scoped(&o)
                        .send_raw()
                        .await
                        .map(|_: RawData| ())
                }
                .boxed()
            },
        },
        // The shorthands on `Client` take no options: with options, the row goes through
        // `client.methods().with_options(…)`, which they stand for.
        Row {
            name: "Client.send",
            safe_to_repeat: true,
            op: |c, o| {
                async move {
                    match o {
                        None => c.send(&orders()).await.map(drop),
                        Some(o) => c.methods().with_options(o).send(&orders()).await.map(drop),
                    }
                }
                .boxed()
            },
        },
        Row {
            name: "Client.stream",
            safe_to_repeat: true,
            op: |c, o| {
                async move {
                    let stream = match o {
                        None => c.stream(orders()),
                        Some(o) => c.methods().with_options(o).stream(orders()),
                    };
                    stream.try_collect::<Vec<_>>().await.map(drop)
                }
                .boxed()
            },
        },
        Row {
            name: "Client.call",
            safe_to_repeat: false,
            op: |c, o| {
                async move {
                    match o {
                        None => c.call::<Value>("AEcho", ()).await.map(drop),
                        Some(o) => {
                            let methods = c.methods().with_options(o);
                            methods.call::<Value>("AEcho", ()).await.map(drop)
                        }
                    }
                }
                .boxed()
            },
        },
        Row {
            name: "Client.call_raw",
            safe_to_repeat: false,
            op: |c, o| {
                async move {
                    match o {
                        None => c.call_raw("AEcho", ()).await.map(drop),
                        Some(o) => {
                            let methods = c.methods().with_options(o);
                            methods.call_raw("AEcho", ()).await.map(drop)
                        }
                    }
                }
                .boxed()
            },
        },
        Row {
            name: "Client.method",
            safe_to_repeat: true,
            op: |c, o| {
                async move {
                    c.method("AEcho")
                        .safe_to_repeat(true)
                        .scoped(&o)
                        .send::<Value>()
                        .await
                        .map(drop)
                }
                .boxed()
            },
        },
    ]
}

/// The requests `op` makes against `server`, and its error (it must fail).
async fn requests_made(
    server: &MockServer,
    mock: &httpmock::Mock<'_>,
    op: Op,
    options: Option<RequestOptions>,
) -> (usize, okayapi_client::Error) {
    let before = mock.calls_async().await;
    let result = op(support::client(server), options).await;
    let made = mock.calls_async().await - before;
    match result {
        Ok(()) => panic!("the call succeeded against a failing server"),
        Err(error) => (made, error),
    }
}

#[tokio::test]
async fn per_call_options_reach_every_operation_on_an_http_503() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST);
            then.status(503).body("Service Unavailable");
        })
        .await;
    for row in table() {
        // HTTP 503 says the server did not act: every request is retried by default, writes too.
        let (made, error) = requests_made(&server, &mock, row.op, None).await;
        assert_eq!(
            made, DEFAULT_ATTEMPTS,
            "{} without options: {error}",
            row.name
        );
        let (made, error) = requests_made(&server, &mock, row.op, Some(no_retries())).await;
        assert_eq!(made, 1, "{} with RetryPolicy::none(): {error}", row.name);
        assert_eq!(
            error.status().map(|s| s.as_u16()),
            Some(503),
            "{}: {error}",
            row.name
        );
    }
}

#[tokio::test]
async fn per_call_options_reach_every_operation_on_a_retryable_ret() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST);
            then.status(200)
                .body(r#"{"ret":503,"data":{},"msg":"服务繁忙"}"#);
        })
        .await;
    for row in table() {
        let (made, error) = requests_made(&server, &mock, row.op, None).await;
        let expected = if row.safe_to_repeat {
            DEFAULT_ATTEMPTS
        } else {
            // Deliberately never retried on a ret 5xx: the server may have acted.
            1
        };
        assert_eq!(made, expected, "{} without options: {error}", row.name);
        let (made, error) = requests_made(&server, &mock, row.op, Some(no_retries())).await;
        assert_eq!(made, 1, "{} with RetryPolicy::none(): {error}", row.name);
        assert_eq!(
            error.vendor_code().map(|c| c.to_string()).as_deref(),
            Some("503"),
            "{}: {error}",
            row.name
        );
    }
}

/// The public operations of `source` (a handler file): `pub fn` / `pub async fn` names but
/// `with_options`.
fn operations_of(source: &str) -> Vec<String> {
    source
        .lines()
        .filter_map(|line| {
            let line = line.trim_start();
            let rest = line
                .strip_prefix("pub async fn ")
                .or_else(|| line.strip_prefix("pub fn "))?;
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            (name != "with_options").then_some(name)
        })
        .collect()
}

#[test]
fn the_table_has_a_row_for_every_public_operation() {
    let files = [
        ("usage", include_str!("../../src/api/usage.rs")),
        (
            "process_data",
            include_str!("../../src/api/process_data.rs"),
        ),
        ("robot", include_str!("../../src/api/robot.rs")),
        ("cases", include_str!("../../src/api/cases.rs")),
        ("prompts", include_str!("../../src/api/prompts.rs")),
        ("reports", include_str!("../../src/api/reports.rs")),
        ("methods", include_str!("../../src/api/methods.rs")),
        ("Call", include_str!("../../src/call.rs")),
    ];
    let rows: Vec<&str> = table().iter().map(|row| row.name).collect();
    let mut expected = Vec::new();
    for (prefix, source) in files {
        let ops = operations_of(source);
        assert!(!ops.is_empty(), "{prefix}: no operations found");
        for op in ops {
            // `Call`'s setters configure the call; sending it is the operation.
            if prefix == "Call" && !op.starts_with("send") {
                continue;
            }
            expected.push(format!("{prefix}.{op}"));
        }
    }
    // The shorthands on `Client` that send something.
    for op in ["send", "stream", "call", "call_raw", "method"] {
        expected.push(format!("Client.{op}"));
    }
    for name in &expected {
        assert!(rows.contains(&name.as_str()), "no row for {name}");
    }
    assert_eq!(rows.len(), expected.len(), "rows: {rows:?}");
}

#[tokio::test]
async fn options_of_a_handler_carry_into_its_calls_and_the_calls_own_replace_them() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path(path("AEcho"));
            then.status(503);
        })
        .await;
    let client = support::client(&server);
    let methods = client.methods().with_options(no_retries());
    methods
        .method("AEcho")
        .safe_to_repeat(true)
        .send::<Value>()
        .await
        .unwrap_err();
    assert_eq!(mock.calls_async().await, 1, "the handler's options apply");
    methods
        .method("AEcho")
        .safe_to_repeat(true)
        .with_options(RequestOptions::default().with_retry(quick_retries().with_max_attempts(2)))
        .send::<Value>()
        .await
        .unwrap_err();
    assert_eq!(
        mock.calls_async().await,
        3,
        "the call's options replace them"
    );
}

#[tokio::test]
async fn a_per_call_timeout_ends_the_call_long_before_the_client_timeout() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path(path("AAndyUseRecordStatistics"));
            then.status(200)
                .delay(Duration::from_secs(5))
                .body(envelope(r#"{"items":[],"total":0}"#));
        })
        .await;
    let client = support::builder(&server)
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client
        .usage()
        .with_options(RequestOptions::default().with_timeout(Duration::from_millis(200)))
        .statistics(UseRecordStatisticsParams::new())
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert!(err.is_timeout(), "{err}");
    assert!(elapsed < Duration::from_secs(3), "took {elapsed:?}");
}

#[tokio::test]
async fn a_per_call_response_cap_applies() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path(path("AGetAndyVarDatas"));
            then.status(200).body(envelope(r#"{"datas":[]}"#));
        })
        .await;
    let client = support::client(&server);
    let capped = client
        .process_data()
        .with_options(RequestOptions::default().with_max_response_bytes(16))
        .get(VarDatasParams::new(10086))
        .await
        .unwrap_err();
    assert!(capped.is_response_too_large(), "{capped}");
    // The same call without the cap succeeds.
    let rows = client
        .process_data()
        .get(VarDatasParams::new(10086))
        .await
        .unwrap();
    assert!(rows.datas.is_empty());
}

#[tokio::test]
async fn a_streams_options_apply_to_its_second_pages_request() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(path("AAndyUseRecordStatistics"))
                .body_prefix("page=1&perpage=2&");
            then.status(200).body(envelope(
                r#"{"items":[{"user_dd_nick":"a"},{"user_dd_nick":"b"}],"total":4}"#,
            ));
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(path("AAndyUseRecordStatistics"))
                .body_prefix("page=2&perpage=2&");
            then.status(503);
        })
        .await;
    let client = support::client(&server);
    let usage = client.usage().with_options(no_retries());
    let mut stream = usage.statistics_stream(UseRecordStatisticsParams::new().perpage(2));
    let mut nicks = Vec::new();
    let err = loop {
        match stream.try_next().await {
            Ok(Some(record)) => nicks.push(record.user_dd_nick.unwrap_or_default()),
            Ok(None) => panic!("the stream ended without the second page's error"),
            Err(err) => break err,
        }
    };
    assert_eq!(nicks, ["a", "b"]);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503), "{err}");
    assert_eq!(first.calls_async().await, 1);
    assert_eq!(
        second.calls_async().await,
        1,
        "page 2 was sent without retries"
    );

    // Without options, page 2 is retried by the client's policy.
    let err = client
        .usage()
        .statistics_stream(UseRecordStatisticsParams::new().perpage(2))
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503), "{err}");
    assert_eq!(first.calls_async().await, 2);
    assert_eq!(second.calls_async().await, 1 + DEFAULT_ATTEMPTS);
}
