/// An instant in time: whole seconds since 1970-01-01T00:00:00Z plus a sub-second part.
///
/// The Smithy `timestamp` type. The sub-second part is always below one second, so negative
/// instants count down in `secs` and up in `subsec_nanos`: half a second before the epoch is
/// `secs() == -1`, `subsec_nanos() == 500_000_000`. `Display` writes RFC 3339 in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct DateTime {
    secs: i64,
    nanos: u32,
}

const NANOS_PER_SEC: u32 = 1_000_000_000;
const SECS_PER_DAY: i64 = 86_400;
const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl DateTime {
    /// The instant `secs` whole seconds after (or, if negative, before) the Unix epoch.
    pub const fn from_secs(secs: i64) -> Self {
        Self { secs, nanos: 0 }
    }

    /// The instant `secs` seconds plus `nanos` nanoseconds after the Unix epoch.
    ///
    /// `nanos` of a second or more carry into the seconds (saturating at the largest instant).
    pub const fn from_secs_and_nanos(secs: i64, nanos: u32) -> Self {
        Self {
            secs: secs.saturating_add((nanos / NANOS_PER_SEC) as i64),
            nanos: nanos % NANOS_PER_SEC,
        }
    }

    /// Whole seconds since the Unix epoch, rounded towards negative infinity.
    pub const fn secs(&self) -> i64 {
        self.secs
    }

    /// The nanoseconds past [`secs`](Self::secs), always below 1,000,000,000.
    pub const fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// The UTC calendar fields of this instant.
    fn civil(&self) -> Civil {
        let days = self.secs.div_euclid(SECS_PER_DAY);
        let secs_of_day = self.secs.rem_euclid(SECS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        Civil {
            year,
            month,
            day,
            // 1970-01-01 was a Thursday (index 3 from Monday).
            weekday: (days + 3).rem_euclid(7) as usize,
            hour: (secs_of_day / 3600) as u32,
            minute: (secs_of_day / 60 % 60) as u32,
            second: (secs_of_day % 60) as u32,
        }
    }
}

impl ::core::convert::From<::std::time::SystemTime> for DateTime {
    /// Converts a system time, saturating at the range of `i64` seconds.
    fn from(time: ::std::time::SystemTime) -> Self {
        match time.duration_since(::std::time::UNIX_EPOCH) {
            Ok(after) => Self {
                secs: i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
                nanos: after.subsec_nanos(),
            },
            Err(before) => {
                let before = before.duration();
                let secs = i64::try_from(before.as_secs()).map_or(i64::MIN, |secs| -secs);
                match before.subsec_nanos() {
                    0 => Self { secs, nanos: 0 },
                    nanos => Self {
                        secs: secs.saturating_sub(1),
                        nanos: NANOS_PER_SEC - nanos,
                    },
                }
            }
        }
    }
}

impl ::core::convert::TryFrom<DateTime> for ::std::time::SystemTime {
    type Error = OutOfRangeError;

    fn try_from(value: DateTime) -> ::core::result::Result<Self, OutOfRangeError> {
        let epoch = ::std::time::UNIX_EPOCH;
        let time = if value.secs >= 0 {
            epoch.checked_add(::std::time::Duration::new(
                value.secs.unsigned_abs(),
                value.nanos,
            ))
        } else {
            epoch
                .checked_sub(::std::time::Duration::from_secs(value.secs.unsigned_abs()))
                .and_then(|time| {
                    time.checked_add(::std::time::Duration::from_nanos(u64::from(value.nanos)))
                })
        };
        time.ok_or(OutOfRangeError { value })
    }
}

/// The error of converting a [`DateTime`] the platform's `SystemTime` cannot represent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutOfRangeError {
    value: DateTime,
}

impl ::core::fmt::Display for OutOfRangeError {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        write!(
            f,
            "timestamp {} is out of the range of SystemTime",
            self.value
        )
    }
}

impl ::std::error::Error for OutOfRangeError {}

