// Policy-list commands (policy.md §12, §15; rpc.md §6.3): the local whitelist (plain variant),
// freezelist and burnlist. They act on the node's in-memory lists only (not on the chain), work whether
// or not -pkhwhitelist/-freezelist/-burnlist is set, and their changes last until the lists are rebuilt
// (restart, or a reorg below the revert journal), as in Ocean.
#include <fstream>

#include "ocean/crypto/pubkey.h"
#include "ocean/mempool/accept.h"
#include "ocean/mempool/policy_list_rules.h"
#include "ocean/mempool/policy_lists.h"
#include "ocean/rpc/commands.h"
#include "ocean/rpc/context.h"
#include "ocean/rpc/protocol.h"
#include "ocean/rpc/util.h"
#include "ocean/script/address.h"
#include "ocean/util/fs.h"
#include "ocean/util/hex.h"

namespace ocean {
namespace {

PolicyLists& ListsOf(const RPCContext& ctx) {
    if (!ctx.policy_lists) throw RPCError(RPC_INTERNAL_ERROR, "Policy lists are not loaded");
    return *ctx.policy_lists;
}

ListPolicyOptions ListOptionsOf(const RPCContext& ctx) {
    return ctx.accept_options ? ctx.accept_options->list_policy : ListPolicyOptions{};
}

// A file named by an RPC parameter: absolute, or relative to <datadir>/<chain>.
std::filesystem::path FileParam(const RPCContext& ctx, const Json& v) {
    std::filesystem::path p = GetStr(v);
    if (p.is_relative()) p = ctx.chain_dir / p;
    return p;
}

// P2PKH or P2SH destination of an address, or -5 "Invalid  address" (Ocean's text, two spaces).
ListEntry EntryOrThrow(const RPCContext& ctx, const Json& v) {
    auto dest = DecodeDestination(GetStr(v), ctx.json.prefixes);
    std::optional<ListEntry> entry = dest ? ListEntryFor(*dest) : std::nullopt;
    if (!entry) throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Invalid  address");
    return *entry;
}

// The key id of a P2PKH address: -5 "Invalid  address" / "Invalid key id".
ListEntry KeyIdOrThrow(const RPCContext& ctx, const Json& v) {
    const ListEntry entry = EntryOrThrow(ctx, v);
    if (entry.script) throw RPCError(RPC_INVALID_ADDRESS_OR_KEY, "Invalid key id");
    return entry;
}

std::optional<Bytes> FullyValidKey(const std::string& hex) {
    if (!IsHex(hex)) return std::nullopt;
    auto bytes = ParseHex(hex);
    if (!bytes || !PubKey(*bytes).IsFullyValid()) return std::nullopt;
    return bytes;
}

// addtowhitelist's check (policy.md §12): a valid address, a fully valid base key, and unless
// -contractintx the P2PKH of the contract-tweaked key.
void AddDerived(const RPCContext& ctx, const std::string& address, const std::string& pubkey_hex) {
    auto dest = DecodeDestination(address, ctx.json.prefixes);
    std::optional<ListEntry> entry = dest ? ListEntryFor(*dest) : std::nullopt;
    if (!entry) throw RPCError(RPC_INVALID_PARAMETER, "add_derived: invalid Bitcoin address: " + address);
    auto key = FullyValidKey(pubkey_hex);
    if (!key) throw RPCError(RPC_INVALID_PARAMETER, "Set: invalid public key");
    const ListPolicyOptions o = ListOptionsOf(ctx);
    if (!o.contract_in_tx && (entry->script || TweakedKeyId(*key, o) != entry->hash)) {
        throw RPCError(RPC_INVALID_PARAMETER,
                       "Set: address does not derive from public key when tweaked with contract hash");
    }
    ListsOf(ctx).Add(PolicyList::kWhitelist, *entry);
}

Json AddressRpc(const RPCContext& ctx, const RPCRequest& r, PolicyList list, bool key_id_only,
                void (*action)(PolicyLists&, PolicyList, const ListEntry&)) {
    const ListEntry entry = key_id_only ? KeyIdOrThrow(ctx, Param(r, 0)) : EntryOrThrow(ctx, Param(r, 0));
    action(ListsOf(ctx), list, entry);
    return nullptr;
}

std::string AddressHelp(const std::string& name, const std::string& what, const std::string& result) {
    return name + " \"address\"\n\n" + what +
           "\n\nArguments:\n1. \"address\"  (string, required) The address (base58)\n\nResult:\n" + result +
           "\n\nExamples:\n" + HelpExampleCli(name, "\"2dZRkPX3hrPtuBrmMkbGtxTxsuYYgAaFrXZ\"");
}

// add<word> (unless with_add is false), removefrom<word>, query<word>, clear<word>.
void RegisterAddressList(RPCTable& table, RPCContext& ctx, PolicyList list, const std::string& word,
                         bool key_id_only, bool with_add) {
    const std::string note = key_id_only ? " The address must be P2PKH." : "";
    if (with_add)
        table.Add({"blockchain",
                   "addto" + word,
                   {"address"},
                   1,
                   1,
                   AddressHelp("addto" + word, "Adds an address to the local " + word + "." + note, "null"),
                   [&ctx, list, key_id_only](const RPCRequest& r) -> Json {
                       return AddressRpc(
                           ctx, r, list, key_id_only,
                           [](PolicyLists& l, PolicyList k, const ListEntry& e) { l.Add(k, e); });
                   }});
    table.Add(
        {"blockchain",
         "removefrom" + word,
         {"address"},
         1,
         1,
         AddressHelp("removefrom" + word, "Removes an address from the local " + word + "." + note, "null"),
         [&ctx, list, key_id_only](const RPCRequest& r) -> Json {
             return AddressRpc(ctx, r, list, key_id_only,
                               [](PolicyLists& l, PolicyList k, const ListEntry& e) { l.Remove(k, e); });
         }});
    table.Add({"blockchain",
               "query" + word,
               {"address"},
               1,
               1,
               AddressHelp("query" + word, "Whether an address is on the " + word + "." + note,
                           "true|false  (boolean)"),
               [&ctx, list, key_id_only](const RPCRequest& r) -> Json {
                   const ListEntry entry =
                       key_id_only ? KeyIdOrThrow(ctx, Param(r, 0)) : EntryOrThrow(ctx, Param(r, 0));
                   return ListsOf(ctx).Contains(list, entry);
               }});
    table.Add({"blockchain",
               "clear" + word,
               {},
               0,
               0,
               "clear" + word + "\n\nEmpties the local " + word + ".\n\nResult:\nnull\n\nExamples:\n" +
                   HelpExampleCli("clear" + word, ""),
               [&ctx, list](const RPCRequest&) -> Json {
                   ListsOf(ctx).Clear(list);
                   return nullptr;
               }});
}

}  // namespace

void RegisterPolicyRPCs(RPCTable& table, RPCContext& ctx) {
    RegisterAddressList(table, ctx, PolicyList::kFreezelist, "freezelist", true, true);
    RegisterAddressList(table, ctx, PolicyList::kBurnlist, "burnlist", true, true);
    // querywhitelist, removefromwhitelist, clearwhitelist (addtowhitelist checks the key derivation).
    RegisterAddressList(table, ctx, PolicyList::kWhitelist, "whitelist", false, false);

    table.Add({"blockchain",
               "addtowhitelist",
               {"address", "basepubkey", "kycpubkey"},
               2,
               3,
               "addtowhitelist \"tweakedaddress\" \"basepubkey\" ( \"kycpubkey\" )\n"
               "\nAdds an address to the local whitelist after checking that it is the P2PKH of the base "
               "public key\n"
               "tweaked with the contract hash (not checked with -contractintx).\n"
               "\nArguments:\n1. \"tweakedaddress\"  (string, required) The address\n"
               "2. \"basepubkey\"      (string, required) The untweaked public key (hex)\n"
               "3. \"kycpubkey\"       (string, optional) Ignored by the plain whitelist\n"
               "\nResult:\nnull\n\nExamples:\n" +
                   HelpExampleCli("addtowhitelist", "\"2dZRkPX3hrPtuBrmMkbGtxTxsuYYgAaFrXZ\" \"02...\""),
               [&ctx](const RPCRequest& r) -> Json {
                   AddDerived(ctx, GetStr(Param(r, 0)), GetStr(Param(r, 1)));
                   return nullptr;
               }});

    table.Add(
        {"blockchain",
         "addmultitowhitelist",
         {"address", "basepubkeys", "nmultisig", "kycpubkey"},
         3,
         4,
         "addmultitowhitelist \"tweakedaddress\" [\"basepubkey\",...] nmultisig ( \"kycaddress\" )\n"
         "\nAdds a P2SH multisig address to the local whitelist after checking that it is the P2SH of\n"
         "OP_nmultisig <tweaked keys in the given order> OP_n OP_CHECKMULTISIG (not with -contractintx).\n"
         "\nArguments:\n1. \"tweakedaddress\"  (string, required) The P2SH address\n"
         "2. [\"basepubkey\",...] (array, required) The untweaked public keys (hex), in multisig order\n"
         "3. nmultisig          (numeric, required) Signatures required (1..15)\n"
         "4. \"kycaddress\"       (string, optional) Not implemented for the plain whitelist\n"
         "\nResult:\nnull\n\nExamples:\n" +
             HelpExampleCli("addmultitowhitelist", "\"XRv...\" \"[\\\"02...\\\",\\\"03...\\\"]\" 1"),
         [&ctx](const RPCRequest& r) -> Json {
             if (HasParam(r, 3))
                 throw RPCError(RPC_MISC_ERROR,
                                "kycaddress argument not implemented for unencrypted whitelist");
             const std::string address = GetStr(Param(r, 0));
             if (Param(r, 1).is_null())
                 throw RPCError(RPC_INVALID_PARAMETER, "Invalid parameter: basepubkeys must be an array");
             const Json& keys_json = GetArray(Param(r, 1));
             const int m = GetInt(Param(r, 2));
             auto dest = DecodeDestination(address, ctx.json.prefixes);
             std::optional<ListEntry> entry = dest ? ListEntryFor(*dest) : std::nullopt;
             if (!entry)
                 throw RPCError(RPC_INVALID_PARAMETER, "TryValid: invalid Bitcoin address: " + address);
             if (m < 1 || m > 15)
                 throw RPCError(RPC_INVALID_PARAMETER, "TryValid: nmultisig must be between 1 and 15");
             std::vector<Bytes> keys;
             for (const Json& k : keys_json) {
                 auto key = k.is_string() ? FullyValidKey(k.get<std::string>()) : std::nullopt;
                 if (!key) throw RPCError(RPC_INVALID_PARAMETER, "TryValid: invalid public key");
                 keys.push_back(std::move(*key));
             }
             if (!entry->script)
                 throw RPCError(RPC_INVALID_PARAMETER, "TryValid: address is not a P2SH address");
             const ListPolicyOptions o = ListOptionsOf(ctx);
             if (!o.contract_in_tx) {
                 const size_t n = keys.size();
                 if (n < 1 || n > 15 || static_cast<size_t>(m) > n ||
                     TweakedMultisigId(m, keys, o) != entry->hash) {
                     throw RPCError(RPC_INVALID_PARAMETER,
                                    "TryValid: address does not derive from public keys when tweaked with "
                                    "contract hash");
                 }
             }
             ListsOf(ctx).Add(PolicyList::kWhitelist, *entry);
             return nullptr;
         }});

    table.Add(
        {"blockchain",
         "readwhitelist",
         {"filename", "kycaddress"},
         1,
         2,
         "readwhitelist \"filename\" ( \"kycpubkey\" )\n"
         "\nAdds the addresses of a key dump file (lines \"<tweakedaddress> <basepubkey>\", as written by\n"
         "dumpderivedkeys) to the local whitelist, each checked like addtowhitelist. Empty lines and lines\n"
         "starting with '#' are skipped. An invalid line stops the import (earlier lines stay added).\n"
         "A relative file name is taken relative to the chain's data directory.\n"
         "\nArguments:\n1. \"filename\"  (string, required) The file\n"
         "2. \"kycpubkey\" (string, optional) Not implemented for the plain whitelist\n"
         "\nResult:\nnull\n\nExamples:\n" +
             HelpExampleCli("readwhitelist", "\"keys.txt\""),
         [&ctx](const RPCRequest& r) -> Json {
             if (HasParam(r, 1))
                 throw RPCError(RPC_INVALID_PARAMETER,
                                "kycpubkey argument not implemented for unencrypted whitelist");
             std::ifstream file(FileParam(ctx, Param(r, 0)));
             if (!file) throw RPCError(RPC_INVALID_PARAMETER, "Cannot open key dump file");
             std::string line;
             while (std::getline(file, line)) {
                 if (line.empty() || line[0] == '#') continue;
                 std::vector<std::string> fields;
                 size_t start = 0;
                 while (true) {
                     const size_t space = line.find(' ', start);
                     fields.push_back(line.substr(start, space - start));
                     if (space == std::string::npos) break;
                     start = space + 1;
                 }
                 if (fields.size() < 2) continue;
                 AddDerived(ctx, fields[0], fields[1]);
             }
             return nullptr;
         }});

    // Ocean registers dumpwhitelist without argument names (named mode cannot be used).
    table.Add(
        {"blockchain",
         "dumpwhitelist",
         {},
         1,
         1,
         "dumpwhitelist \"filename\"\n"
         "\nWrites the local whitelist to a file: a header line, one address per line (P2PKH addresses\n"
         "first, then P2SH, each sorted by hash bytes), an empty line and \"# End of dump\". A relative\n"
         "file name is taken relative to the chain's data directory.\n"
         "\nArguments:\n1. \"filename\"  (string, required) The file\n"
         "\nResult:\nnull\n\nExamples:\n" +
             HelpExampleCli("dumpwhitelist", "\"whitelist.txt\""),
         [&ctx](const RPCRequest& r) -> Json {
             std::string text = "# Whitelisted address dump - format: [address] [kyckey]\n";
             for (const ListEntry& e : ListsOf(ctx).Entries(PolicyList::kWhitelist)) {
                 text += EncodeDestination(DestinationOf(e), ctx.json.prefixes) + "\n";
             }
             text += "\n# End of dump\n";
             Status s = WriteFileAtomic(FileParam(ctx, Param(r, 0)), std::string_view(text), 0644);
             if (!s) throw RPCError(RPC_INVALID_PARAMETER, "Cannot open whitelist dump file");
             return nullptr;
         }});
}

}  // namespace ocean
