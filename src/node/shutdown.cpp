#include "ocean/node/shutdown.h"

#include <pthread.h>
#include <signal.h>

namespace ocean {
namespace {

sigset_t HandledSignals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGUSR1);  // internal: wakes the signal thread at destruction
    return set;
}

}  // namespace

void ShutdownController::BlockSignals() {
    sigset_t set = HandledSignals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    signal(SIGPIPE, SIG_IGN);
}

void ShutdownController::StartSignalThread(std::function<void()> on_hangup) {
    signal_thread_ = std::thread([this, on_hangup = std::move(on_hangup)] {
        sigset_t set = HandledSignals();
        while (!stopping_.load()) {
            int sig = 0;
            if (sigwait(&set, &sig) != 0) continue;
            if (sig == SIGHUP) {
                if (on_hangup) on_hangup();
            } else if (sig == SIGINT || sig == SIGTERM) {
                RequestShutdown(sig == SIGINT ? "SIGINT" : "SIGTERM");
            }
        }
    });
}

ShutdownController::~ShutdownController() {
    if (signal_thread_.joinable()) {
        stopping_.store(true);
        pthread_kill(signal_thread_.native_handle(), SIGUSR1);
        signal_thread_.join();
    }
}

void ShutdownController::RequestShutdown(const std::string& reason) {
    {
        std::lock_guard lock(mu_);
        if (requested_.load()) return;
        reason_ = reason;
        requested_.store(true, std::memory_order_release);
    }
    cv_.notify_all();
}

std::string ShutdownController::WaitForShutdown() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return requested_.load(); });
    return reason_;
}

}  // namespace ocean
