// ocean-hsm: the operator's tool for block-signing keys in a PKCS#11 token (the federation's `hsm init`
// step): list slots, initialize a dev token, create a key and print its public key, print the public key
// of an existing key, sign a hash (for tests), and build the M-of-N signblockscript from the members'
// public keys. PINs come from files or environment variables only.
#include <cstdio>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ocean/signer/pkcs11_key.h"
#include "ocean/signer/pkcs11_module.h"
#include "ocean/signer/signblock_script.h"
#include "ocean/util/hex.h"
#include "ocean/util/strings.h"
#include "ocean/util/uint256.h"

namespace ocean {
namespace {

constexpr const char* kUsage = R"(Usage: ocean-hsm <command> [options] [arguments]

Commands:
  slots      List the module's slots and tokens.
  inittoken  Initialize a token (SoftHSM2 and other dev tokens; use the vendor's tools for a real HSM).
             Needs -token=<label> and the SO PIN (-sopinfile=<file> or -sopinenv=<VAR>) and the new user
             PIN (-pinfile or -pinenv); -slot=<n> picks the slot (default: the first uninitialized one).
  init       Create a secp256k1 block-signing key in the token and print its compressed public key (hex).
             Refuses if an object with the label exists already.
  pubkey     Print the compressed public key (hex) of an existing key.
  sign       Sign -hash=<64 hex, a block hash as RPCs print it> and print the DER signature (hex).
  script     Print the M-of-N signblockscript (hex): ocean-hsm script -nrequired=M <pubkey> <pubkey> ...
             Keys stay in the order given; the block proof lists signatures in the same order.

Token options (init, pubkey, sign):
  -module=<path>      PKCS#11 module (default: /usr/lib/softhsm/libsofthsm2.so)
  -token=<label>      token label, or -slot=<n>
  -key=<label>        key label (CKA_LABEL)
  -pinfile=<file>     user PIN in a file only you can read (chmod 600), or -pinenv=<VAR>

Exit status: 0 on success, 1 on a token or key error, 2 on a usage error.
PINs are never accepted as option values: anything given on a command line can be read by other users.
)";

constexpr int kExitError = 1;
constexpr int kExitUsage = 2;

struct Invocation {
    std::string command;
    std::map<std::string, std::string> options;
    std::vector<std::string> arguments;
};

int Usage(const std::string& message) {
    std::cerr << "ocean-hsm: " << message << "\nTry: ocean-hsm -help\n";
    return kExitUsage;
}

int Fail(const Error& e) {
    std::cerr << "ocean-hsm: " << e.ToString() << "\n";
    return kExitError;
}

// `-name=value` / `--name=value` / `-name` options and plain arguments, after the command word.
Result<Invocation> ParseInvocation(int argc, char** argv) {
    Invocation inv;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a.size() > 1 && a[0] == '-') {
            a.erase(0, a[1] == '-' ? 2 : 1);
            const size_t eq = a.find('=');
            const std::string name = a.substr(0, eq);
            if (name == "pin" || name == "hsmpin" || name == "sopin") {
                return Error("usage",
                             "-" + name +
                                 " is not accepted: a PIN on the command line can be read by other users "
                                 "(ps, /proc, shell history). Use -" +
                                 name.substr(name == "hsmpin" ? 3 : 0) + "file=<file> (chmod 600) or -" +
                                 name.substr(name == "hsmpin" ? 3 : 0) + "env=<VAR>");
            }
            if (inv.options.count(name)) return Error("usage", "-" + name + " is given twice");
            inv.options[name] = eq == std::string::npos ? "" : a.substr(eq + 1);
        } else if (inv.command.empty()) {
            inv.command = a;
        } else {
            inv.arguments.push_back(a);
        }
    }
    return inv;
}

Status CheckOptions(const Invocation& inv, const std::set<std::string>& allowed, bool arguments_allowed) {
    for (const auto& [name, value] : inv.options)
        if (!allowed.count(name))
            return Error("usage", "option -" + name + " does not apply to '" + inv.command + "'");
    if (!arguments_allowed && !inv.arguments.empty())
        return Error("usage", "unexpected argument '" + inv.arguments.front() + "'");
    return Status::Ok();
}

