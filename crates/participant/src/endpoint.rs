//! Where the service is: a region's endpoint, or a custom URL.
//!
//! [`Endpoint::resolve`] follows the service's endpoint rule set
//! (`connectparticipant-2018-09-07.endpoint-rule-set-1.json`): a region picks a partition, and
//! the partition's DNS suffixes and capabilities give the URL for the standard, FIPS,
//! dual-stack and FIPS + dual-stack variants. Error messages are the rule set's, with the
//! partition named. A custom endpoint is used as given and cannot be
//! combined with FIPS or dual-stack, as the rules say.
//!
//! ```
//! use connect_participant::endpoint::{Endpoint, EndpointOptions};
//! let fips = EndpointOptions { fips: true, ..Default::default() };
//! let endpoint = Endpoint::resolve(Some("us-east-1"), None, fips).unwrap();
//! assert_eq!(endpoint.url(), "https://participant.connect-fips.us-east-1.amazonaws.com");
//! let china = Endpoint::resolve(Some("cn-north-1"), None, Default::default()).unwrap();
//! assert_eq!(china.url(), "https://participant.connect.cn-north-1.amazonaws.com.cn");
//! ```

use crate::error::Error;

/// The base URL of the Participant Service, without a trailing slash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    url: String,
}

/// The endpoint variants the rule set knows (`AWS::UseFIPS`, `AWS::UseDualStack`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EndpointOptions {
    /// Use the FIPS 140 endpoint.
    pub fips: bool,
    /// Use the dual-stack (IPv4 and IPv6) endpoint.
    pub dual_stack: bool,
}

/// An AWS partition as the rule set's `aws.partition` function sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partition {
    /// `aws`, `aws-cn`, `aws-us-gov`, ...
    pub name: &'static str,
    pub dns_suffix: &'static str,
    pub dual_stack_dns_suffix: &'static str,
    pub supports_fips: bool,
    pub supports_dual_stack: bool,
    /// The partition's region-name pattern, `^(prefix)-\w+-\d+$`, as its prefixes.
    region_prefixes: &'static [&'static str],
    /// Region names that belong to the partition without matching its pattern.
    explicit_regions: &'static [&'static str],
}

/// The partitions of the AWS SDKs' `partitions.json`. The first one, `aws`, is also where a
/// region that matches no pattern falls, as `aws.partition` does.
pub const PARTITIONS: &[Partition] = &[
    Partition {
        name: "aws",
        dns_suffix: "amazonaws.com",
        dual_stack_dns_suffix: "api.aws",
        supports_fips: true,
        supports_dual_stack: true,
        region_prefixes: &["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx"],
        explicit_regions: &["aws-global"],
    },
    Partition {
        name: "aws-cn",
        dns_suffix: "amazonaws.com.cn",
        dual_stack_dns_suffix: "api.amazonwebservices.com.cn",
        supports_fips: true,
        supports_dual_stack: true,
        region_prefixes: &["cn"],
        explicit_regions: &["aws-cn-global"],
    },
    Partition {
        name: "aws-us-gov",
        dns_suffix: "amazonaws.com",
        dual_stack_dns_suffix: "api.aws",
        supports_fips: true,
        supports_dual_stack: true,
        region_prefixes: &["us-gov"],
        explicit_regions: &["aws-us-gov-global"],
    },
    Partition {
        name: "aws-iso",
        dns_suffix: "c2s.ic.gov",
        dual_stack_dns_suffix: "c2s.ic.gov",
        supports_fips: true,
        supports_dual_stack: false,
        region_prefixes: &["us-iso"],
        explicit_regions: &["aws-iso-global"],
    },
    Partition {
        name: "aws-iso-b",
        dns_suffix: "sc2s.sgov.gov",
        dual_stack_dns_suffix: "sc2s.sgov.gov",
        supports_fips: true,
        supports_dual_stack: false,
        region_prefixes: &["us-isob"],
        explicit_regions: &["aws-iso-b-global"],
    },
    Partition {
        name: "aws-iso-e",
        dns_suffix: "cloud.adc-e.uk",
        dual_stack_dns_suffix: "cloud.adc-e.uk",
        supports_fips: true,
        supports_dual_stack: false,
        region_prefixes: &["eu-isoe"],
        explicit_regions: &["aws-iso-e-global"],
    },
    Partition {
        name: "aws-iso-f",
        dns_suffix: "csp.hci.ic.gov",
        dual_stack_dns_suffix: "csp.hci.ic.gov",
        supports_fips: true,
        supports_dual_stack: false,
        region_prefixes: &["us-isof"],
        explicit_regions: &["aws-iso-f-global"],
    },
    Partition {
        name: "aws-eusc",
        dns_suffix: "amazonaws.eu",
        dual_stack_dns_suffix: "amazonaws.eu",
        supports_fips: true,
        supports_dual_stack: false,
        region_prefixes: &["eusc-de"],
        explicit_regions: &[],
    },
];

