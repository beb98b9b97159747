#pragma once
/// Routes every authenticated member may call (docs/api.md): GET /v1/whoami (the caller's
/// member id, state, role and certificate) and GET /v1/crl (the current CRL, PEM). The
/// incident endpoint GET /v1/incidents/{ref} is a submission route (handlers_submissions.hpp).

#include "vrs/server/transport/router.hpp"

namespace vrs::server::api {

void add_member_routes(transport::Router& router);

}  // namespace vrs::server::api