impl ::core::fmt::Display for DateTime {
    /// RFC 3339 in UTC, e.g. `2019-12-16T23:48:18Z` or `1985-04-12T23:20:50.52Z`. Years
    /// outside 0000-9999 get a sign and as many digits as they need.
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let c = self.civil();
        if (0..=9999).contains(&c.year) {
            write!(f, "{:04}", c.year)?;
        } else {
            write!(f, "{:+05}", c.year)?;
        }
        write!(
            f,
            "-{:02}-{:02}T{:02}:{:02}:{:02}",
            c.month, c.day, c.hour, c.minute, c.second
        )?;
        write_fraction(f, self.nanos)?;
        f.write_str("Z")
    }
}

/// Writes `.` and the nanoseconds without trailing zeros, or nothing when they are zero.
fn write_fraction(f: &mut ::core::fmt::Formatter<'_>, nanos: u32) -> ::core::fmt::Result {
    if nanos == 0 {
        return Ok(());
    }
    let (mut digits, mut width) = (nanos, 9);
    // Drop trailing zeros; `nanos` is non-zero, so this stops.
    while digits / 10 * 10 == digits {
        digits /= 10;
        width -= 1;
    }
    write!(f, ".{digits:0width$}")
}

/// The UTC calendar fields of a [`DateTime`].
struct Civil {
    year: i64,
    month: u32,
    day: u32,
    weekday: usize,
    hour: u32,
    minute: u32,
    second: u32,
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    // Months counted from March, so the leap day is the last day of the year.
    let day_of_year = (153 * ((i64::from(month) + 9) % 12) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's
/// `civil_from_days`); the inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_from_march + 2) / 5 + 1) as u32;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    } as u32;
    let year = year_of_era + era * 400;
    (if month <= 2 { year + 1 } else { year }, month, day)
}

fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Seconds since the epoch of UTC calendar fields, rejecting dates and times that do not exist.
fn from_fields(
    year: u32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
) -> ::core::result::Result<i64, ::std::string::String> {
    let year = i64::from(year);
    if !(1..=12).contains(&month) {
        return Err(::std::format!("month {month} is not 1-12"));
    }
    if day == 0 || day > days_in_month(year, month) {
        return Err(::std::format!(
            "day {day} does not exist in {year:04}-{month:02}"
        ));
    }
    if hour > 23 {
        return Err(::std::format!("hour {hour} is not 00-23"));
    }
    if minute > 59 {
        return Err(::std::format!("minute {minute} is not 00-59"));
    }
    if second == 60 {
        // A leap second has no distinct Unix time; refusing it beats silently shifting it.
        return Err("leap second 60 is not supported".into());
    }
    if second > 59 {
        return Err(::std::format!("second {second} is not 00-59"));
    }
    Ok(days_from_civil(year, month, day) * SECS_PER_DAY
        + i64::from(hour * 3600 + minute * 60 + second))
}

/// A forward-only reader over the bytes of a timestamp string; every method returns `None`
/// instead of reading past the end.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    /// Reads exactly `n` (at most 9) ASCII digits as a number.
    fn digits(&mut self, n: usize) -> ::core::option::Option<u32> {
        let digits = self.bytes.get(self.pos..self.pos + n)?;
        let mut value = 0u32;
        for &b in digits {
            if !b.is_ascii_digit() {
                return None;
            }
            value = value * 10 + u32::from(b - b'0');
        }
        self.pos += n;
        Some(value)
    }

    /// Reads the byte `expected`.
    fn byte(&mut self, expected: u8) -> ::core::option::Option<()> {
        self.bytes
            .get(self.pos)
            .is_some_and(|&b| b == expected)
            .then(|| self.pos += 1)
    }

    /// Reads any one of `choices` and returns it.
    fn one_of(&mut self, choices: &[u8]) -> ::core::option::Option<u8> {
        let b = *self.bytes.get(self.pos)?;
        choices.contains(&b).then(|| {
            self.pos += 1;
            b
        })
    }

    /// Reads `n` bytes and returns the position of the first entry of `names` they equal.
    fn name(&mut self, names: &[&str], n: usize) -> ::core::option::Option<usize> {
        let text = self.bytes.get(self.pos..self.pos + n)?;
        let index = names.iter().position(|name| name.as_bytes() == text)?;
        self.pos += n;
        Some(index)
    }

