#pragma once
// The JSON API of the workbench (docs/api.md): one small function per route that parses
// the request, calls one core function and writes JSON. Internal to web/.

#include <httplib.h>

#include <condition_variable>
#include <mutex>
#include <string>

#include "store/project.hpp"

namespace inzicht::web {

class Api {
 public:
  explicit Api(const std::string& project_path);
  // Registers every route of docs/api.md on `http`.
  void install(httplib::Server& http, const std::string& csrf);
  // Ends waiting requests for changes.
  void stop();

  // What a route gives a locked project; the lock is held while it runs.
  template <typename F>
  auto with_project(F&& f) {
    std::lock_guard<std::mutex> lock(mutex_);
    return f(project_);
  }
  // Wakes requests waiting for changes (after a write).
  void changed();
  // Waits up to `seconds` for a change after `after`, or stop(); returns the last change.
  std::int64_t wait_for_change(std::int64_t after, int seconds);

 private:
  std::mutex mutex_;
  store::Project project_;
  std::condition_variable changes_;
  std::mutex wait_mutex_;
  bool stopping_ = false;
};

}  // namespace inzicht::web
