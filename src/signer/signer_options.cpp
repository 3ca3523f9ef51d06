// ParseSignerOptions and OpenSigningKey (see signer_options.h).
#include "ocean/signer/signer_options.h"

#include "ocean/util/strings.h"

namespace ocean {

namespace {

Error OptionError(std::string message) {
    return Error("signer-options", std::move(message));
}

std::filesystem::path Resolve(const std::string& value, const std::filesystem::path& base_dir) {
    std::filesystem::path p(value);
    if (p.is_relative() && !base_dir.empty()) p = base_dir / p;
    return p;
}

}  // namespace

Result<SignerOptions> ParseSignerOptions(const ArgsManager& args, const std::filesystem::path& base_dir) {
    if (args.IsArgSet("hsmpin")) {
        return OptionError(
            "-hsmpin is not accepted: a PIN on the command line or in ocean.conf can be read by other users "
            "and tools (ps, /proc/<pid>/cmdline, shell history, backups). Put the PIN in a file only the "
            "node's "
            "user can read and pass -hsmpinfile=<file>, or name an environment variable with "
            "-hsmpinenv=<VAR>");
    }
    SignerOptions o;
    const bool software = args.IsArgSet("signingkey");
    const std::string hsm = args.GetArg("hsm", "");
    const bool hsm_on = args.IsArgSet("hsm") && hsm != "0";
    if (hsm_on && hsm != "pkcs11")
        return OptionError("-hsm=" + hsm + " is not supported; the only HSM interface is -hsm=pkcs11");
    if (software && hsm_on) return OptionError("-signingkey and -hsm are mutually exclusive: choose one key");

    static constexpr const char* kHsmOptions[] = {"hsmmodule",   "hsmtoken",   "hsmslot",
                                                  "hsmkeylabel", "hsmpinfile", "hsmpinenv"};
    if (!hsm_on) {
        for (const char* name : kHsmOptions)
            if (args.IsArgSet(name)) return OptionError(std::string("-") + name + " needs -hsm=pkcs11");
    }

    if (software) {
        const std::string file = args.GetArg("signingkey", "");
        if (file.empty())
            return OptionError("-signingkey needs a file name (the key itself never goes in options)");
        o.backend = SignerOptions::Backend::kSoftware;
        o.signing_key_file = Resolve(file, base_dir);
        return o;
    }
    if (!hsm_on) return o;

    o.backend = SignerOptions::Backend::kPkcs11;
    if (args.IsArgSet("hsmmodule")) {
        const std::string module = args.GetArg("hsmmodule", "");
        if (module.empty()) return OptionError("-hsmmodule needs the path of the PKCS#11 module");
        o.module_path = module;
    }
    const bool token = args.IsArgSet("hsmtoken"), slot = args.IsArgSet("hsmslot");
    if (token == slot)
        return OptionError("-hsm=pkcs11 needs exactly one of -hsmtoken=<label> and -hsmslot=<n>");
    if (token) {
        const std::string label = args.GetArg("hsmtoken", "");
        if (label.empty() || label.size() > 32)
            return OptionError("-hsmtoken needs a token label of 1 to 32 characters");
        o.pkcs11.token.token_label = label;
    } else {
        const auto id = ParseUInt64(args.GetArg("hsmslot", ""));
        if (!id) return OptionError("-hsmslot needs a slot number");
        o.pkcs11.token.slot_id = static_cast<CK_SLOT_ID>(*id);
    }
    o.pkcs11.key_label = args.GetArg("hsmkeylabel", "");
    if (o.pkcs11.key_label.empty())
        return OptionError("-hsm=pkcs11 needs -hsmkeylabel=<label of the key in the token>");
    if (o.pkcs11.key_label.size() > kMaxPkcs11LabelSize) return OptionError("-hsmkeylabel is too long");

    const bool pinfile = args.IsArgSet("hsmpinfile"), pinenv = args.IsArgSet("hsmpinenv");
    if (pinfile == pinenv)
        return OptionError(
            "-hsm=pkcs11 needs exactly one of -hsmpinfile=<file> and -hsmpinenv=<VAR> for the user PIN");
    if (pinfile) {
        const std::string file = args.GetArg("hsmpinfile", "");
        if (file.empty()) return OptionError("-hsmpinfile needs a file name");
        o.pkcs11.pin = PinSource::File(Resolve(file, base_dir).string());
    } else {
        const std::string var = args.GetArg("hsmpinenv", "");
        if (var.empty()) return OptionError("-hsmpinenv needs the name of an environment variable");
        o.pkcs11.pin = PinSource::Environment(var);
    }
    return o;
}

Result<std::unique_ptr<SigningKey>> OpenSigningKey(const SignerOptions& options, Logger* logger,
                                                   std::span<const uint8_t> wif_prefixes) {
    switch (options.backend) {
        case SignerOptions::Backend::kNone:
            return OptionError("no signing key configured (-signingkey=<file> or -hsm=pkcs11)");
        case SignerOptions::Backend::kSoftware: {
            auto key = SoftwareKey::FromFile(options.signing_key_file, wif_prefixes);
            if (!key) return key.error();
            return std::unique_ptr<SigningKey>(std::move(*key));
        }
        case SignerOptions::Backend::kPkcs11: {
            auto module = Pkcs11Module::Load(options.module_path);
            if (!module) return module.error();
            auto key = Pkcs11Key::Open(std::move(*module), options.pkcs11, logger);
            if (!key) return key.error();
            return std::unique_ptr<SigningKey>(std::move(*key));
        }
    }
    return OptionError("unknown signing key backend");
}

}  // namespace ocean
