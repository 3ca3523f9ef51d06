// ShutdownController: the one place that decides when the node stops. Requests come from the `stop`
// RPC, from SIGINT/SIGTERM (received by a dedicated signal thread with sigwait, so no code runs in
// signal context), or from a fatal error in a component. SIGHUP runs the reopen callback (log rotation).
//
// BlockSignals() must run in main() before any other thread is created, so that every thread inherits
// the blocked mask and only the signal thread receives these signals.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace ocean {

class ShutdownController {
  public:
    ShutdownController() = default;
    ~ShutdownController();
    ShutdownController(const ShutdownController&) = delete;
    ShutdownController& operator=(const ShutdownController&) = delete;

    // Blocks SIGINT, SIGTERM and SIGHUP in the calling thread (and every thread created after) and
    // ignores SIGPIPE.
    static void BlockSignals();
    // Starts the signal thread. on_hangup runs on that thread for each SIGHUP.
    void StartSignalThread(std::function<void()> on_hangup);

    void RequestShutdown(const std::string& reason = {});
    bool ShutdownRequested() const { return requested_.load(std::memory_order_acquire); }
    // Blocks until a shutdown is requested; returns the reason.
    std::string WaitForShutdown();

  private:
    std::atomic<bool> requested_{false};
    std::mutex mu_;
    std::condition_variable cv_;
    std::string reason_;
    std::thread signal_thread_;
    std::atomic<bool> stopping_{false};
};

}  // namespace ocean
