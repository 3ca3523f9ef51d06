#include "ocean/util/periodic_task.h"

#include "ocean/util/thread_name.h"

namespace ocean {

PeriodicTask::PeriodicTask(std::string thread_name, std::chrono::milliseconds first_delay,
                           std::chrono::milliseconds interval, std::function<void()> fn)
    : name_(std::move(thread_name)), interval_(interval), fn_(std::move(fn)) {
    thread_ = std::thread([this, first_delay] { Run(first_delay); });
}

PeriodicTask::~PeriodicTask() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void PeriodicTask::Run(std::chrono::milliseconds first_delay) {
    SetThreadName(name_);
    auto next = std::chrono::steady_clock::now() + first_delay;
    std::unique_lock lock(mutex_);
    while (true) {
        if (cv_.wait_until(lock, next, [this] { return stop_; })) return;
        lock.unlock();
        fn_();
        lock.lock();
        next = std::chrono::steady_clock::now() + interval_;
    }
}

}  // namespace ocean
