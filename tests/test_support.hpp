#pragma once
// Small helpers shared by the test files.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.hpp"
#include "model/document.hpp"
#include "text/text.hpp"

namespace inzicht::testing {

inline std::string fixture(const std::string& relative) {
  return std::string(INZICHT_FIXTURES) + "/" + relative;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline void write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

// Runs the command line `inzicht args…` in-process; returns the exit status and fills
// `out` and `err` with what it wrote.
inline int run_cli(std::vector<std::string> args, std::string& out, std::string& err) {
  args.insert(args.begin(), "inzicht");
  std::vector<const char*> argv;
  for (const auto& arg : args) argv.push_back(arg.c_str());
  std::ostringstream o, e;
  const int status = cli::run(static_cast<int>(argv.size()), argv.data(), o, e);
  out = o.str();
  err = e.str();
  return status;
}

// What one in-process run of the command line gave.
struct CliResult {
  int status = 0;
  std::string out, err;
};

inline CliResult inzicht_cli(std::vector<std::string> args) {
  CliResult result;
  result.status = run_cli(std::move(args), result.out, result.err);
  return result;
}

// The words of a turn, as text.
inline std::string slice(const model::Document& document, Span span) {
  return std::string(text::CodePointIndex(document.text).slice(span));
}

// Sets the environment variable `name` to `value` for a scope, and unsets it after.
class EnvVar {
 public:
  EnvVar(const char* name, const char* value) : name_(name) { setenv(name, value, 1); }
  ~EnvVar() { unsetenv(name_); }
  EnvVar(const EnvVar&) = delete;
  EnvVar& operator=(const EnvVar&) = delete;

 private:
  const char* name_;
};

// A fresh directory under the system temp dir, removed when this goes out of scope.
class TempDir {
 public:
  TempDir() {
    std::random_device random;
    path_ = std::filesystem::temp_directory_path() /
            ("inzicht-test-" + std::to_string(random()) + std::to_string(random()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace inzicht::testing
