#include "web/server.hpp"

#include <httplib.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "base/error.hpp"
#include "web/assets.hpp"
#include "web/routes.hpp"

namespace inzicht::web {

namespace {

constexpr const char* kCookie = "inzicht_session";

std::string random_hex(std::size_t bytes) {
  std::random_device device;  // /dev/urandom on Linux
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < bytes; ++i) {
    const auto byte = static_cast<unsigned>(device() & 0xFF);
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 0xF]);
  }
  return out;
}

// Compares without an early exit, so the time taken says nothing about the secret.
bool same_secret(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff = static_cast<unsigned char>(diff | (a[i] ^ b[i]));
  }
  return diff == 0;
}

std::string cookie_value(const httplib::Request& request, const std::string& name) {
  const std::string header = request.get_header_value("Cookie");
  std::size_t at = 0;
  while (at < header.size()) {
    const std::size_t end = std::min(header.find(';', at), header.size());
    std::string part = header.substr(at, end - at);
    const std::size_t first = part.find_first_not_of(' ');
    if (first != std::string::npos) part = part.substr(first);
    if (part.rfind(name + "=", 0) == 0) return part.substr(name.size() + 1);
    at = end + 1;
  }
  return {};
}

// Starts `xdg-open URL` and returns at once (a browser may keep xdg-open running): with the
// signals unblocked (serve blocks them for its waiter) and without the server's sockets,
// which cpp-httplib does not mark close-on-exec and a browser would otherwise keep open
// after the server stops. A thread reaps it and says on stderr when it failed. Returns
// false when there is no xdg-open to start.
bool open_in_browser(const std::string& url) {
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setflags(&attributes, static_cast<short>(POSIX_SPAWN_SETSIGMASK));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  std::string program = "xdg-open";
  std::string address = url;
  char* argv[] = {program.data(), address.data(), nullptr};
  pid_t pid = 0;
  const int failed = posix_spawnp(&pid, "xdg-open", &actions, &attributes, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (failed != 0) return false;
  std::thread([pid] {
    int status = 0;
    if (waitpid(pid, &status, 0) == pid && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
      std::cerr << "inzicht serve: xdg-open could not open the address; open it yourself"
                << std::endl;
    }
  }).detach();
  return true;
}

void answer_error(httplib::Response& response, int status, const std::string& message) {
  response.status = status;
  response.set_content(nlohmann::json{{"error", message}}.dump(), "application/json");
}

}  // namespace

struct Server::Impl {
  ServeOptions options;
  Api api;
  httplib::Server http;
  std::string token = random_hex(24);
  std::string session = random_hex(32);
  std::string csrf = random_hex(24);
  int port = 0;

  explicit Impl(const ServeOptions& o) : options(o), api(o.project) {}

  bool own_origin(const std::string& origin) const {
    const std::string p = std::to_string(port);
    return origin == "http://127.0.0.1:" + p || origin == "http://localhost:" + p;
  }

