//! The floor's SigV4: the least work a SigV4 client must do per call. The signing key (four
//! HMACs over the secret, date, region and service) depends only on the day and the scope, so
//! it is derived once per day and scope and kept, as our runtime and aws-sdk's do; each call
//! hashes its payload, builds the canonical request and the string to sign, and computes one
//! HMAC. The requests it signs have a path and no query that need no encoding (the bench's
//! template), so it does no URI canonicalisation.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use ring::{digest, hmac};

/// Headers aws-sigv4 leaves unsigned by default.
const UNSIGNED: [&str; 4] = [
    "authorization",
    "user-agent",
    "x-amzn-trace-id",
    "transfer-encoding",
];

/// Signs requests with static credentials for one region and service.
pub struct FloorSigner {
    access_key_id: String,
    secret_access_key: String,
    region: String,
    service: String,
    /// The signing key of the last day signed for (`YYYYMMDD`).
    key: Mutex<Option<(String, hmac::Key)>>,
    derivations: AtomicUsize,
}

impl FloorSigner {
    pub fn new(access_key_id: &str, secret_access_key: &str, region: &str, service: &str) -> Self {
        FloorSigner {
            access_key_id: access_key_id.to_owned(),
            secret_access_key: secret_access_key.to_owned(),
            region: region.to_owned(),
            service: service.to_owned(),
            key: Mutex::new(None),
            derivations: AtomicUsize::new(0),
        }
    }

    /// How many times the signing key was derived.
    pub fn derivations(&self) -> usize {
        self.derivations.load(Ordering::Relaxed)
    }

    /// Adds `x-amz-date` and `authorization` to `request`, signed at `now`.
    pub fn sign(&self, request: &mut http::Request<bytes::Bytes>, now: SystemTime) {
        let (date, amz_date) = timestamps(now);
        request.headers_mut().insert(
            "x-amz-date",
            http::HeaderValue::from_str(&amz_date).expect("an ASCII date"),
        );

        let mut headers: Vec<(&str, &[u8])> = request
            .headers()
            .iter()
            .filter(|(name, _)| !UNSIGNED.contains(&name.as_str()))
            .map(|(name, value)| (name.as_str(), value.as_bytes()))
            .collect();
        headers.sort_by(|a, b| a.0.cmp(b.0));
        let mut canonical = Vec::with_capacity(512);
        canonical.extend_from_slice(request.method().as_str().as_bytes());
        canonical.push(b'\n');
        canonical.extend_from_slice(request.uri().path().as_bytes());
        canonical.push(b'\n');
        canonical.extend_from_slice(request.uri().query().unwrap_or_default().as_bytes());
        canonical.push(b'\n');
        let mut signed_headers = String::new();
        for (i, (name, value)) in headers.iter().enumerate() {
            let duplicate = i > 0 && headers[i - 1].0 == *name;
            if duplicate {
                canonical.pop(); // the newline: values of one name are joined with `,`
                canonical.push(b',');
            } else {
                canonical.extend_from_slice(name.as_bytes());
                canonical.push(b':');
                if !signed_headers.is_empty() {
                    signed_headers.push(';');
                }
                signed_headers.push_str(name);
            }
            canonical.extend_from_slice(value.trim_ascii());
            canonical.push(b'\n');
        }
        canonical.push(b'\n');
        canonical.extend_from_slice(signed_headers.as_bytes());
        canonical.push(b'\n');
        canonical.extend_from_slice(
            hex(digest::digest(&digest::SHA256, request.body()).as_ref()).as_bytes(),
        );

        let scope = format!("{date}/{}/{}/aws4_request", self.region, self.service);
        let string_to_sign = format!(
            "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
            hex(digest::digest(&digest::SHA256, &canonical).as_ref())
        );
        let signature = {
            let mut cached = self.key.lock().unwrap_or_else(|e| e.into_inner());
            if cached.as_ref().is_none_or(|(day, _)| *day != date) {
                *cached = Some((date.clone(), self.derive(&date)));
            }
            let (_, key) = cached.as_ref().expect("a key for today");
            hex(hmac::sign(key, string_to_sign.as_bytes()).as_ref())
        };
        let authorization = format!(
            "AWS4-HMAC-SHA256 Credential={}/{scope}, SignedHeaders={signed_headers}, Signature={signature}",
            self.access_key_id
        );
        request.headers_mut().insert(
            "authorization",
            http::HeaderValue::from_str(&authorization).expect("an ASCII authorization"),
        );
    }

