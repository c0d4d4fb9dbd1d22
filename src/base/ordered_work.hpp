#pragma once
// Per-item work on worker threads with results handed back in the order the items came,
// so that what is written from them (document ids, codings) is the same as with one
// thread. Used by import (read, decode, split each file) and autocode (run the rules on
// each document).

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace inzicht {

// The worker threads for `items` items when `asked` were asked for: 0 asks for one per
// core (at most 8); a single item is done on the caller's thread (0 workers).
inline unsigned worker_threads(unsigned asked, std::size_t items) {
  if (items < 2) return 0;
  return asked ? asked : std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
}

// Runs `work` on items on worker threads (or on the caller's, with 0 threads), handing the
// results back in the order the items were pushed. An exception `work` throws is thrown
// again by the take() of its item.
template <typename In, typename Out>
class OrderedWork {
 public:
  OrderedWork(std::function<Out(const In&)> work, unsigned threads) : work_(std::move(work)) {
    for (unsigned t = 0; t < threads; ++t) workers_.emplace_back([this] { run(); });
  }
  OrderedWork(const OrderedWork&) = delete;
  OrderedWork& operator=(const OrderedWork&) = delete;
  ~OrderedWork() {
    {
      const std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    for (std::thread& worker : workers_) worker.join();
  }

  // How many items to push ahead of the one taken next: enough to keep the workers busy.
  std::size_t ahead() const { return workers_.empty() ? 1 : 2 * workers_.size() + 2; }

  void push(In item) {
    {
      const std::lock_guard lock(mutex_);
      jobs_.push_back({pushed_++, std::move(item)});
    }
    wake_.notify_one();
  }

  // The result of the oldest item not taken yet, waiting for it.
  Out take() {
    std::unique_lock lock(mutex_);
    if (workers_.empty()) {
      Job job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      ++taken_;
      return work_(job.item);
    }
    done_.wait(lock, [&] { return results_.count(taken_) > 0; });
    auto node = results_.extract(taken_++);
    lock.unlock();
    Result& result = node.mapped();
    if (result.error) std::rethrow_exception(result.error);
    return std::move(result.value);
  }

 private:
  struct Job {
    std::size_t index = 0;
    In item;
  };
  struct Result {
    Out value{};
    std::exception_ptr error;
  };

  void run() {
    for (;;) {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stop_ || !jobs_.empty(); });
      if (stop_) return;
      Job job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      Result result;
      try {
        result.value = work_(job.item);
      } catch (...) {
        result.error = std::current_exception();
      }
      lock.lock();
      results_.emplace(job.index, std::move(result));
      lock.unlock();
      done_.notify_all();
    }
  }

  std::function<Out(const In&)> work_;
  std::mutex mutex_;
  std::condition_variable wake_;  // a job was pushed, or stop
  std::condition_variable done_;  // a result is in
  std::deque<Job> jobs_;
  std::map<std::size_t, Result> results_;
  std::size_t pushed_ = 0;
  std::size_t taken_ = 0;
  bool stop_ = false;
  std::vector<std::thread> workers_;  // last: joined before the rest goes
};

}  // namespace inzicht
