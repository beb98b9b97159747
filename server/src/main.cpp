// vrs-server: thin entry point; everything lives in the vrs_server library.
#include "vrs/server/cli/cli.hpp"

int main(int argc, char** argv) { return vrs::server::cli::run_cli(argc, argv); }