    /// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")
    fn derive(&self, date: &str) -> hmac::Key {
        self.derivations.fetch_add(1, Ordering::Relaxed);
        let mut key = format!("AWS4{}", self.secret_access_key).into_bytes();
        for part in [date, &self.region, &self.service, "aws4_request"] {
            key = hmac::sign(&hmac::Key::new(hmac::HMAC_SHA256, &key), part.as_bytes())
                .as_ref()
                .to_vec();
        }
        hmac::Key::new(hmac::HMAC_SHA256, &key)
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
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
        rest % 3600 / 60,
        rest % 60
    );
    (date, time)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    const AKID: &str = "AKIDEXAMPLE";
    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    fn template() -> http::Request<bytes::Bytes> {
        http::Request::builder()
            .method("POST")
            .uri("http://127.0.0.1:8080/StartImport")
            .header("content-type", "application/json")
            .header("content-length", "2")
            .header("host", "127.0.0.1:8080")
            .header("x-amz-user-agent", "floor/0.1")
            .header("user-agent", "not signed")
            .body(bytes::Bytes::from_static(b"{}"))
            .unwrap()
    }

    fn with_aws_sigv4(now: SystemTime) -> http::Request<bytes::Bytes> {
        use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
        let mut request = template();
        let identity = aws_credential_types::Credentials::new(AKID, SECRET, None, None, "t").into();
        let params = aws_sigv4::sign::v4::SigningParams::builder()
            .identity(&identity)
            .region("us-east-1")
            .name("mgn")
            .time(now)
            .settings(SigningSettings::default())
            .build()
            .unwrap()
            .into();
        let uri = request.uri().to_string();
        let signable = SignableRequest::new(
            request.method().as_str(),
            uri.as_str(),
            request
                .headers()
                .iter()
                .map(|(k, v)| (k.as_str(), v.to_str().unwrap())),
            SignableBody::Bytes(request.body()),
        )
        .unwrap();
        let (instructions, _) = sign(signable, &params).unwrap().into_parts();
        instructions.apply_to_request_http1x(&mut request);
        request
    }

    #[test]
    fn signs_as_aws_sigv4_does() {
        let signer = FloorSigner::new(AKID, SECRET, "us-east-1", "mgn");
        for secs in [1_440_938_160, 1_709_251_199, 2_147_483_648] {
            let now = UNIX_EPOCH + Duration::from_secs(secs);
            let mut ours = template();
            signer.sign(&mut ours, now);
            let expected = with_aws_sigv4(now);
            assert_eq!(ours.headers(), expected.headers(), "at {secs}");
        }
    }

    #[test]
    fn derives_the_key_once_per_day() {
        let signer = FloorSigner::new(AKID, SECRET, "us-east-1", "mgn");
        let day = UNIX_EPOCH + Duration::from_secs(1_440_938_160);
        for i in 0..3 {
            signer.sign(&mut template(), day + Duration::from_secs(i));
        }
        assert_eq!(signer.derivations(), 1);
        let next_day = day + Duration::from_secs(86_400);
        let mut request = template();
        signer.sign(&mut request, next_day);
        assert_eq!(signer.derivations(), 2);
        // The new day's key is the one used.
        assert_eq!(request.headers(), with_aws_sigv4(next_day).headers());
    }
}
