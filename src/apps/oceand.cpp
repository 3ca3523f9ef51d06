// oceand: the Ocean full node daemon. Everything happens in the node layer (src/node/).
#include "ocean/node/node.h"

int main(int argc, char* argv[]) {
    return ocean::OceandMain(argc, argv);
}
