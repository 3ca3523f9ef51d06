// The option allow-list (config.md §3): every name of config.md §4 and §4.13, the chain options of
// config.md §4.10–§4.12 (a superset of ocean::DescribeChainOptions()), and the names oceand adds.
#include <algorithm>
#include <string_view>
#include <vector>

#include "ocean/util/args.h"

namespace ocean {

const std::vector<std::string_view>& KnownOptionNames() {
    static const std::vector<std::string_view> names = {
        // §4.1 General / startup
        "?", "h", "help", "help-debug", "version", "alertnotify", "blocknotify", "assumevalid", "conf",
        "daemon", "datadir", "dbcache", "loadblock", "maxorphantx", "maxmempool", "mempoolexpiry",
        "blockreconstructionextratxn", "par", "pid", "prune", "reindex", "reindex-chainstate", "sysperms",
        "txindex", "blocksonly", "feefilter",
        // §4.2 Connection
        "addnode", "banscore", "bantime", "bind", "connect", "discover", "dns", "dnsseed", "externalip",
        "forcednsseed", "listen", "listenonion", "maxconnections", "maxreceivebuffer", "maxsendbuffer",
        "maxtimeadjustment", "onion", "onlynet", "peerbloomfilters", "port", "proxy", "proxyrandomize",
        "seednode", "timeout", "torcontrol", "torpassword", "upnp", "whitebind", "whitelist",
        "whitelistrelay", "whitelistforcerelay", "maxuploadtarget", "uacomment",
        // §4.3 Policy lists and mempool policy
        "pkhwhitelist", "pkhwhitelist-scan", "pkhwhitelist-encrypt", "recoverwhitelistkeys", "freezelist",
        "burnlist", "issuanceblock", "requestlist", "recordinflation", "registeraddress",
        "registeraddresssize", "permitbaremultisig", "datacarrier", "datacarriersize",
        // §4.4 Wallet. Ocean's list holds "privdb" without its dash, so -privdb is never accepted: it is
        // deliberately absent here.
        "disablewallet", "disablect", "keypool", "fallbackfee", "mintxfee", "paytxfee", "rescan",
        "salvagewallet", "sendfreetransactions", "spendzeroconfchange", "txconfirmtarget", "usehd",
        "upgradewallet", "wallet", "walletbroadcast", "walletnotify", "zapwallettxes", "dblogsize",
        "flushwallet", "walletrejectlongchains", "ct_bits", "ct_exponent", "walletprematurewitness",
        // §4.5 ZeroMQ
        "zmqpubhashblock", "zmqpubhashtx", "zmqpubrawblock", "zmqpubrawtx",
        // §4.6 Debugging / testing / logging
        "checkblocks", "checklevel", "checkblockindex", "checkmempool", "checkpoints", "disablesafemode",
        "testsafemode", "dropmessagestest", "fuzzmessagestest", "stopafterblockimport", "limitancestorcount",
        "limitancestorsize", "limitdescendantcount", "limitdescendantsize", "bip9params", "assetdir", "debug",
        "logips", "logtimestamps", "logtimemicros", "mocktime", "limitfreerelay", "relaypriority",
        "maxsigcachesize", "maxtipage", "printtoconsole", "printtoall", "printpriority", "shrinkdebugfile",
        // §4.7 Relay and fees
        "feeasset", "minrelaytxfee", "maxtxfee", "fixedtxfee", "acceptnonstdtxn", "incrementalrelayfee",
        "dustrelayfee", "bytespersigop",
        // §4.8 Block creation / header embedding
        "attestationhash", "embedcontract", "embedmapping", "issuecontrolscript", "contractintx",
        "contractinkycfile", "blockmaxweight", "blockmaxsize", "blockprioritysize", "blockmintxfee",
        "blockversion",
        // §4.9 RPC server
        "server", "rest", "rpcbind", "rpccookiefile", "rpcuser", "rpcpassword", "rpcauth", "rpcport",
        "rpcallowip", "rpcthreads", "rpcworkqueue", "rpcservertimeout", "rpcserialversion",
        // §4.10 Federated peg, genesis and consensus definition
        "chain", "signblockscript", "fedpegscript", "fedpegaddress", "parentcontract",
        "parentgenesisblockhash", "genesistimestamp", "initialfreecoins", "initialfreecoinsdestination",
        "policycoins", "freezelistcoinsdestination", "burnlistcoinsdestination", "whitelistcoinsdestination",
        "challengecoinsdestination", "permissioncoinsdestination", "issuancecoinsdestination",
        // A missing comma in Ocean's list joins these two names into one accepted bogus name.
        "permissioncoinsdestination-issuancecoinsdestination", "peginconfirmationdepth",
        "con_mandatorycoinbase", "coinbasechange", "contractchange", "signblockscriptchange",
        "freezelistassetchange", "burnlistassetchange", "whitelistassetchange", "issuanceassetchange",
        "challengeassetchange", "disabledoutput", "validatepegin",
        // §4.11 Mainchain / Ethereum RPC
        "mainchainrpchost", "mainchainrpcport", "mainchainrpcuser", "mainchainrpcpassword",
        "mainchainrpccookiefile", "mainchainrpcuri", "rpcconnect",
        // §4.12 Accepted but undocumented
        "con_nsubsidyhalvinginterval", "con_bip34height", "con_bip34hash", "con_bip65height",
        "con_bip66height", "con_powlimit", "con_parentpowlimit", "con_npowtargettimespan",
        "con_npowtargetspacing", "con_fpowallowmindifficultyblocks", "con_fpownoretargeting",
        "con_nrulechangeactivationthreshold", "con_nminerconfirmationwindow", "con_nminimumchainwork",
        "con_defaultassumevalid", "ndefaultport", "npruneafterheight", "fminingrequirespeers",
        "fdefaultconsistencychecks", "frequirestandard", "fmineblocksondemand", "anyonecanspendaremine",
        // §4.13 Legacy, GUI, client and ocean-tx names
        "debugnet", "socks", "tor", "benchmark", "whitelistalwaysrelay", "blockminsize", "rpcssl",
        "prematurewitness", "promiscuousmempoolflags", "choosedatadir", "lang", "min", "rootcertificates",
        "allowselfsignedrootcertificates", "splash", "resetguisettings", "uiplatform", "rpcwait",
        "rpcclienttimeout", "stdin", "named", "create", "json", "txid", "testnet", "regtest",
        // oceand's own options (not in Ocean)
        "flushinterval", "hsm", "hsmmodule", "hsmtoken", "hsmslot", "hsmkeylabel", "hsmpinfile", "hsmpinenv",
        "signingkey", "blockinterval", "signertimeout", "blocksigner", "banlocalpeers", "persistmempool",
        // Test only, undocumented in -help (doc/signing-protocol.md §8): abrupt exit after a signer step.
        "signertestcrashafter",
        // Test only, undocumented in -help: the wallet's rebroadcast period in seconds (default 1800).
        "walletresendinterval",
        // Accepted by the parser only so that ParseSignerOptions can refuse it with the reason (a PIN in
        // argv or ocean.conf leaks); see signer_options.h.
        "hsmpin"};
    return names;
}

bool IsMultiValuedOption(std::string_view name) {
    // clang-format off
    static const std::vector<std::string_view> multi = {
        "addnode", "connect", "bind", "whitebind", "rpcallowip", "rpcbind", "rpcauth", "debug", "uacomment",
        "onlynet", "externalip", "seednode", "whitelist", "loadblock", "assetdir", "coinbasechange",
        "contractchange", "signblockscriptchange", "freezelistassetchange", "burnlistassetchange",
        "whitelistassetchange", "issuanceassetchange", "challengeassetchange", "disabledoutput",
        "zmqpubhashblock", "zmqpubhashtx", "zmqpubrawblock", "zmqpubrawtx"};
    // clang-format on
    return std::find(multi.begin(), multi.end(), name) != multi.end();
}

}  // namespace ocean
