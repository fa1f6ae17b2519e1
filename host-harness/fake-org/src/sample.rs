//! The sample org a [`FakeOrg`](super::FakeOrg) starts with: realistic enough for demos and for
//! tests that page, search and filter, and fully deterministic (same user count ⇒ same users).
//!
//! - User 0 is the API token's owner, `admin@example.com` (what `/api/v1/users/me` returns).
//! - Users 1..=6 have, in order, each non-ACTIVE status: STAGED, PROVISIONED, SUSPENDED, LOCKED_OUT,
//!   PASSWORD_EXPIRED, DEPROVISIONED, so even a tiny org exercises every state.
//! - The rest are about 87% ACTIVE, the remainder spread over those six statuses (1% DEPROVISIONED).
//! - Logins are `first.last{n}@example.com` (`n` = the user's index); profiles carry a department,
//!   title, employee number, phone, city and display name; `created` spreads over the last four
//!   years in ID order.
//! - Users with a password have [`SAMPLE_PASSWORD`]; groups are `Everyone` plus one per department.
//! - After the users (so their IDs do not depend on it): a `Contractor` user type, the app catalog
//!   with assignments and Active Directory's groups, realms, policies, enrolled factors and a few
//!   days of System Log history (each module's `seed` says what it adds).

use serde_json::{Map, Value, json};

use super::groups::GroupType;
use super::ids::USER_PREFIX;
use super::org::Org;
use super::time::Timestamp;
use super::user_types::UserType;
use super::users::model::{Password, Provider, RecoveryQuestion, Status, User};
use super::{apps, factors, logs, policies, realms};

/// The password of every seeded user that has one.
pub(crate) const SAMPLE_PASSWORD: &str = "Tr0ub4dor&3x";
pub(crate) const ADMIN_LOGIN: &str = "admin@example.com";

const DAY: i64 = 86_400;
const HISTORY_DAYS: i64 = 4 * 365 + 1;

const FIRST_NAMES: &[&str] = &[
    "Olivia",
    "Liam",
    "Emma",
    "Noah",
    "Amelia",
    "Oliver",
    "Sophia",
    "Elijah",
    "Isabella",
    "James",
    "Mia",
    "William",
    "Charlotte",
    "Benjamin",
    "Harper",
    "Lucas",
    "Evelyn",
    "Henry",
    "Abigail",
    "Theodore",
    "Emily",
    "Jack",
    "Ella",
    "Levi",
    "Elizabeth",
    "Alexander",
    "Sofia",
    "Mateo",
    "Avery",
    "Daniel",
    "Scarlett",
    "Michael",
    "Grace",
    "Mason",
    "Chloe",
    "Sebastian",
    "Priya",
    "Ethan",
    "Aisha",
    "Logan",
    "Mei",
    "Owen",
    "Fatima",
    "Samuel",
    "Yuki",
    "Jacob",
    "Zara",
    "Asher",
    "Nora",
    "Aiden",
    "Lily",
    "John",
    "Hannah",
    "Joseph",
    "Layla",
    "Wyatt",
    "Chen",
    "David",
    "Ines",
    "Leo",
    "Amara",
    "Luke",
    "Kenji",
    "Julian",
];

const LAST_NAMES: &[&str] = &[
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Hill",
    "Flores",
    "Green",
    "Adams",
    "Nelson",
    "Baker",
    "Hall",
    "Rivera",
    "Campbell",
    "Mitchell",
    "Carter",
    "Roberts",
    "Patel",
    "Kim",
    "Okafor",
    "Tanaka",
    "Müller",
    "O'Brien",
    "Kowalski",
    "Haddad",
    "Silva",
    "Johansson",
    "Novak",
    "Rossi",
    "Dubois",
    "Singh",
];