impl Partition {
    /// The partition a region belongs to; `aws` for a name no partition claims.
    pub fn of(region: &str) -> &'static Partition {
        PARTITIONS
            .iter()
            .find(|p| p.explicit_regions.contains(&region))
            .or_else(|| {
                PARTITIONS.iter().find(|p| {
                    p.region_prefixes
                        .iter()
                        .any(|prefix| matches_region_pattern(region, prefix))
                })
            })
            .unwrap_or(&PARTITIONS[0])
    }
}

/// `^{prefix}-\w+-\d+$`.
fn matches_region_pattern(region: &str, prefix: &str) -> bool {
    let Some(rest) = region
        .strip_prefix(prefix)
        .and_then(|r| r.strip_prefix('-'))
    else {
        return false;
    };
    let Some((word, digits)) = rest.split_once('-') else {
        return false;
    };
    !word.is_empty()
        && word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
}

/// A region name must be a DNS label, or it would change the URL's host or path.
fn check_region(region: &str) -> Result<(), Error> {
    if region.is_empty() {
        return Err(Error::invalid(
            "Region",
            "is empty; a region such as us-east-1 is required",
        ));
    }
    let valid = region.len() <= 63
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !region.starts_with('-')
        && !region.ends_with('-');
    if !valid {
        return Err(Error::invalid(
            "Region",
            format!(
                "{region:?} is not a region name (lowercase letters, digits and '-', at most 63 characters)"
            ),
        ));
    }
    Ok(())
}

impl Endpoint {
    /// A custom endpoint (an emulator, a proxy); a trailing `/` is dropped.
    pub fn custom(url: impl Into<String>) -> Endpoint {
        let mut url = url.into();
        while url.ends_with('/') {
            url.pop();
        }
        Endpoint { url }
    }

    /// The standard endpoint of a region, in the region's partition:
    /// `https://participant.connect.{region}.amazonaws.com` for most regions. Use
    /// [`Endpoint::resolve`] to have the region name checked.
    pub fn region(region: &str) -> Endpoint {
        Endpoint {
            url: format!(
                "https://participant.connect.{region}.{}",
                Partition::of(region).dns_suffix
            ),
        }
    }

    /// Resolves an endpoint as the rule set does.
    ///
    /// A custom `endpoint` wins over the region, but may not be combined with FIPS or
    /// dual-stack. Without one, a `region` is required; FIPS or dual-stack in a partition
    /// that lacks them is an error. Errors are [`Error::Invalid`] naming `Endpoint`,
    /// `Region`, `UseFIPS` or `UseDualStack`.
    pub fn resolve(
        region: Option<&str>,
        endpoint: Option<&str>,
        options: EndpointOptions,
    ) -> Result<Endpoint, Error> {
        if let Some(url) = endpoint {
            if options.fips {
                return Err(Error::invalid(
                    "UseFIPS",
                    "Invalid Configuration: FIPS and custom endpoint are not supported",
                ));
            }
            if options.dual_stack {
                return Err(Error::invalid(
                    "UseDualStack",
                    "Invalid Configuration: Dualstack and custom endpoint are not supported",
                ));
            }
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return Err(Error::invalid(
                    "Endpoint",
                    format!("{url:?} is not an http:// or https:// URL"),
                ));
            }
            return Ok(Endpoint::custom(url));
        }
        let Some(region) = region else {
            return Err(Error::invalid(
                "Region",
                "Invalid Configuration: Missing Region",
            ));
        };
        check_region(region)?;
        let p = Partition::of(region);
        let url = match (options.fips, options.dual_stack) {
            (true, true) => {
                if !(p.supports_fips && p.supports_dual_stack) {
                    return Err(Error::invalid(
                        "UseFIPS",
                        format!(
                            "FIPS and DualStack are enabled, but this partition does not support one or both (partition {})",
                            p.name
                        ),
                    ));
                }
                format!(
                    "https://participant.connect-fips.{region}.{}",
                    p.dual_stack_dns_suffix
                )
            }
            (true, false) => {
                if !p.supports_fips {
                    return Err(Error::invalid(
                        "UseFIPS",
                        format!(
                            "FIPS is enabled but this partition does not support FIPS (partition {})",
                            p.name
                        ),
                    ));
                }
                // The rule set's one special case: GovCloud's standard host is FIPS already.
                if p.name == "aws-us-gov" {
                    format!("https://participant.connect.{region}.amazonaws.com")
                } else {
                    format!("https://participant.connect-fips.{region}.{}", p.dns_suffix)
                }
            }
            (false, true) => {
                if !p.supports_dual_stack {
                    return Err(Error::invalid(
                        "UseDualStack",
                        format!(
                            "DualStack is enabled but this partition does not support DualStack (partition {})",
                            p.name
                        ),
                    ));
                }
                format!(
                    "https://participant.connect.{region}.{}",
                    p.dual_stack_dns_suffix
                )
            }
            (false, false) => format!("https://participant.connect.{region}.{}", p.dns_suffix),
        };
        Ok(Endpoint { url })
    }

    /// The base URL.
    pub fn url(&self) -> &str {
        &self.url
    }
}
