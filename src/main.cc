// The `ripple` command: one binary, one sub-command per job.
#include "cli/commands.h"

int main(int argc, char** argv) { return ripple::cli::Main(argc, argv); }