const DEPARTMENTS: &[(&str, &[&str])] = &[
    (
        "Engineering",
        &[
            "Software Engineer",
            "Senior Software Engineer",
            "Staff Engineer",
            "Engineering Manager",
            "QA Engineer",
        ],
    ),
    (
        "Sales",
        &[
            "Account Executive",
            "Sales Development Representative",
            "Sales Manager",
        ],
    ),
    (
        "Marketing",
        &[
            "Marketing Specialist",
            "Content Strategist",
            "Marketing Manager",
        ],
    ),
    (
        "Finance",
        &["Financial Analyst", "Accountant", "Controller"],
    ),
    (
        "Customer Support",
        &["Support Engineer", "Support Specialist", "Support Manager"],
    ),
    (
        "Human Resources",
        &["HR Generalist", "Recruiter", "HR Manager"],
    ),
    (
        "IT",
        &["IT Administrator", "Systems Engineer", "Help Desk Analyst"],
    ),
];

const CITIES: &[&str] = &[
    "San Francisco",
    "New York",
    "Chicago",
    "Austin",
    "Seattle",
    "Toronto",
    "London",
    "Berlin",
    "Sydney",
];

const QUESTIONS: &[&str] = &[
    "What is the food you least liked as a child?",
    "What was your dream job as a child?",
    "Who is your favorite sports player?",
];

/// The statuses of users 1..=6, one of each non-ACTIVE kind.
const FIRST_STATUSES: [Status; 6] = [
    Status::Staged,
    Status::Provisioned,
    Status::Suspended,
    Status::LockedOut,
    Status::PasswordExpired,
    Status::Deprovisioned,
];

/// An org founded four years before `now`, with `count` users (the admin included) and the
/// department groups.
pub(crate) fn build(count: usize, now: Timestamp) -> Org {
    let founded = now.plus_seconds(-HISTORY_DAYS * DAY);
    let mut org = Org::new(founded);
    seed(&mut org, count, founded, now);
    seed_resources(&mut org, founded, now);
    org
}

/// Everything beyond users and their groups. Custom policies apply to the IT department.
fn seed_resources(org: &mut Org, founded: Timestamp, now: Timestamp) {
    let created_by = org.admin_id.clone().unwrap_or_default();
    let contractor = UserType::custom(
        &mut org.ids,
        "contractor",
        "Contractor",
        "Contractors and temporary staff",
        founded.plus_seconds(200 * DAY),
        &created_by,
    );
    org.other_user_types.push(contractor);
    let it_group = org
        .groups
        .iter()
        .find(|group| group.name() == "IT")
        .map(|group| group.id.clone());
    apps::catalog::seed(org, founded);
    realms::seed(org, founded);
    policies::seed_policies(org, founded, it_group.as_deref());
    factors::seed::seed(org, now);
    logs::history::seed(org, now);
}

fn seed(org: &mut Org, count: usize, founded: Timestamp, now: Timestamp) {
    let department_groups: Vec<String> = DEPARTMENTS
        .iter()
        .map(|(name, _)| {
            let description = format!("Everyone in {name}");
            org.groups.create(
                &mut org.ids,
                name,
                &description,
                GroupType::OktaGroup,
                founded.plus_seconds(DAY),
            )
        })
        .collect();
    let span = (HISTORY_DAYS - 30) * DAY;
    let step = span / i64::try_from(count.max(1)).unwrap_or(i64::MAX);
    for index in 0..count {
        let offset = i64::try_from(index)
            .unwrap_or(i64::MAX)
            .saturating_mul(step);
        let jitter = i64::try_from(org.ids.below((step / 2).max(1).unsigned_abs())).unwrap_or(0);
        let created = founded.plus_seconds(2 * DAY + offset + jitter);
        let (user, department) = if index == 0 {
            admin(org, created, now)
        } else {
            member(org, index, created, now)
        };
        let user_id = user.id.clone();
        org.users.insert(user);
        let everyone = org.groups.everyone().map(str::to_owned);
        for group in everyone.iter().chain([&department_groups[department]]) {
            org.groups.add_member(group, &user_id, created);
        }
        if index == 0 {
            org.admin_id = Some(user_id);
        }
    }
}