    /// Reads optional fractional seconds (`.` and at least one digit) as nanoseconds; digits
    /// past the ninth are checked and dropped.
    fn fraction(&mut self) -> ::core::option::Option<u32> {
        if self.byte(b'.').is_none() {
            return Some(0);
        }
        let (mut nanos, mut count) = (0u32, 0usize);
        while let Some(&b) = self.bytes.get(self.pos) {
            if !b.is_ascii_digit() {
                break;
            }
            if count < 9 {
                nanos = nanos * 10 + u32::from(b - b'0');
            }
            count += 1;
            self.pos += 1;
        }
        if count == 0 {
            return None;
        }
        for _ in count..9 {
            nanos *= 10;
        }
        Some(nanos)
    }

    fn at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }
}

/// Parses an RFC 3339 date-time such as `2019-12-16T23:48:18Z`, `1985-04-12T23:20:50.52Z`
/// or `1996-12-19T16:39:57-08:00`.
fn parse_date_time(input: &str) -> ::core::result::Result<DateTime, ::std::string::String> {
    let syntax = || {
        ::std::format!(
            "invalid date-time {input:?}: expected RFC 3339 such as 2019-12-16T23:48:18Z"
        )
    };
    let mut c = Cursor {
        bytes: input.as_bytes(),
        pos: 0,
    };
    let fields = (|| {
        let year = c.digits(4)?;
        c.byte(b'-')?;
        let month = c.digits(2)?;
        c.byte(b'-')?;
        let day = c.digits(2)?;
        c.one_of(b"Tt")?;
        let hour = c.digits(2)?;
        c.byte(b':')?;
        let minute = c.digits(2)?;
        c.byte(b':')?;
        Some((year, month, day, hour, minute, c.digits(2)?))
    })();
    let (year, month, day, hour, minute, second) = fields.ok_or_else(syntax)?;
    let nanos = c.fraction().ok_or_else(syntax)?;
    let offset = match c.one_of(b"Zz+-").ok_or_else(syntax)? {
        b'Z' | b'z' => 0,
        sign => {
            let (hours, minutes) = (|| {
                let hours = c.digits(2)?;
                c.byte(b':')?;
                Some((hours, c.digits(2)?))
            })()
            .ok_or_else(syntax)?;
            if hours > 23 || minutes > 59 {
                return Err(::std::format!(
                    "invalid date-time {input:?}: offset {hours:02}:{minutes:02} is out of range"
                ));
            }
            let offset = i64::from(hours * 3600 + minutes * 60);
            if sign == b'-' { -offset } else { offset }
        }
    };
    if !c.at_end() {
        return Err(syntax());
    }
    let local = from_fields(year, month, day, hour, minute, second)
        .map_err(|reason| ::std::format!("invalid date-time {input:?}: {reason}"))?;
    Ok(DateTime {
        secs: local - offset,
        nanos,
    })
}

/// Parses an IMF-fixdate such as `Tue, 29 Apr 2014 18:30:38 GMT`; fractional seconds
/// (`18:30:38.123`) are accepted as some services send them.
fn parse_http_date(input: &str) -> ::core::result::Result<DateTime, ::std::string::String> {
    let syntax = || {
        ::std::format!(
            "invalid http-date {input:?}: expected IMF-fixdate such as Tue, 29 Apr 2014 18:30:38 GMT"
        )
    };
    let mut c = Cursor {
        bytes: input.as_bytes(),
        pos: 0,
    };
    let parsed = (|| {
        let weekday = c.name(&WEEKDAYS, 3)?;
        c.byte(b',')?;
        c.byte(b' ')?;
        let day = c.digits(2)?;
        c.byte(b' ')?;
        let month = c.name(&MONTHS, 3)? as u32 + 1;
        c.byte(b' ')?;
        let year = c.digits(4)?;
        c.byte(b' ')?;
        let hour = c.digits(2)?;
        c.byte(b':')?;
        let minute = c.digits(2)?;
        c.byte(b':')?;
        let second = c.digits(2)?;
        let nanos = c.fraction()?;
        for &b in b" GMT" {
            c.byte(b)?;
        }
        c.at_end()
            .then_some((weekday, year, month, day, hour, minute, second, nanos))
    })();
    let (weekday, year, month, day, hour, minute, second, nanos) = parsed.ok_or_else(syntax)?;
    let secs = from_fields(year, month, day, hour, minute, second)
        .map_err(|reason| ::std::format!("invalid http-date {input:?}: {reason}"))?;
    let value = DateTime { secs, nanos };
    let actual = value.civil().weekday;
    if actual != weekday {
        return Err(::std::format!(
            "invalid http-date {input:?}: {year:04}-{month:02}-{day:02} is a {}, not a {}",
            WEEKDAYS[actual],
            WEEKDAYS[weekday]
        ));
    }
    Ok(value)
}

