// glibc grows the heap of a thread other than the first (its own arena) by
// exactly what an allocation lacks, a page or so, with an mprotect call each
// time, and each call takes the process's memory-map lock, which the other
// threads' page faults wait for. A search on two threads made about 1,600
// such calls where one thread made about 240 brk calls
// (alex_b16_tangram_8x8, strace -f -c). A top pad makes every growth leave
// that much spare: the pages stay untouched, so it costs address space, not
// memory. docs/parallel-search.md has the figures.
#include "cli/allocator.h"

#include <cstddef>  // defines __GLIBC__ where the C library is glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace nndf::cli {

void tune_allocator() {
#if defined(__GLIBC__)
    constexpr int kTopPad = 16 << 20;
    mallopt(M_TOP_PAD, kTopPad);
#endif
}

}  // namespace nndf::cli
