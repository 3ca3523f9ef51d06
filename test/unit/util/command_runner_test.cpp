// ShellCommandRunner with real /bin/sh children: order, %s substitution, descriptors not inherited, a
// full queue dropping commands, failures logged, and shutdown while a command runs.
#include "ocean/util/command_runner.h"

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "ocean/util/fs.h"
#include "util_temp_dir.h"

namespace ocean::test {
namespace {

class CommandRunnerTest : public UtilTempDir {
  protected:
    void SetUp() override {
        UtilTempDir::SetUp();
        ASSERT_TRUE(log_.OpenFile(dir_ / "debug.log").ok());
    }
    void TearDown() override {
        log_.CloseFile();
        UtilTempDir::TearDown();
    }
    std::string Read(const std::string& name) {
        auto t = ReadFileText(dir_ / name);
        return t.ok() ? *t : std::string();
    }
    // Waits (bounded) until `name` holds `lines` lines.
    std::string WaitLines(const std::string& name, size_t lines) {
        for (int i = 0; i < 1000; ++i) {
            const std::string s = Read(name);
            if (static_cast<size_t>(std::count(s.begin(), s.end(), '\n')) >= lines) return s;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return Read(name);
    }
    std::string P(const std::string& name) { return (dir_ / name).string(); }

    SystemClock clock_;
    Logger log_{clock_};
};

TEST(FormatNotifyCommand, ReplacesEveryPercentS) {
    EXPECT_EQ(FormatNotifyCommand("echo %s >> f; echo %s", "ab"), "echo ab >> f; echo ab");
    EXPECT_EQ(FormatNotifyCommand("no placeholder %d %", "x"), "no placeholder %d %");
    EXPECT_EQ(FormatNotifyCommand("%s%s", "1"), "11");
    EXPECT_EQ(FormatNotifyCommand("", "1"), "");
}

TEST_F(CommandRunnerTest, RunsInOrderWithSubstitution) {
    {
        ShellCommandRunner runner(log_);
        for (int i = 0; i < 20; ++i)
            ASSERT_TRUE(
                runner.Enqueue(FormatNotifyCommand("echo %s >> '" + P("out") + "'", std::to_string(i))));
        std::string expected;
        for (int i = 0; i < 20; ++i) expected += std::to_string(i) + "\n";
        EXPECT_EQ(WaitLines("out", 20), expected);
    }
}

TEST_F(CommandRunnerTest, ChildInheritsNoOtherDescriptor) {
    // A descriptor without O_CLOEXEC, as a listening socket or a database file of the node may be.
    // Moved to a high number so that it cannot be mistaken for the directory ls opens itself.
    const int low = ::open(P("held").c_str(), O_CREAT | O_WRONLY, 0600);
    ASSERT_GE(low, 3);
    const int fd = ::fcntl(low, F_DUPFD, 200);
    ::close(low);
    ASSERT_GE(fd, 200);
    {
        ShellCommandRunner runner(log_);
        ASSERT_TRUE(runner.Enqueue("ls /proc/self/fd > '" + P("fds") + "'; echo done >> '" + P("fds") + "'"));
        const std::string fds = WaitLines("fds", 2);
        EXPECT_NE(fds.find("done"), std::string::npos);
        EXPECT_EQ(fds.find(std::to_string(fd) + "\n"), std::string::npos) << fds;
    }
    ::close(fd);
}

TEST_F(CommandRunnerTest, FailuresAreLogged) {
    {
        ShellCommandRunner runner(log_);
        ASSERT_TRUE(runner.Enqueue("exit 3"));
        ASSERT_TRUE(runner.Enqueue("kill -9 $$"));
        ASSERT_TRUE(runner.Enqueue("touch '" + P("last") + "'"));
        for (int i = 0; i < 500 && !std::filesystem::exists(dir_ / "last"); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    log_.CloseFile();
    const std::string logged = Read("debug.log");
    EXPECT_NE(logged.find("Notification command exited with status 3: exit 3"), std::string::npos) << logged;
    EXPECT_NE(logged.find("Notification command killed by signal 9"), std::string::npos) << logged;
}

TEST_F(CommandRunnerTest, FullQueueDropsAndShutdownSkipsTheRest) {
    const std::string gate = P("gate");
    std::thread opener;
    {
        ShellCommandRunner runner(log_, 3);
        // The first command holds the worker until the gate file appears.
        ASSERT_TRUE(runner.Enqueue("while [ ! -e '" + gate + "' ]; do sleep 0.01; done; echo first >> '" +
                                   P("out") + "'"));
        for (int i = 0; i < 500 && runner.Pending() != 0; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        ASSERT_EQ(runner.Pending(), 0u);  // the worker took it
        for (int i = 0; i < 3; ++i) EXPECT_TRUE(runner.Enqueue("echo queued >> '" + P("out") + "'"));
        EXPECT_FALSE(runner.Enqueue("echo dropped >> '" + P("out") + "'"));
        EXPECT_EQ(runner.Pending(), 3u);
        // Shutdown with the first still running: it finishes, the queued ones are skipped.
        opener = std::thread([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            EXPECT_TRUE(WriteFileAtomic(gate, std::string_view("x")).ok());
        });
    }
    opener.join();
    EXPECT_EQ(Read("out"), "first\n");
    log_.CloseFile();
    const std::string logged = Read("debug.log");
    EXPECT_NE(logged.find("Notification command queue full (3 waiting)"), std::string::npos) << logged;
    EXPECT_NE(logged.find("Notification commands not run at shutdown: 3"), std::string::npos) << logged;
}

}  // namespace
}  // namespace ocean::test