/// Converts epoch seconds read as a float, rounded to the microsecond: an `f64` holds present-day
/// epoch seconds to about 0.2 µs, so rounding recovers the decimal the sender wrote.
fn from_epoch_f64(value: f64) -> ::core::option::Option<DateTime> {
    // i64::MIN and i64::MAX + 1 as f64; the bounds are exact powers of two.
    const LOW: f64 = -9_223_372_036_854_775_808.0;
    if !value.is_finite() {
        return None;
    }
    let floor = value.floor();
    if !(LOW..-LOW).contains(&floor) {
        return None;
    }
    let mut secs = floor as i64;
    let mut micros = ((value - floor) * 1e6).round() as u32;
    if micros >= 1_000_000 {
        secs = secs.checked_add(1)?;
        micros -= 1_000_000;
    }
    Some(DateTime {
        secs,
        nanos: micros * 1000,
    })
}

/// A wire format of timestamps: the marker types [`EpochSecondsFormat`],
/// [`DateTimeFormat`] and [`HttpDateFormat`].
pub trait Format {
    /// Writes one timestamp in this format.
    fn serialize<S>(value: &DateTime, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
    where
        S: ::serde::Serializer;

    /// Reads one timestamp in this format; `null` reads as the epoch (client error correction).
    fn deserialize<'de, D>(deserializer: D) -> ::core::result::Result<DateTime, D::Error>
    where
        D: ::serde::Deserializer<'de>;
}

/// Seconds since the epoch as a JSON number, e.g. `1515531081` or `1515531081.123`.
pub enum EpochSecondsFormat {}

/// RFC 3339 in a JSON string, e.g. `"2019-12-16T23:48:18Z"`.
pub enum DateTimeFormat {}

/// IMF-fixdate (RFC 7231) in a JSON string, e.g. `"Tue, 29 Apr 2014 18:30:38 GMT"`.
pub enum HttpDateFormat {}

/// The error for a timestamp a text format cannot write (outside the years 0000-9999).
fn year_range_error<E: ::serde::ser::Error>(value: &DateTime, format: &str) -> E {
    E::custom(::std::format!(
        "timestamp {value} cannot be written as {format}: the year must be 0000-9999"
    ))
}

impl Format for EpochSecondsFormat {
    fn serialize<S>(value: &DateTime, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
    where
        S: ::serde::Serializer,
    {
        // Millisecond precision, as the AWS SDKs write.
        let millis = value.nanos / 1_000_000;
        if millis == 0 {
            serializer.serialize_i64(value.secs)
        } else {
            serializer.serialize_f64(value.secs as f64 + f64::from(millis) / 1000.0)
        }
    }

    fn deserialize<'de, D>(deserializer: D) -> ::core::result::Result<DateTime, D::Error>
    where
        D: ::serde::Deserializer<'de>,
    {
        struct Visitor;

        impl ::serde::de::Visitor<'_> for Visitor {
            type Value = DateTime;

            fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str("epoch seconds as a number")
            }

            fn visit_i64<E: ::serde::de::Error>(
                self,
                v: i64,
            ) -> ::core::result::Result<DateTime, E> {
                Ok(DateTime::from_secs(v))
            }

            fn visit_u64<E: ::serde::de::Error>(
                self,
                v: u64,
            ) -> ::core::result::Result<DateTime, E> {
                i64::try_from(v)
                    .map(DateTime::from_secs)
                    .map_err(|_| E::custom(::std::format!("epoch seconds {v} are out of range")))
            }

            fn visit_f64<E: ::serde::de::Error>(
                self,
                v: f64,
            ) -> ::core::result::Result<DateTime, E> {
                from_epoch_f64(v).ok_or_else(|| {
                    E::custom(::std::format!("epoch seconds {v:?} are out of range"))
                })
            }

            fn visit_str<E: ::serde::de::Error>(
                self,
                v: &str,
            ) -> ::core::result::Result<DateTime, E> {
                Err(E::custom(::std::format!(
                    "invalid epoch-seconds timestamp {v:?}: expected a number, not a string"
                )))
            }

            fn visit_unit<E: ::serde::de::Error>(self) -> ::core::result::Result<DateTime, E> {
                Ok(DateTime::default())
            }
        }

