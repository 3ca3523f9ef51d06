// BlockNotifier: -blocknotify. Queues the operator's command, with "%s" replaced by the new tip's hash,
// each time the active tip changes outside initial block download (Bitcoin Core's rule: no command per
// block while catching up). The command runs on the ShellCommandRunner's thread, never on the
// validating thread that raises the event.
#pragma once

#include <string>

#include "ocean/chain/block_index.h"
#include "ocean/chain/events.h"
#include "ocean/util/command_runner.h"

namespace ocean {

class BlockNotifier final : public ChainListener {
  public:
    BlockNotifier(ShellCommandRunner& runner, std::string command)
        : runner_(runner), command_(std::move(command)) {}

    void UpdatedBlockTip(const BlockIndex& new_tip, const BlockIndex* /*fork*/,
                         bool initial_download) override {
        if (initial_download) return;
        runner_.Enqueue(FormatNotifyCommand(command_, new_tip.GetBlockHash().ToHex()));
    }

  private:
    ShellCommandRunner& runner_;
    const std::string command_;
};

}  // namespace ocean
