// PeriodicTask: runs a function on its own thread, first after `first_delay`, then every `interval`
// (steady clock), until destroyed. The destructor wakes the thread, waits for a run in progress to end
// and joins it, so the function may use anything that outlives the task. Used for the wallet's
// periodic rebroadcast of its unconfirmed transactions.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace ocean {

class PeriodicTask {
  public:
    PeriodicTask(std::string thread_name, std::chrono::milliseconds first_delay,
                 std::chrono::milliseconds interval, std::function<void()> fn);
    ~PeriodicTask();
    PeriodicTask(const PeriodicTask&) = delete;
    PeriodicTask& operator=(const PeriodicTask&) = delete;

  private:
    void Run(std::chrono::milliseconds first_delay);

    const std::string name_;
    const std::chrono::milliseconds interval_;
    const std::function<void()> fn_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace ocean