        deserializer.deserialize_any(Visitor)
    }
}

impl Format for DateTimeFormat {
    fn serialize<S>(value: &DateTime, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
    where
        S: ::serde::Serializer,
    {
        if !(0..=9999).contains(&value.civil().year) {
            return Err(year_range_error(value, "date-time"));
        }
        serializer.collect_str(value)
    }

    fn deserialize<'de, D>(deserializer: D) -> ::core::result::Result<DateTime, D::Error>
    where
        D: ::serde::Deserializer<'de>,
    {
        deserializer.deserialize_any(TextVisitor {
            expecting: "an RFC 3339 date-time string",
            parse: parse_date_time,
        })
    }
}

impl Format for HttpDateFormat {
    fn serialize<S>(value: &DateTime, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
    where
        S: ::serde::Serializer,
    {
        let c = value.civil();
        if !(0..=9999).contains(&c.year) {
            return Err(year_range_error(value, "http-date"));
        }
        let mut text = ::std::format!(
            "{}, {:02} {} {:04} {:02}:{:02}:{:02}",
            WEEKDAYS[c.weekday],
            c.day,
            MONTHS[c.month as usize - 1],
            c.year,
            c.hour,
            c.minute,
            c.second
        );
        // IMF-fixdate has no fraction; milliseconds are added only when there are some, as the
        // AWS SDKs do, so whole seconds stay standard.
        let millis = value.nanos / 1_000_000;
        if millis != 0 {
            text.push_str(&::std::format!(".{millis:03}"));
        }
        text.push_str(" GMT");
        serializer.serialize_str(&text)
    }

    fn deserialize<'de, D>(deserializer: D) -> ::core::result::Result<DateTime, D::Error>
    where
        D: ::serde::Deserializer<'de>,
    {
        deserializer.deserialize_any(TextVisitor {
            expecting: "an IMF-fixdate string",
            parse: parse_http_date,
        })
    }
}

/// Reads a timestamp written as a string with `parse`; `null` reads as the epoch.
struct TextVisitor {
    expecting: &'static str,
    parse: fn(&str) -> ::core::result::Result<DateTime, ::std::string::String>,
}

impl ::serde::de::Visitor<'_> for TextVisitor {
    type Value = DateTime;

    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: ::serde::de::Error>(self, v: &str) -> ::core::result::Result<DateTime, E> {
        (self.parse)(v).map_err(E::custom)
    }

    fn visit_unit<E: ::serde::de::Error>(self) -> ::core::result::Result<DateTime, E> {
        Ok(DateTime::default())
    }
}

/// A value that the timestamp `with` modules can write and read: [`DateTime`], and `Option`,
/// `Vec` and `HashMap<String, _>` of it nested in any combination. `null` reads as the epoch
/// (or an empty container) unless it is inside an `Option`.
pub trait Timestamp: Sized {
    /// Writes the value with the timestamp format `F`.
    fn serialize_timestamp<F, S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
    where
        F: Format,
        S: ::serde::Serializer;

