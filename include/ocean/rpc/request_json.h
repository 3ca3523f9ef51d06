// The JSON object of a guardnode request (rpc.md §5.5), shared by getrequests/getrequestbids and the
// "request" annotation of getrawtransaction outputs.
#pragma once

#include <cstdint>

#include "ocean/consensus/auction.h"
#include "ocean/core_io/json.h"

namespace ocean {

// genesisBlock, confirmedBlockHeight, startBlockHeight, numTickets, decayConst, feePercentage,
// endBlockHeight, startPrice, auctionPrice (at tip_height), then txid when with_txid.
Json RequestToJson(const AuctionRequest& request, uint32_t tip_height, bool with_txid);

}  // namespace ocean
