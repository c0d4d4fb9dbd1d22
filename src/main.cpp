// inzicht's main(): the command line, with the web server for `inzicht serve`. Outside the
// floors of src/ because it joins cli/ and web/, which do not include each other.

#include <iostream>

#include "cli/cli.hpp"
#include "web/server.hpp"

int main(int argc, char** argv) {
  return inzicht::cli::run(argc, argv, std::cout, std::cerr,
                           [](const inzicht::cli::ServeRequest& request, std::ostream& out) {
                             inzicht::web::ServeOptions options{request.project, request.port};
                             options.open = request.open;
                             return inzicht::web::serve(options, out);
                           });
}
