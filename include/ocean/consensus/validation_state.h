// The outcome of a validation step: valid, invalid (with Ocean's reject reason and a misbehaviour score
// for the peer that sent it), or a local error (disk, corruption) that says nothing about the data.
#pragma once

#include <string>
#include <utility>

namespace ocean {

class ValidationState {
  public:
    enum class Mode { kValid, kInvalid, kError };

    // Marks the state invalid; always returns false so callers can `return state.Invalid(...)`.
    // corruption_possible: the data may have been damaged in transit (e.g. a mutated merkle tree), so
    // the same hash must not be marked permanently invalid.
    bool Invalid(std::string reject_reason, int dos = 0, std::string debug = {},
                 bool corruption_possible = false) {
        mode_ = Mode::kInvalid;
        reason_ = std::move(reject_reason);
        dos_ += dos;
        debug_ = std::move(debug);
        corruption_possible_ = corruption_possible;
        return false;
    }
    bool Error(std::string reason) {
        if (mode_ == Mode::kValid) reason_ = std::move(reason);
        mode_ = Mode::kError;
        return false;
    }

    bool IsValid() const { return mode_ == Mode::kValid; }
    bool IsInvalid() const { return mode_ == Mode::kInvalid; }
    bool IsError() const { return mode_ == Mode::kError; }
    bool CorruptionPossible() const { return corruption_possible_; }
    void SetCorruptionPossible() { corruption_possible_ = true; }
    int GetDoS() const { return dos_; }
    const std::string& GetRejectReason() const { return reason_; }
    const std::string& GetDebugMessage() const { return debug_; }
    // "reason" or "reason (debug)", as Ocean formats a state for submitblock and logs.
    std::string ToString() const { return debug_.empty() ? reason_ : reason_ + " (" + debug_ + ")"; }

  private:
    Mode mode_ = Mode::kValid;
    std::string reason_;
    std::string debug_;
    int dos_ = 0;
    bool corruption_possible_ = false;
};

}  // namespace ocean
