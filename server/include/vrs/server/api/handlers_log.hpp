#pragma once
/// The transparency log's routes (docs/transparency.md), for every authenticated member:
/// GET /v1/log/head (the current signed tree head, stored as a checkpoint) and
/// GET /v1/log/consistency?to=N&from=A[,B...] (consistency proofs from up to 64 earlier sizes
/// to N). Proofs are hashes only: nobody sees another member's entries through them.

#include "vrs/server/transport/router.hpp"

namespace vrs::server::api {

void add_log_routes(transport::Router& router);

}  // namespace vrs::server::api
