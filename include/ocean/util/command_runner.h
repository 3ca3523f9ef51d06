// ShellCommandRunner: runs the operator's notification commands (-blocknotify, -walletnotify) with
// /bin/sh -c, one after another on one worker thread, so that a slow or hanging script can delay later
// notifications but never the thread that raised them (validation, the wallet).
//
// Enqueue never blocks: it appends to a bounded queue (a full queue drops the command and says so in the
// log). Each command runs in a child process that inherits the environment and the standard streams but
// no other descriptor of the node (sockets, database files); a non-zero exit status is logged. The
// destructor lets the running command finish, drops what is still queued (logged) and joins the thread.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "ocean/util/logging.h"

namespace ocean {

// `tmpl` with every "%s" replaced by `value` (the node's notification option syntax).
std::string FormatNotifyCommand(std::string_view tmpl, std::string_view value);

class ShellCommandRunner {
  public:
    explicit ShellCommandRunner(Logger& log, size_t max_queued = 1000);
    ~ShellCommandRunner();
    ShellCommandRunner(const ShellCommandRunner&) = delete;
    ShellCommandRunner& operator=(const ShellCommandRunner&) = delete;

    // Queues `command`; false when the queue is full or the runner is stopping (the command is dropped).
    bool Enqueue(std::string command);
    // Commands queued and not yet started.
    size_t Pending() const;

  private:
    void Run();
    void Execute(const std::string& command);

    Logger& log_;
    const size_t max_queued_;
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<std::string> queue_;
    size_t dropped_ = 0;  // since the last warning
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace ocean
