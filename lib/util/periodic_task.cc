#include "util/periodic_task.h"

namespace userphoto {

PeriodicTask::PeriodicTask(std::chrono::milliseconds interval, std::function<void()> task, FirstRun first)
    : interval_(interval), task_(std::move(task)), first_(first), thread_([this] { run(); }) {}

PeriodicTask::~PeriodicTask() {
    {
        std::lock_guard guard(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void PeriodicTask::run() {
    if (first_ == FirstRun::at_once) task_();
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, interval_, [this] { return stop_; })) {
        lock.unlock();
        task_();
        lock.lock();
    }
}

}  // namespace userphoto