  // Every request passes here first: host, session, and for writes origin and CSRF.
  httplib::Server::HandlerResponse guard(const httplib::Request& request,
                                         httplib::Response& response) {
    // A page on another site that resolves its own name to 127.0.0.1 (DNS rebinding)
    // sends its own Host.
    if (!own_origin("http://" + request.get_header_value("Host"))) {
      answer_error(response, 403, "unknown Host header");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (request.path == "/auth") return httplib::Server::HandlerResponse::Unhandled;
    if (!same_secret(cookie_value(request, kCookie), session)) {
      answer_error(response, 401,
                   "not signed in: open the address inzicht serve printed (it holds the token)");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (request.method != "GET" && request.method != "HEAD") {
      if (!own_origin(request.get_header_value("Origin"))) {
        answer_error(response, 403, "a change must come from the workbench's own page (Origin)");
        return httplib::Server::HandlerResponse::Handled;
      }
      if (!same_secret(request.get_header_value("X-Inzicht-CSRF"), csrf)) {
        answer_error(response, 403, "missing or wrong X-Inzicht-CSRF header");
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    return httplib::Server::HandlerResponse::Unhandled;
  }

  void setup() {
    http.new_task_queue = [] { return new httplib::ThreadPool(16); };
    http.set_payload_max_length(options.max_body);
    http.set_default_headers({
        {"Content-Security-Policy",
         "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
         "connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'"},
        {"X-Frame-Options", "DENY"},
        {"X-Content-Type-Options", "nosniff"},
        {"Referrer-Policy", "no-referrer"},
        {"Cache-Control", "no-store"},
    });
    http.set_pre_routing_handler(
        [this](const httplib::Request& request, httplib::Response& response) {
          return guard(request, response);
        });
    http.set_error_handler([](const httplib::Request&, httplib::Response& response) {
      if (!response.body.empty()) return;
      const char* message = response.status == 413 ? "the request body is too large"
                            : response.status == 404 ? "no such route"
                            : response.status == 405 ? "method not allowed"
                                                     : "bad request";
      answer_error(response, response.status, message);
    });
    http.Get("/auth", [this](const httplib::Request& request, httplib::Response& response) {
      if (!same_secret(request.get_param_value("token"), token)) {
        answer_error(response, 401, "wrong or missing token: use the address inzicht serve printed");
        return;
      }
      response.set_header("Set-Cookie", std::string(kCookie) + "=" + session +
                                            "; HttpOnly; SameSite=Strict; Path=/");
      // Always to the same place: the token leaves the address bar and no parameter can
      // send the browser elsewhere.
      response.status = 303;
      response.set_header("Location", "/");
    });
    for (const Asset& asset : assets()) {
      http.Get(asset.path, [&asset](const httplib::Request&, httplib::Response& response) {
        response.set_content(std::string(asset.bytes), asset.type);
      });
    }
    api.install(http, csrf);
  }
};

Server::Server(const ServeOptions& options) : impl_(std::make_unique<Impl>(options)) {
  impl_->setup();
  if (options.port > 0) {
    if (!impl_->http.bind_to_port("127.0.0.1", options.port)) {
      throw InputError("cannot listen on 127.0.0.1:" + std::to_string(options.port) +
                       " (in use?)");
    }
    impl_->port = options.port;
  } else {
    impl_->port = impl_->http.bind_to_any_port("127.0.0.1");
    if (impl_->port <= 0) throw InputError("cannot listen on any port of 127.0.0.1");
  }
}

Server::~Server() = default;

int Server::port() const { return impl_->port; }

std::string Server::url() const {
  return "http://127.0.0.1:" + std::to_string(impl_->port) + "/auth?token=" + impl_->token;
}

const std::string& Server::token() const { return impl_->token; }
const std::string& Server::csrf() const { return impl_->csrf; }

void Server::run() { impl_->http.listen_after_bind(); }

bool Server::running() const { return impl_->http.is_running(); }

void Server::stop() {
  impl_->api.stop();
  impl_->http.stop();
}

int serve(const ServeOptions& options, std::ostream& out) {
  // SIGINT and SIGTERM go to one thread that waits for them and stops the server, so the
  // project is closed (WAL checkpointed) on the way out rather than in a signal handler.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  Server server(options);
  out << "inzicht serve: " << options.project << "\n"
      << "Open " << server.url() << "\n"
      << "(Ctrl-C stops the server.)" << std::endl;
  if (options.open) {
    out << (open_in_browser(server.url())
                ? "inzicht serve: opening it in the browser (xdg-open)"
                : "inzicht serve: --open: no xdg-open here; open the address yourself")
        << std::endl;
  }
  std::atomic<bool> signalled{false}, returned{false};
  std::thread waiter([&] {
    int signal = 0;
    sigwait(&signals, &signal);
    signalled = true;
    // A signal that comes before run() listens would stop nothing, and run() would then
    // listen for good: wait for it to listen (or to have given up).
    while (!returned && !server.running()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    server.stop();
  });
  server.run();
  returned = true;
  // run() also returns when listening fails: then wake the waiter.
  if (!signalled) pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  out << "inzicht serve: stopped" << std::endl;
  return 0;
}

}  // namespace inzicht::web
