// Unit tests of the node layer's parts: data-directory lock, pid file, shutdown controller, progress
// lines.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "ocean/node/datadir_lock.h"
#include "ocean/node/pid_file.h"
#include "ocean/node/progress.h"
#include "ocean/node/shutdown.h"
#include "util/temp_dir.h"

namespace ocean {
namespace {

TEST(DataDirLock, SecondLockIsRefusedUntilTheFirstIsReleased) {
    test::TempDir dir("oceand_lock");
    auto first = DataDirLock::Acquire(dir.path());
    ASSERT_TRUE(first) << first.error().ToString();
    auto second = DataDirLock::Acquire(dir.path());
    ASSERT_FALSE(second);
    EXPECT_NE(second.error().message.find("Cannot obtain a lock on data directory"), std::string::npos);
    first.value().reset();
    EXPECT_TRUE(DataDirLock::Acquire(dir.path()));
}

TEST(DataDirLock, MissingDirectoryIsAnError) {
    auto lock = DataDirLock::Acquire("/nonexistent/oceand/dir");
    ASSERT_FALSE(lock);
    EXPECT_NE(lock.error().message.find("Cannot open lock file"), std::string::npos);
}

TEST(PidFile, HoldsThePidAndIsRemoved) {
    test::TempDir dir("oceand_pid");
    const auto path = dir.path() / "ocean-daemon.pid";
    {
        auto pid = PidFile::Create(path);
        ASSERT_TRUE(pid);
        std::ifstream in(path);
        long value = 0;
        in >> value;
        EXPECT_EQ(value, static_cast<long>(::getpid()));
    }
    EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(ShutdownController, WaitReturnsTheFirstReason) {
    ShutdownController s;
    EXPECT_FALSE(s.ShutdownRequested());
    std::thread t([&] { s.RequestShutdown("stop RPC"); });
    EXPECT_EQ(s.WaitForShutdown(), "stop RPC");
    t.join();
    s.RequestShutdown("SIGTERM");
    EXPECT_EQ(s.WaitForShutdown(), "stop RPC");
    EXPECT_TRUE(s.ShutdownRequested());
}

TEST(ProgressReporter, LinesShowPercentRateAndEta) {
    EXPECT_EQ(ProgressReporter::FormatLine("Connecting blocks", 250, 1000, 50.0),
              "Connecting blocks: 25.0% (250 of 1000 blocks, 50.0 blocks/s, ETA 00:00:15)");
    EXPECT_EQ(ProgressReporter::FormatLine("Verifying blocks", 10, 0, 2.0),
              "Verifying blocks: (10 blocks, 2.0 blocks/s)");
    EXPECT_EQ(ProgressReporter::FormatLine("Reindexing blocks", 50000000, 100000000, 25e6),
              "Reindexing blocks: 50.0% (50.0 MB of 100.0 MB, 25.0 MB/s, ETA 00:00:02)");
}

TEST(ProgressReporter, ThrottlesAndFeedsTheStatus) {
    MockClock clock(1000);
    Logger log(clock);
    std::vector<std::string> statuses;
    ProgressReporter p(
        log, clock, [&](const std::string& s) { statuses.push_back(s); }, std::chrono::seconds(5));
    p.Update("Connecting blocks", 0, 100);
    EXPECT_EQ(statuses, std::vector<std::string>{"Connecting blocks..."});
    clock.AdvanceMicros(1'000'000);
    p.Update("Connecting blocks", 10, 100);  // within the interval: nothing
    EXPECT_EQ(statuses.size(), 1u);
    clock.AdvanceMicros(5'000'000);
    p.Update("Connecting blocks", 60, 100);
    ASSERT_EQ(statuses.size(), 2u);
    EXPECT_EQ(statuses[1], "Connecting blocks: 60.0% (60 of 100 blocks, 10.0 blocks/s, ETA 00:00:04)");
}

}  // namespace
}  // namespace ocean
