// CheckQueue: all checks run exactly once when they pass, the failing check is reported, sessions
// are independent, and zero workers runs everything on the caller.
#include "ocean/util/check_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>

namespace ocean {
namespace {

struct CountingCheck {
    std::shared_ptr<std::atomic<int>> counter;
    int id = 0;
    int fail_id = -1;
    bool operator()() {
        counter->fetch_add(1);
        return id != fail_id;
    }
};

std::vector<CountingCheck> MakeChecks(const std::shared_ptr<std::atomic<int>>& c, int n, int fail_id) {
    std::vector<CountingCheck> v;
    for (int i = 0; i < n; ++i) v.push_back({c, i, fail_id});
    return v;
}

class CheckQueueTest : public ::testing::TestWithParam<unsigned> {};

TEST_P(CheckQueueTest, AllPassRunEveryCheckOnce) {
    CheckQueue<CountingCheck> q(GetParam());
    for (int session = 0; session < 50; ++session) {
        auto counter = std::make_shared<std::atomic<int>>(0);
        for (int batch = 0; batch < 10; ++batch) q.Add(MakeChecks(counter, 97, -1));
        EXPECT_FALSE(q.Wait().has_value());
        EXPECT_EQ(counter->load(), 970);
    }
}

TEST_P(CheckQueueTest, FailureIsReportedAndNextSessionIsClean) {
    CheckQueue<CountingCheck> q(GetParam());
    for (int session = 0; session < 50; ++session) {
        auto counter = std::make_shared<std::atomic<int>>(0);
        q.Add(MakeChecks(counter, 500, 250));
        auto failed = q.Wait();
        ASSERT_TRUE(failed.has_value());
        EXPECT_EQ(failed->id, 250);
        EXPECT_LE(counter->load(), 500);
        // A failure must not leak into the next session.
        auto counter2 = std::make_shared<std::atomic<int>>(0);
        q.Add(MakeChecks(counter2, 100, -1));
        EXPECT_FALSE(q.Wait().has_value());
        EXPECT_EQ(counter2->load(), 100);
    }
}

TEST_P(CheckQueueTest, EmptySession) {
    CheckQueue<CountingCheck> q(GetParam());
    EXPECT_FALSE(q.Wait().has_value());
}

INSTANTIATE_TEST_SUITE_P(Workers, CheckQueueTest, ::testing::Values(0u, 1u, 3u));

}  // namespace
}  // namespace ocean
