#pragma once
/// Routes every authenticated member may call (docs/api.md): GET /v1/whoami, GET /v1/crl, and
/// the placeholders of the incident endpoints (GET /v1/incidents, GET /v1/incidents/{ref}):
/// they exist so that the admin rule is enforced from the start — role admin gets 403
/// permission_denied — and answer 404 not_found to everyone else until the incident store is
/// built (later issue).

namespace vrs::server {

class Router;

void add_member_routes(Router& router);

}  // namespace vrs::server
