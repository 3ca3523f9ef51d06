// CheckQueue: runs independent verification jobs (script checks of a block's inputs) on a fixed pool of
// worker threads, with the submitting thread working alongside them while it waits.
//
// A session is opened by the one thread that validates a block (the chain lock serialises sessions).
// It adds checks in batches; Wait() helps drain the queue and returns once every check ran or one
// failed. After the first failure the remaining checks are dropped, and that failing check is handed
// back so the caller can report its error. With zero workers everything runs on the waiting thread.
//
// T must be movable and provide `bool operator()()` (true = passed). Checks must not touch shared
// mutable state except through their own synchronisation (the signature cache is thread-safe).
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "ocean/util/thread_name.h"

namespace ocean {

template <typename T>
class CheckQueue {
  public:
    explicit CheckQueue(unsigned worker_threads, size_t batch_size = 64)
        : batch_size_(std::max<size_t>(1, batch_size)) {
        workers_.reserve(worker_threads);
        for (unsigned i = 0; i < worker_threads; ++i) {
            workers_.emplace_back([this, i] {
                SetThreadName("ocean-scriptch." + std::to_string(i));
                WorkerLoop();
            });
        }
    }
    ~CheckQueue() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        work_cv_.notify_all();
        for (auto& t : workers_) t.join();
    }
    CheckQueue(const CheckQueue&) = delete;
    CheckQueue& operator=(const CheckQueue&) = delete;

    size_t WorkerCount() const { return workers_.size(); }

    // Queue more checks of the current session.
    void Add(std::vector<T>&& checks) {
        if (checks.empty()) return;
        {
            std::lock_guard lock(mutex_);
            if (failed_) return;  // the session's outcome is already known
            for (auto& c : checks) queue_.push_back(std::move(c));
            pending_ += checks.size();
        }
        if (checks.size() == 1)
            work_cv_.notify_one();
        else
            work_cv_.notify_all();
    }

    // Runs checks until all have finished. Returns the first failing check, or nullopt if all passed.
    // Resets the queue for the next session.
    std::optional<T> Wait() {
        std::vector<T> batch;
        std::unique_lock lock(mutex_);
        while (true) {
            if (!queue_.empty() && !failed_) {
                TakeBatch(batch);
                lock.unlock();
                RunBatch(batch);
                lock.lock();
                continue;
            }
            if (failed_) {
                // Drop what nobody started; wait for the checks in flight.
                pending_ -= queue_.size();
                queue_.clear();
            }
            if (pending_ == 0) break;
            done_cv_.wait(lock);
        }
        std::optional<T> result = std::move(failed_check_);
        failed_check_.reset();
        failed_ = false;
        failed_flag_.store(false, std::memory_order_relaxed);
        return result;
    }

  private:
    void TakeBatch(std::vector<T>& batch) {
        batch.clear();
        // Take a fair slice of what is left (at most batch_size_), small enough that the threads finish
        // together: a large last batch would leave the others idle while it runs.
        const size_t participants = workers_.size() + 1;
        size_t take = std::clamp<size_t>(queue_.size() / (2 * participants), 1, batch_size_);
        take = std::min(take, queue_.size());
        for (size_t i = 0; i < take; ++i) {
            batch.push_back(std::move(queue_.back()));
            queue_.pop_back();
        }
    }

    // Runs a batch outside the lock, then accounts for it.
    void RunBatch(std::vector<T>& batch) {
        std::optional<T> failure;
        for (auto& check : batch) {
            if (!check()) {
                failure.emplace(std::move(check));
                break;
            }
            if (failed_flag_.load(std::memory_order_relaxed)) break;
        }
        std::lock_guard lock(mutex_);
        if (failure && !failed_) {
            failed_ = true;
            failed_flag_.store(true, std::memory_order_relaxed);
            failed_check_ = std::move(failure);
        }
        pending_ -= batch.size();  // the unrun rest of a batch is dropped with it
        if (pending_ == 0 || failed_) done_cv_.notify_all();
        batch.clear();
    }

    void WorkerLoop() {
        std::vector<T> batch;
        std::unique_lock lock(mutex_);
        while (true) {
            work_cv_.wait(lock, [this] { return stopping_ || (!queue_.empty() && !failed_); });
            if (stopping_) return;
            TakeBatch(batch);
            lock.unlock();
            RunBatch(batch);
            lock.lock();
        }
    }

    const size_t batch_size_;
    std::vector<std::thread> workers_;
    std::mutex mutex_;
    std::condition_variable work_cv_;  // workers: work arrived or stopping
    std::condition_variable done_cv_;  // waiter: pending reached 0 or a failure happened
    std::vector<T> queue_;
    size_t pending_ = 0;  // added but not yet accounted for (queued or running)
    bool failed_ = false;
    std::atomic<bool> failed_flag_{false};  // lock-free hint so running batches stop early
    std::optional<T> failed_check_;
    bool stopping_ = false;
};

}  // namespace ocean
