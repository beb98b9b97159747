#pragma once
/// Submission endpoints (docs/api.md; docs/architecture.md "Submission path"): GET /v1/keys, POST
/// /v1/submissions, GET /v1/submissions, GET /v1/submissions/{submission_id}, GET
/// /v1/incidents/{ref}. Envelopes are opened, verified and validated on the worker pool, stored
/// by the DB worker's group commit, and answered only after the commit.

#include "vrs/server/transport/router.hpp"

namespace vrs::server::api {

void add_submission_routes(transport::Router& router);

}  // namespace vrs::server::api
