//! The `UserFactor` JSON, keys in the recorded order (`test_delete_factor`); `_links` in
//! `java.util.HashMap` order, with the operations the factor's type and status offer.

use super::model::{Factor, FactorKind, FactorStatus};
use crate::json::{Object, map, write_value};

pub(crate) fn write_factor(out: &mut Vec<u8>, factor: &Factor, origin: &str) {
    let mut object = Object::new(out);
    object
        .str("id", &factor.id)
        .str("factorType", factor.kind.factor_type())
        .str("provider", factor.kind.provider())
        .str("vendorName", factor.kind.provider())
        .str("status", factor.status.as_str())
        .time("created", Some(factor.created))
        .time("lastUpdated", Some(factor.last_updated));
    write_value(object.key("profile"), &factor.profile);
    write_links(object.key("_links"), factor, origin);
    object.end();
}

enum Link {
    One(String, &'static [&'static str]),
    /// `resend`: a list of `{name, href, hints}`, one per channel (recorded for SMS).
    Resend(String, &'static str),
}

fn write_links(out: &mut Vec<u8>, factor: &Factor, origin: &str) {
    let user = format!("{origin}/api/v1/users/{}", factor.user_id);
    let own = format!("{user}/factors/{}", factor.id);
    let mut links = Vec::with_capacity(4);
    match factor.status {
        FactorStatus::PendingActivation => {
            if matches!(factor.kind, FactorKind::Sms | FactorKind::Call) {
                let channel = factor.kind.factor_type();
                links.push(("resend", Link::Resend(format!("{own}/resend"), channel)));
            }
            links.push((
                "activate",
                Link::One(format!("{own}/lifecycle/activate"), &["POST"]),
            ));
            links.push(("self", Link::One(own.clone(), &["GET"])));
        }
        FactorStatus::Active => {
            if factor.kind == FactorKind::Question {
                links.push((
                    "questions",
                    Link::One(format!("{user}/factors/questions"), &["GET"]),
                ));
            } else {
                links.push(("verify", Link::One(format!("{own}/verify"), &["POST"])));
            }
            links.push(("self", Link::One(own.clone(), &["GET", "DELETE"])));
        }
    }
    links.push(("user", Link::One(user, &["GET"])));
    map(out, &links, |out, _, link| match link {
        Link::One(href, allow) => write_link(out, None, href, allow),
        Link::Resend(href, channel) => {
            out.push(b'[');
            write_link(out, Some(channel), href, &["POST"]);
            out.push(b']');
        }
    });
}

fn write_link(out: &mut Vec<u8>, name: Option<&str>, href: &str, allow: &[&str]) {
    let mut link = Object::new(out);
    if let Some(name) = name {
        link.str("name", name);
    }
    link.str("href", href).object("hints", |hints| {
        hints.value("allow", allow);
    });
    link.end();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Timestamp;
    use serde_json::json;

    #[test]
    fn a_pending_sms_factor_is_written_as_recorded() {
        // TestFactorsResource.test_delete_factor: the enrolled SMS factor, byte for byte.
        let recorded = r#"{"id":"mblsfdsyb1P5k0Kr54x6","factorType":"sms","provider":"OKTA","vendorName":"OKTA","status":"PENDING_ACTIVATION","created":"2020-08-27T18:15:41.000Z","lastUpdated":"2020-08-27T18:15:41.000Z","profile":{"phoneNumber":"+12345678901"},"_links":{"resend":[{"name":"sms","href":"https://test.okta.com/api/v1/users/00usfahhrdlPEHV1g4x6/factors/mblsfdsyb1P5k0Kr54x6/resend","hints":{"allow":["POST"]}}],"activate":{"href":"https://test.okta.com/api/v1/users/00usfahhrdlPEHV1g4x6/factors/mblsfdsyb1P5k0Kr54x6/lifecycle/activate","hints":{"allow":["POST"]}},"self":{"href":"https://test.okta.com/api/v1/users/00usfahhrdlPEHV1g4x6/factors/mblsfdsyb1P5k0Kr54x6","hints":{"allow":["GET"]}},"user":{"href":"https://test.okta.com/api/v1/users/00usfahhrdlPEHV1g4x6","hints":{"allow":["GET"]}}}}"#;
        let at = Timestamp::parse_iso8601("2020-08-27T18:15:41.000Z").unwrap();
        let factor = Factor {
            id: "mblsfdsyb1P5k0Kr54x6".into(),
            user_id: "00usfahhrdlPEHV1g4x6".into(),
            kind: FactorKind::Sms,
            status: FactorStatus::PendingActivation,
            created: at,
            last_updated: at,
            profile: json!({"phoneNumber": "+12345678901"}),
        };
        let mut out = Vec::new();
        write_factor(&mut out, &factor, "https://test.okta.com");
        assert_eq!(String::from_utf8(out).unwrap(), recorded);
    }
}