/// The token owner: an ACTIVE IT administrator.
fn admin(org: &mut Org, created: Timestamp, now: Timestamp) -> (User, usize) {
    let it = DEPARTMENTS.len() - 1;
    let profile = profile(&Person {
        first: "Jordan",
        last: "Rivera",
        login: ADMIN_LOGIN.to_owned(),
        department: DEPARTMENTS[it].0,
        title: "IT Administrator",
        employee_number: "10000".to_owned(),
        phone: "+1-555-010-0000".to_owned(),
        city: CITIES[0],
    });
    let mut user = blank_user(org, created, profile);
    user.password = Some(Password::Value(SAMPLE_PASSWORD.to_owned()));
    user.recovery = Some(RecoveryQuestion {
        question: QUESTIONS[1].to_owned(),
        answer: "astronaut".to_owned(),
    });
    live(
        &mut user,
        Status::Active,
        created,
        now,
        now.plus_seconds(-3600),
    );
    (user, it)
}

/// A regular member, index ≥ 1.
fn member(org: &mut Org, index: usize, created: Timestamp, now: Timestamp) -> (User, usize) {
    let first = pick(org, FIRST_NAMES);
    let last = pick(org, LAST_NAMES);
    let department = org.ids.below(DEPARTMENTS.len() as u64) as usize;
    let (department_name, titles) = DEPARTMENTS[department];
    let person = Person {
        first,
        last,
        login: format!("{}.{}{index}@example.com", slug(first), slug(last)),
        department: department_name,
        title: pick(org, titles),
        employee_number: format!("{}", 10_000 + index),
        phone: format!(
            "+1-555-{:03}-{:04}",
            org.ids.below(1000),
            org.ids.below(10_000)
        ),
        city: pick(org, CITIES),
    };
    let mut user = blank_user(org, created, profile(&person));
    let status = status_of(org, index);
    let has_password = match status {
        Status::Provisioned => false,
        Status::Staged => org.ids.below(2) == 0,
        _ => true,
    };
    if has_password {
        user.password = Some(Password::Value(SAMPLE_PASSWORD.to_owned()));
        if org.ids.below(3) == 0 {
            let question = pick(org, QUESTIONS);
            user.recovery = Some(RecoveryQuestion {
                question: question.to_owned(),
                answer: "sample answer".to_owned(),
            });
        }
    }
    let changed = between(org, created.plus_seconds(2 * DAY), now);
    live(&mut user, status, created, now, changed);
    (user, department)
}

fn status_of(org: &mut Org, index: usize) -> Status {
    if let Some(status) = FIRST_STATUSES.get(index - 1) {
        return *status;
    }
    match org.ids.below(100) {
        0..3 => Status::Staged,
        3..6 => Status::Provisioned,
        6..8 => Status::Suspended,
        8..10 => Status::LockedOut,
        10..12 => Status::PasswordExpired,
        // Few enough that a plain list of 10,000 users (which omits them) still takes 50 pages of 200.
        12..13 => Status::Deprovisioned,
        _ => Status::Active,
    }
}

/// Sets the status and the timestamps that go with it: activation an hour after creation, a last
/// status change at `changed` for users that left ACTIVE, a recent last login for active ones.
fn live(user: &mut User, status: Status, created: Timestamp, now: Timestamp, changed: Timestamp) {
    user.status = status;
    if user.password.is_some() {
        user.password_changed = Some(created);
    }
    if status == Status::Staged {
        return;
    }
    let activated = created.plus_seconds(3600).min(now);
    user.activated = Some(activated);
    let status_changed = match status {
        Status::Provisioned | Status::Active => activated,
        _ => changed.max(activated),
    };
    user.status_changed = Some(status_changed);
    user.last_updated = status_changed;
    if status != Status::Provisioned {
        let login = changed.max(activated);
        user.last_login = Some(login);
    }
}

struct Person<'a> {
    first: &'a str,
    last: &'a str,
    login: String,
    department: &'a str,
    title: &'a str,
    employee_number: String,
    phone: String,
    city: &'a str,
}