    /// Reads a value written with the timestamp format `F`.
    fn deserialize_timestamp<'de, F, D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
    where
        F: Format,
        D: ::serde::Deserializer<'de>;
}

impl Timestamp for DateTime {
    fn serialize_timestamp<F, S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
    where
        F: Format,
        S: ::serde::Serializer,
    {
        F::serialize(self, serializer)
    }

    fn deserialize_timestamp<'de, F, D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
    where
        F: Format,
        D: ::serde::Deserializer<'de>,
    {
        F::deserialize(deserializer)
    }
}

/// Lets containers hand their elements to [`Timestamp::serialize_timestamp`].
struct Ser<'a, F, T>(&'a T, ::core::marker::PhantomData<F>);

impl<F: Format, T: Timestamp> ::serde::Serialize for Ser<'_, F, T> {
    fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
    where
        S: ::serde::Serializer,
    {
        self.0.serialize_timestamp::<F, S>(serializer)
    }
}

/// Lets containers read their elements with [`Timestamp::deserialize_timestamp`].
struct De<F, T>(T, ::core::marker::PhantomData<F>);

impl<'de, F: Format, T: Timestamp> ::serde::Deserialize<'de> for De<F, T> {
    fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
    where
        D: ::serde::Deserializer<'de>,
    {
        T::deserialize_timestamp::<F, D>(deserializer)
            .map(|value| De(value, ::core::marker::PhantomData))
    }
}

impl<T: Timestamp> Timestamp for ::core::option::Option<T> {
    fn serialize_timestamp<F, S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
    where
        F: Format,
        S: ::serde::Serializer,
    {
        match self {
            Some(value) => {
                serializer.serialize_some(&Ser::<F, T>(value, ::core::marker::PhantomData))
            }
            None => serializer.serialize_none(),
        }
    }

    fn deserialize_timestamp<'de, F, D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
    where
        F: Format,
        D: ::serde::Deserializer<'de>,
    {
        let value: ::core::option::Option<De<F, T>> =
            ::serde::Deserialize::deserialize(deserializer)?;
        Ok(value.map(|De(value, _)| value))
    }
}

impl<T: Timestamp> Timestamp for ::std::vec::Vec<T> {
    fn serialize_timestamp<F, S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
    where
        F: Format,
        S: ::serde::Serializer,
    {
        serializer.collect_seq(
            self.iter()
                .map(|value| Ser::<F, T>(value, ::core::marker::PhantomData)),
        )
    }

    fn deserialize_timestamp<'de, F, D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
    where
        F: Format,
        D: ::serde::Deserializer<'de>,
    {
        // `null` reads as an empty list (client error correction).
        let value: ::core::option::Option<::std::vec::Vec<De<F, T>>> =
            ::serde::Deserialize::deserialize(deserializer)?;
        Ok(value
            .unwrap_or_default()
            .into_iter()
            .map(|De(value, _)| value)
            .collect())
    }
}

impl<T: Timestamp> Timestamp for ::std::collections::HashMap<::std::string::String, T> {
    fn serialize_timestamp<F, S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
    where
        F: Format,
        S: ::serde::Serializer,
    {
        serializer.collect_map(
            self.iter()
                .map(|(key, value)| (key, Ser::<F, T>(value, ::core::marker::PhantomData))),
        )
    }

    fn deserialize_timestamp<'de, F, D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
    where
        F: Format,
        D: ::serde::Deserializer<'de>,
    {
        // `null` reads as an empty map (client error correction).
        let value: ::core::option::Option<
            ::std::collections::HashMap<::std::string::String, De<F, T>>,
        > = ::serde::Deserialize::deserialize(deserializer)?;
        Ok(value
            .unwrap_or_default()
            .into_iter()
            .map(|(key, De(value, _))| (key, value))
            .collect())
    }
}

