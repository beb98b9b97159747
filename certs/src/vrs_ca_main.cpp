// vrs-ca: the offline certificate authority of VRS. Thin entry point: the command table and
// every command live in the vrs_certs library (vrs/certs/cli/ca_cli.hpp, certs/src/cli/).
#include "vrs/certs/cli/ca_cli.hpp"

int main(int argc, char** argv) { return vrs::certs::cli::run(argc, argv); }
