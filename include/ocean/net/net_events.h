// NetEvents: what the connection manager calls on the protocol layer (PeerManager) as peers come and
// go and messages arrive. The connection manager owns sockets and threads; the protocol layer owns
// every decision about message contents.
#pragma once

#include "ocean/net/connection.h"

namespace ocean {

class NetEvents {
  public:
    virtual ~NetEvents() = default;
    // A connection was established (network thread). Must be quick: no chain access.
    virtual void InitializePeer(Connection& peer) = 0;
    // The connection is gone (message-handling thread); forget the peer.
    virtual void FinalizePeer(Connection& peer) = 0;
    // Handles at most one queued message of the peer; true when more work is waiting for it.
    virtual bool ProcessMessages(Connection& peer) = 0;
    // Periodic and event-driven sends to the peer (pings, announcements, block requests).
    virtual void SendMessages(Connection& peer) = 0;
};

}  // namespace ocean
