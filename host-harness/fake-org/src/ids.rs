//! Okta-looking identifiers, generated deterministically so that the same configuration always seeds
//! the same org (tests can hard-code nothing, yet failures reproduce).
//!
//! Okta IDs are a 3-character type prefix plus 17 base62 characters (`00uqrks9ig7XuWV7X5d7`), and they
//! grow with creation time (`00usfdsy…` < `00usfgmn…` < `00usfhfa…` in one recording). The fake keeps
//! that property on purpose: list order is ID order, so a page cursor can simply be the last ID seen
//! and stays valid when other users are deleted meanwhile.

/// Digits in ASCII order, so that comparing IDs as strings compares their sequence numbers.
const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/// Characters of activation / reset tokens (`U_YIAd2GM4DJ8ZDkH7Qv`, `drpwf5himYrnOpIMbDfb`).
const TOKEN_CHARS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
/// Every real org ends its IDs with the same cell suffix (`…5d7`, `…1d7`, `…4x6`).
const ORG_SUFFIX: &str = "8f7";
/// The time-like part of an ID: 7 base62 digits, starting where real 2025 IDs are (`00uq…`).
const SEQUENCE_DIGITS: usize = 7;
const SEQUENCE_START: u64 = 42 * 62u64.pow(6);
const SEQUENCE_END: u64 = 62u64.pow(7) - 1;

/// A user ID's prefix; groups are `00g`, user types `oty`, schemas `osc`, realms `guo`, errors `oae`.
pub(crate) const USER_PREFIX: &str = "00u";
pub(crate) const GROUP_PREFIX: &str = "00g";
pub(crate) const USER_TYPE_PREFIX: &str = "oty";
pub(crate) const SCHEMA_PREFIX: &str = "osc";

/// Two independent streams: object IDs depend only on how many objects were created, never on how
/// many requests (and so request IDs, error IDs, tokens) came before.
#[derive(Debug)]
pub(crate) struct IdGen {
    objects: SplitMix64,
    noise: SplitMix64,
    sequence: u64,
    requests: u64,
}

impl IdGen {
    pub(crate) fn new(seed: u64) -> IdGen {
        IdGen {
            objects: SplitMix64(seed),
            noise: SplitMix64(seed ^ 0x6f6b_7461_6661_6b65),
            sequence: SEQUENCE_START,
            requests: 0,
        }
    }

    /// A new ID with `prefix`, greater than every ID made before it by this generator.
    pub(crate) fn object_id(&mut self, prefix: &str) -> String {
        let step = 1 + self.objects.below(997);
        self.sequence = self.sequence.saturating_add(step).min(SEQUENCE_END);
        let mut id = String::with_capacity(20);
        id.push_str(prefix);
        push_base62(&mut id, self.sequence, SEQUENCE_DIGITS);
        for _ in 0..7 {
            id.push(BASE62[self.objects.below(62) as usize] as char);
        }
        id.push_str(ORG_SUFFIX);
        id
    }

    /// A uniform number below `bound` from the object stream (for seeding the sample org).
    pub(crate) fn below(&mut self, bound: u64) -> u64 {
        self.objects.below(bound)
    }

    /// `X-Okta-Request-Id`: 32 hex digits like the 2025 recordings, unique per org (the first half is
    /// a bijection of a counter).
    pub(crate) fn request_id(&mut self) -> String {
        self.requests += 1;
        let n = self.requests;
        format!("{:016x}{:016x}", mix(n), mix(n ^ 0x9e37_79b9_7f4a_7c15))
    }

    /// `errorId`: `oae` + 22 characters (`oae9Wpz4YIiTcCdvkj0JTq0YA`).
    pub(crate) fn error_id(&mut self) -> String {
        format!("oae{}", self.token(22))
    }

    /// A one-time token (activation, reset password) from `[A-Za-z0-9_-]`.
    pub(crate) fn token(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| TOKEN_CHARS[self.noise.below(64) as usize] as char)
            .collect()
    }
}

/// True if `text` has the shape of an ID this generator makes with `prefix`.
pub(crate) fn is_object_id(text: &str, prefix: &str) -> bool {
    text.len() == 20
        && text.starts_with(prefix)
        && text
            .bytes()
            .skip(prefix.len())
            .all(|b| b.is_ascii_alphanumeric())
}

fn push_base62(out: &mut String, mut value: u64, width: usize) {
    let mut digits = vec![b'0'; width];
    for slot in digits.iter_mut().rev() {
        *slot = BASE62[(value % 62) as usize];
        value /= 62;
    }
    out.extend(digits.into_iter().map(char::from));
}

/// SplitMix64: tiny, fast, and good enough to make IDs look random.
#[derive(Debug)]
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(self.0)
    }

    fn below(&mut self, bound: u64) -> u64 {
        if bound == 0 { 0 } else { self.next() % bound }
    }
}

/// The SplitMix64 finalizer, a bijection on `u64`.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_look_like_okta_and_grow() {
        let mut ids = IdGen::new(7);
        let made: Vec<String> = (0..1000).map(|_| ids.object_id(USER_PREFIX)).collect();
        assert!(made.iter().all(|id| is_object_id(id, USER_PREFIX)));
        assert!(made.windows(2).all(|w| w[0] < w[1]));
        assert!(made[0].starts_with("00ug"), "{}", made[0]);
    }

    #[test]
    fn same_seed_same_ids_whatever_the_noise() {
        let mut a = IdGen::new(1);
        let mut b = IdGen::new(1);
        b.request_id();
        b.token(20);
        assert_eq!(a.object_id(GROUP_PREFIX), b.object_id(GROUP_PREFIX));
    }

    #[test]
    fn request_ids_are_unique_hex() {
        let mut ids = IdGen::new(3);
        let made: HashSet<String> = (0..10_000).map(|_| ids.request_id()).collect();
        assert_eq!(made.len(), 10_000);
        assert!(
            made.iter()
                .all(|id| id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()))
        );
    }

    #[test]
    fn tokens_and_error_ids_have_okta_shapes() {
        let mut ids = IdGen::new(3);
        let error = ids.error_id();
        assert!(error.starts_with("oae") && error.len() == 25);
        let token = ids.token(20);
        assert!(token.bytes().all(|b| TOKEN_CHARS.contains(&b)));
    }

    #[test]
    fn shape_check_rejects_strangers() {
        assert!(!is_object_id("00u123", USER_PREFIX));
        assert!(!is_object_id("00gqrks9ig7XuWV7X5d7", USER_PREFIX));
        assert!(!is_object_id("00uqrks9ig7XuWV7X5d/", USER_PREFIX));
        assert!(is_object_id("00uqrks9ig7XuWV7X5d7", USER_PREFIX));
    }
}
