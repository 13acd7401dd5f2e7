// Runs a task every interval on a thread of its own, from construction until destruction (the
// destructor wakes the thread and waits for it). For bookkeeping in each child, such as publishing
// its gauges to the status page or keeping the avatar index fresh; the task must not throw.
#pragma once
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace userphoto {

class PeriodicTask {
public:
    enum class FirstRun { after_interval, at_once };

    PeriodicTask(std::chrono::milliseconds interval, std::function<void()> task,
                 FirstRun first = FirstRun::after_interval);
    ~PeriodicTask();
    PeriodicTask(const PeriodicTask&) = delete;
    PeriodicTask& operator=(const PeriodicTask&) = delete;

private:
    void run();

    const std::chrono::milliseconds interval_;
    const std::function<void()> task_;
    const FirstRun first_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stop_ = false;
    std::thread thread_;  // last: starts once everything above exists
};

}  // namespace userphoto
