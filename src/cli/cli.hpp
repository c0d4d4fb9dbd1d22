#pragma once
// The command line of inzicht: `inzicht [-p PROJECT] COMMAND …`. CLI11 wiring only — each
// command group in its own file parses its options, calls one core function and formats
// the result. `run` is what main() calls; tests call it in-process.

#include <functional>
#include <ostream>
#include <string>

namespace inzicht::cli {

// What `inzicht serve` asks of the web server. The server (web/, on the same floor as cli/)
// is handed in by main() rather than included here.
struct ServeRequest {
  std::string project;
  int port = 0;
  bool open = false;  // open the address in the desktop's browser
};
using Serve = std::function<int(const ServeRequest&, std::ostream& out)>;

// Runs the command line `argv` and returns the exit status: 0 done, 1 failed (a message
// on `err` saying what and where), 2 usage error. `serve`, when given, makes the `serve`
// command (it is not in --help without one).
int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err,
        const Serve& serve = {});

}  // namespace inzicht::cli
