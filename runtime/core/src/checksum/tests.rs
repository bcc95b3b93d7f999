//! Known answers of every algorithm (the catalogue check values of "123456789", and the empty
//! input), the header form, the request plan, the aws-chunked framing and response validation.

use super::algorithm::{Hasher, checksum_base64};
use super::*;
use http::{HeaderName, HeaderValue};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn digest(algorithm: Algorithm, data: &[u8]) -> String {
    let mut hasher = Hasher::new(algorithm);
    // Split updates must give the one-shot answer.
    let (a, b) = data.split_at(data.len() / 2);
    hasher.update(a);
    hasher.update(b);
    hex(&hasher.finish().unwrap())
}

#[test]
fn check_values_of_123456789() {
    let input = b"123456789";
    assert_eq!(digest(Algorithm::Crc32, input), "cbf43926");
    assert_eq!(digest(Algorithm::Crc32c, input), "e3069283");
    assert_eq!(digest(Algorithm::Crc64Nvme, input), "ae8b14860a799888");
    assert_eq!(
        digest(Algorithm::Sha1, input),
        "f7c3bc1d808e04732adf679965ccc34ca7ae3441"
    );
    assert_eq!(
        digest(Algorithm::Sha256, input),
        "15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225"
    );
}

#[test]
fn empty_input() {
    assert_eq!(digest(Algorithm::Crc32, b""), "00000000");
    assert_eq!(digest(Algorithm::Crc32c, b""), "00000000");
    assert_eq!(digest(Algorithm::Crc64Nvme, b""), "0000000000000000");
    assert_eq!(
        digest(Algorithm::Sha1, b""),
        "da39a3ee5e6b4b0d3255bfef95601890afd80709"
    );
    assert_eq!(
        digest(Algorithm::Sha256, b""),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
}

#[test]
fn header_values_are_base64_of_the_big_endian_digest() {
    // 0xcbf43926 -> cb f4 39 26.
    assert_eq!(
        checksum_base64(Algorithm::Crc32, b"123456789").unwrap(),
        "y/Q5Jg=="
    );
    assert_eq!(
        checksum_base64(Algorithm::Crc32, b"Hello world").unwrap(),
        "i9aeUg=="
    );
    for algorithm in Algorithm::PRIORITY {
        assert_eq!(
            checksum_base64(algorithm, b"abc").unwrap().len(),
            algorithm.encoded_len(),
            "{algorithm}"
        );
    }
}

const PUT: OperationChecksum = OperationChecksum {
    request_algorithm_header: Some("x-amz-sdk-checksum-algorithm"),
    request_checksum_required: false,
    response_validation_header: None,
    response_algorithms: &[],
};

fn headers(pairs: &[(&str, &str)]) -> Vec<(HeaderName, HeaderValue)> {
    pairs
        .iter()
        .map(|(n, v)| {
            (
                HeaderName::from_bytes(n.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            )
        })
        .collect()
}

fn names(headers: &[(HeaderName, HeaderValue)]) -> Vec<String> {
    headers
        .iter()
        .map(|(n, v)| format!("{n}: {}", v.to_str().unwrap()))
        .collect()
}

#[test]
fn plan_defaults_to_crc32_when_supported_only() {
    let mut h = Vec::new();
    let p = plan(&PUT, &Settings::default(), &mut h, b"123456789", false).unwrap();
    assert_eq!(p.trailer, None);
    assert_eq!(
        names(&h),
        [
            "x-amz-sdk-checksum-algorithm: CRC32",
            "x-amz-checksum-crc32: y/Q5Jg=="
        ]
    );

    let when_required = Settings {
        request: RequestChecksumCalculation::WhenRequired,
        ..Settings::default()
    };
    let mut h = Vec::new();
    plan(&PUT, &when_required, &mut h, b"x", false).unwrap();
    assert!(h.is_empty(), "{h:?}");

    let required = OperationChecksum {
        request_checksum_required: true,
        ..PUT
    };
    let mut h = Vec::new();
    plan(&required, &when_required, &mut h, b"123456789", false).unwrap();
    assert_eq!(names(&h).len(), 2);
}

#[test]
fn plan_uses_the_chosen_algorithm_and_respects_supplied_checksums() {
    let mut h = headers(&[("x-amz-sdk-checksum-algorithm", "SHA256")]);
    plan(&PUT, &Settings::default(), &mut h, b"", false).unwrap();
    assert_eq!(
        names(&h)[1],
        "x-amz-checksum-sha256: 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
    );

    let mut h = headers(&[("x-amz-checksum-crc32c", "AAAAAA==")]);
    plan(&PUT, &Settings::default(), &mut h, b"abc", false).unwrap();
    assert_eq!(names(&h), ["x-amz-checksum-crc32c: AAAAAA=="]);

    let mut h = headers(&[("x-amz-sdk-checksum-algorithm", "XXHASH64")]);
    let e = plan(&PUT, &Settings::default(), &mut h, b"", false).unwrap_err();
    assert!(
        e.to_string().contains("\"XXHASH64\" is not supported"),
        "{e}"
    );

    let mut h = headers(&[("x-amz-sdk-checksum-algorithm", "crc32c")]);
    let p = plan(&PUT, &Settings::default(), &mut h, b"", true).unwrap();
    assert_eq!(p.trailer, Some(Algorithm::Crc32c));
    assert_eq!(h.len(), 1, "a stream's checksum goes in the trailer");
}

#[test]
fn plan_enables_response_validation_per_setting() {
    let get = OperationChecksum {
        request_algorithm_header: None,
        request_checksum_required: false,
        response_validation_header: Some("x-amz-checksum-mode"),
        response_algorithms: &[Algorithm::Crc32],
    };
    let mut h = Vec::new();
    let p = plan(&get, &Settings::default(), &mut h, b"", false).unwrap();
    assert!(p.validate_response);
    assert_eq!(names(&h), ["x-amz-checksum-mode: ENABLED"]);

    let when_required = Settings {
        response: ResponseChecksumValidation::WhenRequired,
        ..Settings::default()
    };
    let mut h = Vec::new();
    let p = plan(&get, &when_required, &mut h, b"", false).unwrap();
    assert!(!p.validate_response);
    assert!(h.is_empty());

    let mut h = headers(&[("x-amz-checksum-mode", "ENABLED")]);
    let p = plan(&get, &when_required, &mut h, b"", false).unwrap();
    assert!(p.validate_response);
}

/// Decodes an aws-chunked body: the payload and the trailer lines.
fn decode_chunked(mut body: &[u8]) -> (Vec<u8>, Vec<String>, Vec<usize>) {
    let mut payload = Vec::new();
    let mut sizes = Vec::new();
    loop {
        let end = body.windows(2).position(|w| w == b"\r\n").unwrap();
        let size = usize::from_str_radix(std::str::from_utf8(&body[..end]).unwrap(), 16).unwrap();
        body = &body[end + 2..];
        if size == 0 {
            break;
        }
        sizes.push(size);
        payload.extend_from_slice(&body[..size]);
        assert_eq!(&body[size..size + 2], b"\r\n");
        body = &body[size + 2..];
    }
    let text = std::str::from_utf8(body).unwrap();
    assert!(text.ends_with("\r\n\r\n"), "{text:?}");
    let trailers = text[..text.len() - 4]
        .split("\r\n")
        .map(str::to_owned)
        .collect();
    (payload, trailers, sizes)
}

/// A body of `data` in pieces of `piece` bytes, read as a stream (not in memory).
struct Pieces(std::collections::VecDeque<bytes::Bytes>);

impl http_body::Body for Pieces {
    type Data = bytes::Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<bytes::Bytes>, Self::Error>>> {
        std::task::Poll::Ready(
            self.get_mut()
                .0
                .pop_front()
                .map(|b| Ok(http_body::Frame::data(b))),
        )
    }
}

fn stream_of(data: Vec<u8>, piece: usize) -> smithy_types_runtime::ByteStream {
    let pieces = data
        .chunks(piece)
        .map(bytes::Bytes::copy_from_slice)
        .collect();
    smithy_types_runtime::ByteStream::from_body(Pieces(pieces))
}

#[tokio::test]
async fn aws_chunked_frames_the_payload_and_trails_the_checksum() {
    use http_body_util::BodyExt;
    for (len, piece) in [
        (0usize, 1usize),
        (9, 4),
        (200_000, 7_000),
        (131_072, 65_536),
    ] {
        let data: Vec<u8> = (0..len).map(|i| (i * 31 % 251) as u8).collect();
        let body =
            AwsChunkedBody::new(stream_of(data.clone(), piece), Algorithm::Crc32, len as u64);
        let expected_len = http_body::Body::size_hint(&body).exact().unwrap();
        let encoded = body.collect().await.unwrap().to_bytes();
        assert_eq!(encoded.len() as u64, expected_len, "length {len}");
        let (payload, trailers, sizes) = decode_chunked(&encoded);
        assert_eq!(payload, data);
        assert!(sizes.iter().all(|s| *s <= aws_chunked::CHUNK_SIZE));
        assert_eq!(
            trailers,
            [format!(
                "x-amz-checksum-crc32:{}",
                checksum_base64(Algorithm::Crc32, &data).unwrap()
            )]
        );
    }
}

#[tokio::test]
async fn aws_chunked_fails_on_a_length_other_than_declared() {
    use http_body_util::BodyExt;
    let short = AwsChunkedBody::new(stream_of(vec![1; 10], 3), Algorithm::Crc32, 11);
    let e = short.collect().await.unwrap_err();
    assert!(e.to_string().contains("ended after 10 bytes"), "{e}");
    let long = AwsChunkedBody::new(stream_of(vec![1; 10], 3), Algorithm::Crc32, 9);
    let e = long.collect().await.unwrap_err();
    assert!(
        e.to_string()
            .contains("longer than its declared length of 9"),
        "{e}"
    );
}

fn response_headers(pairs: &[(&str, &str)]) -> http::HeaderMap {
    headers(pairs).into_iter().collect()
}

#[test]
fn buffered_validation() {
    let all = &Algorithm::PRIORITY;
    let good = response_headers(&[("x-amz-checksum-crc32", "y/Q5Jg==")]);
    validate_buffered(&good, b"123456789", all).unwrap();
    let e = validate_buffered(&good, b"12345678", all).unwrap_err();
    let mismatch = e.downcast_ref::<ChecksumMismatch>().unwrap();
    assert_eq!(mismatch.algorithm, Algorithm::Crc32);
    assert_eq!(mismatch.expected, "y/Q5Jg==");
    assert!(
        e.to_string()
            .contains("CRC32 (x-amz-checksum-crc32) announced \"y/Q5Jg==\""),
        "{e}"
    );
    // Not an algorithm of the operation: not checked.
    validate_buffered(&good, b"other", &[Algorithm::Sha256]).unwrap();
    // A multipart object's checksum of its parts: skipped.
    let parts = response_headers(&[("x-amz-checksum-crc32", "AAAAAA==-3")]);
    validate_buffered(&parts, b"anything", all).unwrap();
    // No checksum: nothing to check.
    validate_buffered(&http::HeaderMap::new(), b"anything", all).unwrap();
}

#[test]
fn part_level_checksums() {
    assert!(!is_part_level_checksum("abcd=="));
    assert!(!is_part_level_checksum("1234"));
    assert!(is_part_level_checksum("abcd==-12"));
    assert!(!is_part_level_checksum("abcd==-"));
    assert!(!is_part_level_checksum("abcd==--11"));
    assert!(!is_part_level_checksum("abcd==-AA"));
    assert!(!is_part_level_checksum(""));
}

#[tokio::test]
async fn streaming_validation_fails_the_end_of_the_stream() {
    let all = &Algorithm::PRIORITY;
    let good = response_headers(&[("x-amz-checksum-crc32", "y/Q5Jg==")]);
    let ok = validating_stream(&good, stream_of(b"123456789".to_vec(), 2), all);
    assert_eq!(&ok.collect().await.unwrap()[..], b"123456789");
    let mut bad = validating_stream(&good, stream_of(b"123456780".to_vec(), 2), all);
    let mut received = Vec::new();
    let error = loop {
        match bad.next().await {
            Some(Ok(chunk)) => received.extend_from_slice(&chunk),
            Some(Err(e)) => break e,
            None => panic!("a mismatch must fail the stream"),
        }
    };
    assert_eq!(received, b"123456780");
    assert!(error.to_string().contains("checksum mismatch"), "{error}");
}
