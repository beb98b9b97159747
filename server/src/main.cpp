// vrs-server: thin entry point; everything lives in the vrs_server library.
#include "vrs/server/cli.hpp"

int main(int argc, char** argv) { return vrs::server::run_cli(argc, argv); }
