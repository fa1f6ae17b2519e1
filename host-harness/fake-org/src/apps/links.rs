//! `GET /api/v1/users/{id}/appLinks` (ID, login, shortname or `me`): the user's dashboard, one
//! `AssignedAppLink` per assignment to an ACTIVE app, in app-ID order. No paging, no `Link` header
//! (as recorded).

use super::render::write_app_link;
use crate::errors::ApiError;
use crate::org::Org;
use crate::reply::Reply;
use crate::request::ApiRequest;

pub(super) fn app_links(
    org: &mut Org,
    req: &ApiRequest,
    params: &[String],
) -> Result<Reply, ApiError> {
    let user_id = org
        .resolve_user(&params[0])
        .ok_or_else(|| ApiError::not_found(&params[0], "User"))?;
    let links: Vec<_> = org
        .apps
        .of_user(&user_id)
        .filter_map(|assignment| {
            let app = org.apps.get(&assignment.app_id)?;
            app.is_active().then_some((assignment, app))
        })
        .collect();
    let mut out = vec![b'['];
    for (index, (assignment, app)) in links.iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        write_app_link(&mut out, assignment, app, &req.origin, index);
    }
    out.push(b']');
    Ok(Reply::ok_bytes(out))
}
