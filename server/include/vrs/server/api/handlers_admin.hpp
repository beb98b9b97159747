#pragma once
/// Administrator routes (role admin; docs/api.md): members, certificate issue and revocation,
/// audit log listing and verification. The work runs on the DB worker; every change is audited
/// in the same transaction (actor = the admin's member id); the registry cache and the TLS
/// context (CRL) are refreshed before the reply, so a revocation applies to the next handshake
/// and to the next request of an open connection.

#include "vrs/server/transport/router.hpp"

namespace vrs::server::api {

void add_admin_routes(transport::Router& router);

}  // namespace vrs::server::api