fn profile(person: &Person<'_>) -> Map<String, Value> {
    let profile = json!({
        "firstName": person.first,
        "lastName": person.last,
        "displayName": format!("{} {}", person.first, person.last),
        "login": person.login,
        "email": person.login,
        "mobilePhone": person.phone,
        "department": person.department,
        "title": person.title,
        "employeeNumber": person.employee_number,
        "city": person.city,
        "organization": "Example Corp",
        "locale": "en_US",
    });
    match profile {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn blank_user(org: &mut Org, created: Timestamp, profile: Map<String, Value>) -> User {
    User {
        id: org.ids.object_id(USER_PREFIX),
        status: Status::Staged,
        created,
        activated: None,
        status_changed: Some(created),
        last_login: None,
        last_updated: created,
        password_changed: None,
        type_id: org.user_type.id.clone(),
        realm_id: None,
        profile,
        password: None,
        recovery: None,
        provider: Provider::default(),
    }
}

fn pick<'a>(org: &mut Org, items: &[&'a str]) -> &'a str {
    items[org.ids.below(items.len() as u64) as usize]
}

/// A whole-second instant in `[from, to]` (`from` if the range is empty).
fn between(org: &mut Org, from: Timestamp, to: Timestamp) -> Timestamp {
    let seconds = to.epoch_seconds() - from.epoch_seconds();
    if seconds <= 0 {
        return from;
    }
    let offset = org.ids.below(seconds.unsigned_abs());
    from.plus_seconds(i64::try_from(offset).unwrap_or(0))
}

/// `O'Brien` → `obrien`, `Müller` → `muller`: logins stay plain ASCII.
fn slug(name: &str) -> String {
    name.chars()
        .filter_map(|c| match c {
            'ü' | 'Ü' => Some('u'),
            c if c.is_ascii_alphabetic() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn seeded(count: usize) -> Org {
        build(count, Timestamp::from_millis(1_759_117_790_000))
    }

    #[test]
    fn seeding_is_deterministic() {
        let a: Vec<String> = seeded(50)
            .users
            .iter()
            .map(|u| u.login().to_owned())
            .collect();
        let b: Vec<String> = seeded(50)
            .users
            .iter()
            .map(|u| u.login().to_owned())
            .collect();
        assert_eq!(a, b);
        let ids_a: Vec<String> = seeded(50).users.iter().map(|u| u.id.clone()).collect();
        let ids_b: Vec<String> = seeded(50).users.iter().map(|u| u.id.clone()).collect();
        assert_eq!(ids_a, ids_b);
    }

    #[test]
    fn small_orgs_have_every_status() {
        let org = seeded(7);
        let statuses: HashSet<Status> = org.users.iter().map(|u| u.status).collect();
        assert_eq!(statuses.len(), 7);
        let admin = org.users.get(org.admin_id.as_deref().unwrap()).unwrap();
        assert_eq!(admin.login(), ADMIN_LOGIN);
        assert_eq!(admin.status, Status::Active);
        let empty = seeded(0);
        assert_eq!(empty.users.len(), 0);
        assert!(empty.admin_id.is_none());
    }

    #[test]
    fn large_orgs_are_realistic_and_consistent() {
        let org = seeded(10_000);
        assert_eq!(org.users.len(), 10_000);
        let logins: HashSet<&str> = org.users.iter().map(|u| u.login()).collect();
        assert_eq!(logins.len(), 10_000, "logins are unique");
        let active = org
            .users
            .iter()
            .filter(|u| u.status == Status::Active)
            .count();
        assert!((8400..9000).contains(&active), "{active} active");
        let created: Vec<Timestamp> = org.users.iter().map(|u| u.created).collect();
        assert!(
            created.windows(2).all(|w| w[0] <= w[1]),
            "created follows ID order"
        );
        for user in org.users.iter() {
            assert!(user.login().is_ascii(), "{}", user.login());
            assert!(user.last_updated >= user.created);
            assert_eq!(user.activated.is_some(), user.status != Status::Staged);
            assert_eq!(
                user.password_changed.is_some(),
                user.password.is_some(),
                "{}",
                user.id
            );
        }
        let everyone = org.groups.everyone().unwrap();
        assert_eq!(org.groups.members(everyone).len(), 10_000);
    }
}
