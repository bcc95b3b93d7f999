//! The endpoint library's `RegionPattern` against the regular expressions it replaces.

use aws_client_core::endpoint::RegionPattern;

/// `RegionPattern` agrees with the regular expressions of the partition data it replaces.
#[test]
fn region_patterns_match_like_their_regexes() {
    let patterns = [
        (
            r"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$",
            &["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx"][..],
        ),
        (r"^us\-gov\-\w+\-\d+$", &["us-gov"][..]),
        (r"^cn\-\w+\-\d+$", &["cn"][..]),
        (r"^us\-isob\-\w+\-\d+$", &["us-isob"][..]),
        (r"^eusc\-(de)\-\w+\-\d+$", &["eusc-de"][..]),
    ];
    let regions = [
        "us-east-1",
        "eu-west-3",
        "ap-southeast-12",
        "us-gov-west-1",
        "cn-north-1",
        "us-isob-east-1",
        "eusc-de-east-1",
        "us-east-1a",
        "us-east-",
        "us--1",
        "us-east",
        "useast-1",
        "us-east-1-",
        "xus-east-1",
        "us-east_x-1",
        "us-ÿ-1",
        "us-east-١",
        "US-EAST-1",
        "us-gov-1",
        "eusc-de-x-2",
        "",
        "-",
        "us",
        "mx-central-1",
        "il-central-1",
        "aws-global",
        "us-iso-east-1",
    ];
    for (regex, prefixes) in patterns {
        let pattern = RegionPattern { regex, prefixes };
        let re = regex_lite::Regex::new(regex).unwrap();
        for region in regions {
            assert_eq!(
                pattern.matches(region),
                re.is_match(region),
                "{regex} {region}"
            );
        }
    }
}
