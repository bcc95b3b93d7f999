//! `YYYYMMDDTHHMMSSZ` formatting without a date crate.

use super::{ErrorKind, SigningError};
use std::time::{SystemTime, UNIX_EPOCH};

/// 10000-01-01T00:00:00Z: the fixed-width format has four year digits.
const END_OF_YEAR_9999: u64 = 253_402_300_800;

/// A signing time formatted once, kept on the stack.
#[derive(Clone, Copy)]
pub(super) struct AmzDate {
    buf: [u8; 16],
}

impl AmzDate {
    pub(super) fn new(time: SystemTime) -> Result<Self, SigningError> {
        let secs = time
            .duration_since(UNIX_EPOCH)
            .map_err(|_| SigningError::new(ErrorKind::TimeOutOfRange))?
            .as_secs();
        if secs >= END_OF_YEAR_9999 {
            return Err(SigningError::new(ErrorKind::TimeOutOfRange));
        }
        let (year, month, day) = civil_from_days(secs / 86_400);
        let of_day = secs % 86_400;
        let mut buf = *b"00000000T000000Z";
        put_digits(&mut buf[0..4], year);
        put_digits(&mut buf[4..6], month);
        put_digits(&mut buf[6..8], day);
        put_digits(&mut buf[9..11], of_day / 3600);
        put_digits(&mut buf[11..13], of_day / 60 % 60);
        put_digits(&mut buf[13..15], of_day % 60);
        Ok(Self { buf })
    }

    /// `YYYYMMDDTHHMMSSZ`, the `x-amz-date` value.
    pub(super) fn date_time(&self) -> &str {
        // Only ASCII digits, `T` and `Z` are ever written.
        std::str::from_utf8(&self.buf).unwrap_or_default()
    }

    /// `YYYYMMDD`, the credential scope's date.
    pub(super) fn date(&self) -> &str {
        &self.date_time()[..8]
    }

    /// `YYYYMMDD` as the key cache stores it.
    pub(super) fn date_bytes(&self) -> &[u8; 8] {
        self.buf.first_chunk().unwrap_or(&[b'0'; 8])
    }
}

fn put_digits(out: &mut [u8], mut value: u64) {
    for slot in out.iter_mut().rev() {
        *slot = b'0' + (value % 10) as u8;
        value /= 10;
    }
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar
/// (Howard Hinnant's `civil_from_days`, for non-negative day counts).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(secs: u64) -> String {
        AmzDate::new(UNIX_EPOCH + Duration::from_secs(secs))
            .unwrap()
            .date_time()
            .to_owned()
    }

    #[test]
    fn formats_known_instants() {
        assert_eq!(at(0), "19700101T000000Z");
        assert_eq!(at(1_440_938_160), "20150830T123600Z");
        assert_eq!(at(951_782_400), "20000229T000000Z");
        assert_eq!(at(1_709_251_199), "20240229T235959Z");
        assert_eq!(at(END_OF_YEAR_9999 - 1), "99991231T235959Z");
    }

    #[test]
    fn ignores_subseconds() {
        let t = UNIX_EPOCH + Duration::from_millis(1_440_938_160_999);
        assert_eq!(AmzDate::new(t).unwrap().date_time(), "20150830T123600Z");
        assert_eq!(AmzDate::new(t).unwrap().date(), "20150830");
    }

    #[test]
    fn rejects_out_of_range() {
        assert!(AmzDate::new(UNIX_EPOCH - Duration::from_secs(1)).is_err());
        assert!(AmzDate::new(UNIX_EPOCH + Duration::from_secs(END_OF_YEAR_9999)).is_err());
    }
}
