// The block-signing key options of oceand, and the key they describe.
//
//   -signingkey=<file>     software key (WIF or 64 hex digits) in a file only its owner can read
//   -hsm=pkcs11            key in an HSM, through the PKCS#11 module below
//   -hsmmodule=<path>      PKCS#11 module (default /usr/lib/softhsm/libsofthsm2.so, Debian's SoftHSM2)
//   -hsmtoken=<label>      token label (or -hsmslot=<n>, a slot id; exactly one of the two)
//   -hsmkeylabel=<label>   CKA_LABEL of the EC key in the token
//   -hsmpinfile=<file>     user PIN in a file only its owner can read (or -hsmpinenv=<VAR>, an environment
//                          variable holding it; exactly one of the two)
//
// A PIN given as a value (-hsmpin=...) is refused with the reason: the command line and ocean.conf are
// readable by other users or tools (ps, /proc/<pid>/cmdline, shell history, backups). -signingkey and
// -hsm are mutually exclusive; HSM options without -hsm=pkcs11 are an error (a forgotten -hsm would
// otherwise sign with nothing). Parsing checks the options only; OpenSigningKey touches files and tokens.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>

#include "ocean/signer/pkcs11_key.h"
#include "ocean/signer/signing_key.h"
#include "ocean/signer/software_key.h"
#include "ocean/util/args.h"
#include "ocean/util/result.h"

namespace ocean {

class Logger;

struct SignerOptions {
    enum class Backend { kNone, kSoftware, kPkcs11 };
    Backend backend = Backend::kNone;
    std::filesystem::path signing_key_file;                    // kSoftware
    std::filesystem::path module_path = kDefaultPkcs11Module;  // kPkcs11
    Pkcs11KeyConfig pkcs11;                                    // kPkcs11
};

// Reads and checks the options above (code "signer-options" on error). Relative file paths are taken
// relative to `base_dir` when it is not empty (the node passes its data directory).
Result<SignerOptions> ParseSignerOptions(const ArgsManager& args, const std::filesystem::path& base_dir = {});

// The key the options describe: the software key from its file, or the PKCS#11 key (module loaded,
// session opened, key found and self-tested). Backend kNone gives an error (code "signer-options").
Result<std::unique_ptr<SigningKey>> OpenSigningKey(const SignerOptions& options, Logger* logger = nullptr,
                                                   std::span<const uint8_t> wif_prefixes = kAllWifPrefixes);

}  // namespace ocean
