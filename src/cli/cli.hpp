#pragma once
// The command line of inzicht: `inzicht [-p PROJECT] COMMAND …`. CLI11 wiring only — each
// command group in its own file parses its options, calls one core function and formats
// the result. `run` is what main() calls; tests call it in-process.

#include <ostream>

namespace inzicht::cli {

// Runs the command line `argv` and returns the exit status: 0 done, 1 failed (a message
// on `err` saying what and where), 2 usage error.
int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace inzicht::cli
