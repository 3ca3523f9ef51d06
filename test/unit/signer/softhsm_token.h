// SoftHsmTest: a GoogleTest fixture giving each test its own SoftHSM2 token. SetUp writes a softhsm2.conf
// whose token directory is a fresh temporary directory, points SOFTHSM2_CONF at it, loads the module and
// initializes a token through PKCS#11 (C_InitToken, C_InitPIN: no subprocess); TearDown drops the module
// (C_Finalize) and removes the directory. Without SoftHSM2 installed the tests FAIL with the package name:
// CI installs it (contrib/install-deps.sh), so a silent skip would hide a missing dependency.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "ocean/signer/pkcs11_module.h"
#include "ocean/util/fs.h"
#include "util/temp_dir.h"

namespace ocean::test {

inline constexpr const char* kTestTokenLabel = "ocean-test";
inline constexpr const char* kTestUserPin = "user-pin-1234";
inline constexpr const char* kTestSoPin = "so-pin-5678";

// Writes `content` to `path` with `mode` (the helpers below use it for PIN and key files).
inline void WriteTestFile(const std::filesystem::path& path, std::string_view content, unsigned mode = 0600) {
    ASSERT_TRUE(WriteFileAtomic(path, content, mode).ok());
    std::filesystem::permissions(path, static_cast<std::filesystem::perms>(mode));
}

class SoftHsmTest : public ::testing::Test {
  protected:
    void SetUp() override {
        if (!std::filesystem::exists(kDefaultPkcs11Module)) {
            FAIL() << "SoftHSM2 is not installed (" << kDefaultPkcs11Module
                   << " is missing): install the Debian package softhsm2 (contrib/install-deps.sh)";
        }
        dir_.emplace("ocean_softhsm_");
        std::filesystem::create_directory(dir_->path() / "tokens");
        const std::filesystem::path conf = dir_->path() / "softhsm2.conf";
        WriteTestFile(conf, "directories.tokendir = " + (dir_->path() / "tokens").string() +
                                "\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");
        ::setenv("SOFTHSM2_CONF", conf.c_str(), 1);
        auto module = Pkcs11Module::Load(kDefaultPkcs11Module);
        ASSERT_TRUE(module.ok()) << module.error().ToString();
        module_ = std::move(*module);
        auto free_slot = module_->FindUninitializedSlot();
        ASSERT_TRUE(free_slot.ok()) << free_slot.error().ToString();
        auto slot = module_->InitToken(*free_slot, kTestTokenLabel, SecretString(kTestSoPin),
                                       SecretString(kTestUserPin));
        ASSERT_TRUE(slot.ok()) << slot.error().ToString();
        slot_ = *slot;
        pin_file_ = dir_->path() / "pin";
        WriteTestFile(pin_file_, std::string(kTestUserPin) + "\n");
    }

    void TearDown() override {
        module_.reset();
        ::unsetenv("SOFTHSM2_CONF");
        dir_.reset();
    }

    Pkcs11TokenLocation Token() const { return {std::string(kTestTokenLabel), std::nullopt}; }
    const std::filesystem::path& dir() const { return dir_->path(); }

    std::optional<TempDir> dir_;
    std::shared_ptr<Pkcs11Module> module_;
    CK_SLOT_ID slot_ = 0;
    std::filesystem::path pin_file_;
};

}  // namespace ocean::test
