// serve: the coding workbench in the browser (the server itself is in web/).

#include <filesystem>
#include <memory>

#include "cli/context.hpp"
#include "base/error.hpp"

namespace inzicht::cli {

void setup_serve(CLI::App& app, Context& context, const Serve& serve) {
  auto request = std::make_shared<ServeRequest>();
  CLI::App* command = app.add_subcommand(
      "serve",
      "The coding workbench in the browser: prints one address to open (127.0.0.1 only)");
  command->add_option("--port", request->port, "Port to listen on (default: a free one)")
      ->check(CLI::Range(1, 65535));
  command->add_flag("--open", request->open,
                    "Open the address in the browser (xdg-open); says so when it cannot");
  command->callback([request, serve, &context] {
    ServeRequest r = *request;
    r.project = context.project_path();
    if (!std::filesystem::exists(r.project)) {
      throw NotFoundError(r.project + ": no project here (inzicht init makes one, -p names one)");
    }
    context.status = serve(r, context.out);
  });
}

}  // namespace inzicht::cli
