// The reference's small enumerations, with the same numbering: indexes into
// per-category arrays and part of the output JSON.
#pragma once

namespace nndf {

/// Data categories: filters, input fmaps, output fmaps.
namespace de {
enum : int { FIL = 0, IFM = 1, OFM = 2, NUM = 3 };
}

/// Loops of the nested loop: input channels, output channels, batch.
namespace le {
enum : int { IFM = 0, OFM = 1, BAT = 2, NUM = 3 };
}

/// Memory hierarchy levels: DRAM, global buffer, array interconnect, regfile.
namespace me {
enum : int { DRAM = 0, GBUF = 1, ITCN = 2, REGF = 3, NUM = 4 };
}

/// Parallelisms across nodes: output channels, fmap tiles, batch, input channels.
namespace pe {
enum : int { OUTP = 0, OFMP = 1, BATP = 2, INPP = 3, NUM = 4 };
}

}  // namespace nndf