std::optional<std::string> Opt(const Invocation& inv, const std::string& name) {
    auto it = inv.options.find(name);
    if (it == inv.options.end()) return std::nullopt;
    return it->second;
}

Result<PinSource> Pin(const Invocation& inv, const std::string& prefix) {
    auto file = Opt(inv, prefix + "pinfile"), env = Opt(inv, prefix + "pinenv");
    if (file.has_value() == env.has_value())
        return Error("usage",
                     "give exactly one of -" + prefix + "pinfile=<file> and -" + prefix + "pinenv=<VAR>");
    if (file) {
        if (file->empty()) return Error("usage", "-" + prefix + "pinfile needs a file name");
        return PinSource::File(*file);
    }
    if (env->empty()) return Error("usage", "-" + prefix + "pinenv needs a variable name");
    return PinSource::Environment(*env);
}

Result<Pkcs11TokenLocation> Location(const Invocation& inv) {
    auto token = Opt(inv, "token"), slot = Opt(inv, "slot");
    if (token.has_value() == slot.has_value())
        return Error("usage", "give exactly one of -token=<label> and -slot=<n>");
    if (token) {
        if (token->empty() || token->size() > 32)
            return Error("usage", "-token needs a label of 1 to 32 characters");
        return Pkcs11TokenLocation{*token, std::nullopt};
    }
    auto id = ParseUInt64(*slot);
    if (!id) return Error("usage", "-slot needs a slot number");
    return Pkcs11TokenLocation{std::nullopt, static_cast<CK_SLOT_ID>(*id)};
}

Result<std::shared_ptr<Pkcs11Module>> LoadModule(const Invocation& inv) {
    return Pkcs11Module::Load(Opt(inv, "module").value_or(kDefaultPkcs11Module));
}

int CmdSlots(const Invocation& inv) {
    if (Status s = CheckOptions(inv, {"module"}, false); !s) return Usage(s.error().message);
    auto module = LoadModule(inv);
    if (!module) return Fail(module.error());
    auto slots = (*module)->ListSlots();
    if (!slots) return Fail(slots.error());
    std::cout << "module: " << (*module)->path().string() << " — " << (*module)->LibraryDescription() << "\n";
    for (const Pkcs11SlotInfo& s : *slots) {
        std::cout << "slot " << s.slot_id << ": ";
        if (!s.token_present) {
            std::cout << "no token\n";
        } else if (!s.token_initialized) {
            std::cout << "uninitialized token\n";
        } else {
            std::cout << "token '" << s.token_label << "' (" << s.manufacturer << " " << s.model
                      << ", serial " << s.serial << (s.user_pin_initialized ? "" : ", no user PIN") << ")\n";
        }
    }
    return 0;
}

int CmdInitToken(const Invocation& inv) {
    if (Status s = CheckOptions(
            inv, {"module", "token", "slot", "sopinfile", "sopinenv", "pinfile", "pinenv"}, false);
        !s)
        return Usage(s.error().message);
    auto label = Opt(inv, "token");
    if (!label || label->empty() || label->size() > 32)
        return Usage("inittoken needs -token=<label of 1 to 32 characters>");
    auto so = Pin(inv, "so");
    if (!so) return Usage(so.error().message);
    auto user = Pin(inv, "");
    if (!user) return Usage(user.error().message);
    std::optional<CK_SLOT_ID> slot_id;
    if (auto slot = Opt(inv, "slot")) {
        auto id = ParseUInt64(*slot);
        if (!id) return Usage("-slot needs a slot number");
        slot_id = static_cast<CK_SLOT_ID>(*id);
    }
    auto module = LoadModule(inv);
    if (!module) return Fail(module.error());
    if (!slot_id) {
        auto free_slot = (*module)->FindUninitializedSlot();
        if (!free_slot) return Fail(free_slot.error());
        slot_id = *free_slot;
    }
    auto so_pin = so->Read();
    if (!so_pin) return Fail(so_pin.error());
    auto user_pin = user->Read();
    if (!user_pin) return Fail(user_pin.error());
    auto slot = (*module)->InitToken(*slot_id, *label, *so_pin, *user_pin);
    if (!slot) return Fail(slot.error());
    std::cout << "initialized token '" << *label << "' in slot " << *slot << "\n";
    return 0;
}

