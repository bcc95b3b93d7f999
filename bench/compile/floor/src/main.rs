//! `start-import BUCKET KEY`: one SigV4-signed StartImport POST with nothing but the HTTP/TLS
//! stack, serde and ring; static credentials and region from the environment
//! (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, optional `AWS_SESSION_TOKEN`, `AWS_REGION`,
//! optional `AWS_ENDPOINT_URL`). Prints the parsed answer or the error. The floor that
//! bench/compile/ours and bench/compile/aws-sdk are compared with: no project crate.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use ring::{digest, hmac, rand::SecureRandom};
use serde::{Deserialize, Serialize};
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StartImportInput<'a> {
    client_token: &'a str,
    s3_bucket_source: S3BucketSource<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct S3BucketSource<'a> {
    s3_bucket: &'a str,
    s3_key: &'a str,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)] // read through Debug
struct StartImportOutput {
    import_task: Option<ImportTask>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)] // read through Debug
struct ImportTask {
    #[serde(rename = "importID")]
    import_id: Option<String>,
    arn: Option<String>,
    status: Option<String>,
    creation_date_time: Option<String>,
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(bucket), Some(key), None) = (args.next(), args.next(), args.next()) else {
        eprintln!("usage: start-import BUCKET KEY");
        return ExitCode::from(2);
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    match runtime.block_on(start_import(&bucket, &key)) {
        Ok(output) => {
            println!("{output:#?}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn start_import(bucket: &str, key: &str) -> Result<StartImportOutput, String> {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let access_key = env("AWS_ACCESS_KEY_ID").ok_or("AWS_ACCESS_KEY_ID is not set")?;
    let secret_key = env("AWS_SECRET_ACCESS_KEY").ok_or("AWS_SECRET_ACCESS_KEY is not set")?;
    let session_token = env("AWS_SESSION_TOKEN");
    let region = env("AWS_REGION").unwrap_or_else(|| "us-east-1".to_owned());
    let endpoint =
        env("AWS_ENDPOINT_URL").unwrap_or_else(|| format!("https://mgn.{region}.amazonaws.com"));

    let token = uuid_v4();
    let body = serde_json::to_vec(&StartImportInput {
        client_token: &token,
        s3_bucket_source: S3BucketSource {
            s3_bucket: bucket,
            s3_key: key,
        },
    })
    .map_err(|e| e.to_string())?;
    let uri: http::Uri = format!("{}/StartImport", endpoint.trim_end_matches('/'))
        .parse()
        .map_err(|e: http::uri::InvalidUri| e.to_string())?;
    let host = uri
        .authority()
        .ok_or("the endpoint has no host")?
        .to_string();

    // SigV4: https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
    let (date, amz_date) = timestamps(SystemTime::now());
    let mut headers = vec![
        ("content-type", "application/json".to_owned()),
        ("host", host),
        ("x-amz-date", amz_date.clone()),
    ];
    if let Some(token) = &session_token {
        headers.push(("x-amz-security-token", token.clone()));
    }
    let signed_headers = headers
        .iter()
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(";");
    let canonical_headers: String = headers
        .iter()
        .map(|(n, v)| format!("{n}:{}\n", v.trim()))
        .collect();
    let canonical_request = format!(
        "POST\n/StartImport\n\n{canonical_headers}\n{signed_headers}\n{}",
        hex(digest::digest(&digest::SHA256, &body).as_ref())
    );
    let scope = format!("{date}/{region}/mgn/aws4_request");
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
        hex(digest::digest(&digest::SHA256, canonical_request.as_bytes()).as_ref())
    );
    let mut signing_key = format!("AWS4{secret_key}").into_bytes();
    for part in [date.as_str(), region.as_str(), "mgn", "aws4_request"] {
        signing_key = hmac::sign(
            &hmac::Key::new(hmac::HMAC_SHA256, &signing_key),
            part.as_bytes(),
        )
        .as_ref()
        .to_vec();
    }
    let signature = hmac::sign(
        &hmac::Key::new(hmac::HMAC_SHA256, &signing_key),
        string_to_sign.as_bytes(),
    );
    let authorization = format!(
        "AWS4-HMAC-SHA256 Credential={access_key}/{scope}, SignedHeaders={signed_headers}, Signature={}",
        hex(signature.as_ref())
    );

    let mut request = http::Request::post(uri);
    for (name, value) in &headers {
        if *name != "host" {
            request = request.header(*name, value);
        }
    }
    let request = request
        .header("authorization", authorization)
        .body(Full::new(Bytes::from(body)))
        .map_err(|e| e.to_string())?;

    let mut http = hyper_util::client::legacy::connect::HttpConnector::new();
    http.enforce_http(false);
    let https = hyper_rustls::HttpsConnectorBuilder::new()
        .with_provider_and_webpki_roots(rustls::crypto::ring::default_provider())
        .map_err(|e| e.to_string())?
        .https_or_http()
        .enable_http1()
        .wrap_connector(http);
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build::<_, Full<Bytes>>(https);
    let response = client.request(request).await.map_err(|e| e.to_string())?;
    let status = response.status();
    let body = response
        .into_body()
        .collect()
        .await
        .map_err(|e| e.to_string())?
        .to_bytes();
    if !status.is_success() {
        return Err(format!("HTTP {status}: {}", String::from_utf8_lossy(&body)));
    }
    serde_json::from_slice(&body).map_err(|e| e.to_string())
}

/// A random (version 4) UUID from ring's system random source.
fn uuid_v4() -> String {
    let mut b = [0u8; 16];
    ring::rand::SystemRandom::new()
        .fill(&mut b)
        .expect("the system random source");
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex(&b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `(YYYYMMDD, YYYYMMDDTHHMMSSZ)` in UTC.
fn timestamps(now: SystemTime) -> (String, String) {
    let secs = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rest) = ((secs / 86_400) as i64, secs % 86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let date = format!("{year:04}{month:02}{day:02}");
    let time = format!(
        "{date}T{:02}{:02}{:02}Z",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    );
    (date, time)
}
