#pragma once
/// GET /v1/reports/regional and GET /v1/analyses/{name} (docs/reports.md): reporters and
/// analysts; admins are refused. Every call is audit-logged (`analysis.read`), and a report
/// leaves the server only after its audit entry is committed.

#include "vrs/server/transport/router.hpp"

namespace vrs::server::api {

void add_analysis_routes(transport::Router& router);

}  // namespace vrs::server::api