/// `#[serde(with = "timestamp::epoch_seconds")]`: seconds since the epoch as a JSON number.
pub mod epoch_seconds {
    /// Writes `value` as epoch seconds.
    pub fn serialize<T, S>(value: &T, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
    where
        T: super::Timestamp,
        S: ::serde::Serializer,
    {
        value.serialize_timestamp::<super::EpochSecondsFormat, S>(serializer)
    }

    /// Reads a value written as epoch seconds.
    pub fn deserialize<'de, T, D>(deserializer: D) -> ::core::result::Result<T, D::Error>
    where
        T: super::Timestamp,
        D: ::serde::Deserializer<'de>,
    {
        T::deserialize_timestamp::<super::EpochSecondsFormat, D>(deserializer)
    }
}

/// `#[serde(with = "timestamp::date_time")]`: RFC 3339 strings.
pub mod date_time {
    /// Writes `value` as RFC 3339 in UTC.
    pub fn serialize<T, S>(value: &T, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
    where
        T: super::Timestamp,
        S: ::serde::Serializer,
    {
        value.serialize_timestamp::<super::DateTimeFormat, S>(serializer)
    }

    /// Reads a value written as RFC 3339, with any UTC offset.
    pub fn deserialize<'de, T, D>(deserializer: D) -> ::core::result::Result<T, D::Error>
    where
        T: super::Timestamp,
        D: ::serde::Deserializer<'de>,
    {
        T::deserialize_timestamp::<super::DateTimeFormat, D>(deserializer)
    }
}

/// `#[serde(with = "timestamp::http_date")]`: IMF-fixdate strings.
pub mod http_date {
    /// Writes `value` as IMF-fixdate.
    pub fn serialize<T, S>(value: &T, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
    where
        T: super::Timestamp,
        S: ::serde::Serializer,
    {
        value.serialize_timestamp::<super::HttpDateFormat, S>(serializer)
    }

    /// Reads a value written as IMF-fixdate.
    pub fn deserialize<'de, T, D>(deserializer: D) -> ::core::result::Result<T, D::Error>
    where
        T: super::Timestamp,
        D: ::serde::Deserializer<'de>,
    {
        T::deserialize_timestamp::<super::HttpDateFormat, D>(deserializer)
    }
}

/// A timestamp format outside JSON: in headers, query strings and labels. Generated crates
/// re-export it as `primitives::DateTimeFormat`, aws-sdk-rust's name, for
/// [`DateTime::to_text`] and [`DateTime::from_text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextFormat {
    /// Seconds since the epoch, e.g. `1515531081` or `1515531081.123`.
    EpochSeconds,
    /// RFC 3339, e.g. `2019-12-16T23:48:18Z`.
    DateTime,
    /// IMF-fixdate, e.g. `Tue, 29 Apr 2014 18:30:38 GMT`.
    HttpDate,
}

impl DateTime {
    /// This instant as text in `format`; an error when the format cannot express it (a text
    /// format outside the years 0000-9999).
    pub fn to_text(
        &self,
        format: TextFormat,
    ) -> ::core::result::Result<::std::string::String, ::std::string::String> {
        let value = match format {
            TextFormat::EpochSeconds => {
                EpochSecondsFormat::serialize(self, ::serde_json::value::Serializer)
            }
            TextFormat::DateTime => {
                DateTimeFormat::serialize(self, ::serde_json::value::Serializer)
            }
            TextFormat::HttpDate => {
                HttpDateFormat::serialize(self, ::serde_json::value::Serializer)
            }
        }
        .map_err(|e| e.to_string())?;
        Ok(match value {
            ::serde_json::Value::String(text) => text,
            other => other.to_string(),
        })
    }

    /// Reads text in `format`; the error names the input.
    pub fn from_text(
        text: &str,
        format: TextFormat,
    ) -> ::core::result::Result<DateTime, ::std::string::String> {
        match format {
            TextFormat::DateTime => parse_date_time(text),
            TextFormat::HttpDate => parse_http_date(text),
            TextFormat::EpochSeconds => {
                let number: ::serde_json::Number = text
                    .trim()
                    .parse()
                    .map_err(|_| ::std::format!("invalid epoch-seconds timestamp {text:?}"))?;
                let value = ::serde_json::Value::Number(number);
                EpochSecondsFormat::deserialize(value).map_err(|e| e.to_string())
            }
        }
    }
}
