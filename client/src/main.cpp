// vrs-client: the member agency's agent. The command table lives in the vrs_client library
// (vrs/client/cli.hpp). Exit codes: 0 ok, 1 failure (one `vrs-client: ...` line on stderr),
// 2 usage.
#include "vrs/client/cli.hpp"

int main(int argc, char** argv) { return vrs::client::run_cli(argc, argv); }