// init, pubkey and sign share their options.
int CmdKey(const Invocation& inv) {
    std::set<std::string> allowed = {"module", "token", "slot", "key", "pinfile", "pinenv"};
    if (inv.command == "sign") allowed.insert("hash");
    if (Status s = CheckOptions(inv, allowed, false); !s) return Usage(s.error().message);
    auto where = Location(inv);
    if (!where) return Usage(where.error().message);
    auto pin = Pin(inv, "");
    if (!pin) return Usage(pin.error().message);
    auto label = Opt(inv, "key");
    if (!label || label->empty()) return Usage(inv.command + " needs -key=<key label>");
    std::optional<uint256> hash;
    if (inv.command == "sign") {
        auto h = Opt(inv, "hash");
        if (h) hash = uint256::FromHexStrict(*h);
        if (!hash) return Usage("sign needs -hash=<64 hex digits>");
    }
    auto module = LoadModule(inv);
    if (!module) return Fail(module.error());

    if (inv.command == "init") {
        auto pub = GeneratePkcs11Key(**module, *where, *pin, *label);
        if (!pub) return Fail(pub.error());
        std::cout << HexStr(pub->span()) << "\n";
        return 0;
    }
    auto key = Pkcs11Key::Open(*module, Pkcs11KeyConfig{*where, *label, *pin});
    if (!key) return Fail(key.error());
    if (inv.command == "pubkey") {
        std::cout << HexStr((*key)->PublicKey().span()) << "\n";
        return 0;
    }
    auto sig = (*key)->Sign(*hash);
    if (!sig) return Fail(sig.error());
    std::cout << HexStr(*sig) << "\n";
    return 0;
}

int CmdScript(const Invocation& inv) {
    if (Status s = CheckOptions(inv, {"nrequired"}, true); !s) return Usage(s.error().message);
    auto m = Opt(inv, "nrequired");
    auto required = m ? ParseInt32(*m) : std::nullopt;
    if (!required) return Usage("script needs -nrequired=<M>");
    if (inv.arguments.empty()) return Usage("script needs the public keys (hex) as arguments");
    std::vector<PubKey> keys;
    for (const std::string& hex : inv.arguments) {
        auto bytes = ParseHex(hex);
        PubKey k;
        if (!bytes || !k.Set(*bytes) || !k.IsFullyValid())
            return Usage("'" + hex + "' is not a public key in hex");
        keys.push_back(k);
    }
    auto script = BuildSignBlockScript(*required, keys);
    if (!script) return Fail(script.error());
    std::cout << HexStr(script->bytes()) << "\n";
    return 0;
}

int Main(int argc, char** argv) {
    auto inv = ParseInvocation(argc, argv);
    if (!inv) return Usage(inv.error().message);
    if (inv->command.empty() || inv->command == "help" || inv->options.count("help") ||
        inv->options.count("?") || inv->options.count("h")) {
        std::cout << kUsage;
        return inv->command.empty() && inv->options.empty() ? kExitUsage : 0;
    }
    if (inv->command == "slots") return CmdSlots(*inv);
    if (inv->command == "inittoken") return CmdInitToken(*inv);
    if (inv->command == "init" || inv->command == "pubkey" || inv->command == "sign") return CmdKey(*inv);
    if (inv->command == "script") return CmdScript(*inv);
    return Usage("unknown command '" + inv->command + "'");
}

}  // namespace
}  // namespace ocean

int main(int argc, char** argv) {
    return ocean::Main(argc, argv);
}
