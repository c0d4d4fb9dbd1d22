#pragma once
// The coding workbench's web server (`inzicht serve`): the browser pages built into the
// binary and a JSON API (docs/api.md) over one project. Bound to 127.0.0.1 only. A random
// token in the one URL it prints is exchanged for an HttpOnly, SameSite=Strict session
// cookie; every route checks it, and a request that changes anything must also carry the
// CSRF header and come from the server's own origin. Handlers parse, call one core function
// and answer; errors map to statuses in one place. cpp-httplib stays inside this module.

#include <memory>
#include <ostream>
#include <string>

namespace inzicht::web {

struct ServeOptions {
  std::string project;  // the project file
  int port = 0;         // 0: a free port
  // Bytes a request body may hold; larger ones get 413.
  std::size_t max_body = 4 * 1024 * 1024;
  // serve(): open the address with xdg-open. When that is missing or fails, serve says so
  // and goes on serving.
  bool open = false;
};

class Server {
 public:
  // Opens the project and binds 127.0.0.1:`options.port` (or a free port). Throws
  // NotFoundError/InputError for the project, InputError when the port cannot be bound.
  explicit Server(const ServeOptions& options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  int port() const;
  // The URL to open: it carries this start's token.
  std::string url() const;
  const std::string& token() const;
  // The value writes must carry in the X-Inzicht-CSRF header (the page reads it from
  // /api/session).
  const std::string& csrf() const;
  // Serves until stop(); call from one thread.
  void run();
  // Makes run() return; safe from another thread.
  // Whether run() is listening: stop() before that would not stop it.
  bool running() const;
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Serves `options` until SIGINT or SIGTERM, printing the URL to `out` (and opening it when
// `options.open`). Returns 0.
int serve(const ServeOptions& options, std::ostream& out);

}  // namespace inzicht::web
