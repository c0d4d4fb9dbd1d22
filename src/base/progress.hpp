#pragma once
// How long-running core work reports progress without printing: the caller passes an
// implementation (a terminal bar in the CLI, nothing in tests and pipes).

#include <cstddef>
#include <string>

namespace inzicht {

class Progress {
 public:
  virtual ~Progress() = default;
  // Work item `done` of `total` is starting; `what` names it (e.g. a file).
  virtual void step(std::size_t done, std::size_t total, const std::string& what) = 0;
  // All work is over.
  virtual void finish() = 0;
};

}  // namespace inzicht
