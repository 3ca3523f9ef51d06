#include "ocean/util/command_runner.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "ocean/util/thread_name.h"

extern char** environ;

namespace ocean {

std::string FormatNotifyCommand(std::string_view tmpl, std::string_view value) {
    std::string out;
    out.reserve(tmpl.size() + value.size());
    for (size_t i = 0; i < tmpl.size(); ++i) {
        if (tmpl[i] == '%' && i + 1 < tmpl.size() && tmpl[i + 1] == 's') {
            out += value;
            ++i;
        } else {
            out += tmpl[i];
        }
    }
    return out;
}

ShellCommandRunner::ShellCommandRunner(Logger& log, size_t max_queued) : log_(log), max_queued_(max_queued) {
    thread_ = std::thread([this] { Run(); });
}

ShellCommandRunner::~ShellCommandRunner() {
    size_t left = 0;
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
        left = queue_.size();
        queue_.clear();
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    if (left > 0) log_.Warning("Notification commands not run at shutdown: " + std::to_string(left));
}

bool ShellCommandRunner::Enqueue(std::string command) {
    {
        std::lock_guard lock(mutex_);
        if (stop_) return false;
        if (queue_.size() >= max_queued_) {
            // Warn once per burst, not once per dropped command.
            if (dropped_++ == 0)
                log_.Warning("Notification command queue full (" + std::to_string(max_queued_) +
                             " waiting): dropping notifications until it drains");
            return false;
        }
        queue_.push_back(std::move(command));
    }
    cv_.notify_one();
    return true;
}

size_t ShellCommandRunner::Pending() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
}

void ShellCommandRunner::Run() {
    SetThreadName("ocean-notify");
    std::unique_lock lock(mutex_);
    while (true) {
        cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
        if (stop_) return;
        std::string command = std::move(queue_.front());
        queue_.pop_front();
        if (queue_.empty() && dropped_ > 0) {
            log_.Warning("Notification command queue drained; " + std::to_string(dropped_) +
                         " notifications were dropped");
            dropped_ = 0;
        }
        lock.unlock();
        Execute(command);
        lock.lock();
    }
}

void ShellCommandRunner::Execute(const std::string& command) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    // The child gets stdin/stdout/stderr only: no listening socket or database file stays open in a
    // script that outlives the node.
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    char sh[] = "/bin/sh";
    char dash_c[] = "-c";
    std::string cmd = command;
    char* argv[] = {sh, dash_c, cmd.data(), nullptr};
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, sh, &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        log_.Error("Notification command could not be started (" + std::string(std::strerror(rc)) +
                   "): " + command);
        return;
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            log_.Error("Notification command: waitpid failed: " + std::string(std::strerror(errno)));
            return;
        }
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return;
    const std::string how = WIFEXITED(status) ? "exited with status " + std::to_string(WEXITSTATUS(status))
                                              : "killed by signal " + std::to_string(WTERMSIG(status));
    log_.Warning("Notification command " + how + ": " + command);
}

}  // namespace ocean
