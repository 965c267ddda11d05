// The landing pad context of wasm exceptions, for the threaded module.
//
// Emscripten 3.1.6's compiler (its LLVM predates the fix) writes a landing
// pad's input, and reads the handler the personality function chose, at
// `__wasm_lpad_context` as a plain global, while its libunwind, built with
// -pthread, defines that variable thread_local (Unwind-wasm.c). Two
// variables, then: the personality function saw an empty context, and in
// the threaded module no typed catch ever matched. Every exception reached
// `catch (...)` alone, and the page said "internal error: an unknown
// exception" where the engine meant "layer 'fc' has nifm 17".
//
// This file defines every symbol of libunwind's Unwind-wasm.c (the linker
// then takes nothing from it), written from the ABI it implements: the
// context is the plain global the compiler's code uses. A global shared by
// threads: _Unwind_CallPersonality copies it into this thread's own context
// at once and writes the chosen handler back just before it returns, so
// two threads unwinding at the same moment can mix up their contexts only
// within those few instructions (docs/web.md). The single-threaded module
// keeps libunwind's own file (this one is linked into nndf-mt only).
#include <unwind.h>

#include <cstdint>

namespace nndf::wasm {

/// What a landing pad tells the personality function, and the answer.
struct LandingPadContext {
    std::uintptr_t lpad_index;  ///< In: the landing pad's index in its function's LSDA.
    std::uintptr_t lsda;        ///< In: the function's language-specific data.
    std::uintptr_t selector;    ///< Out: which handler catches, 0 for cleanup only.
};

inline LandingPadContext& context_of(_Unwind_Context* context) {
    return *reinterpret_cast<LandingPadContext*>(context);
}

}  // namespace nndf::wasm

using nndf::wasm::context_of;
using nndf::wasm::LandingPadContext;

extern "C" {

// The name and layout the compiler's landing pads use.
LandingPadContext __wasm_lpad_context;

_Unwind_Reason_Code __gxx_personality_wasm0(int version, _Unwind_Action actions,
                                            std::uint64_t exception_class,
                                            _Unwind_Exception* exception, _Unwind_Context* context);

/// Called by every landing pad: wasm unwinds in the VM, which calls no
/// personality function, so the compiler's code calls it through here.
_Unwind_Reason_Code _Unwind_CallPersonality(void* exception_ptr) {
    static thread_local LandingPadContext mine;
    mine = __wasm_lpad_context;
    mine.selector = 0;
    auto* exception = static_cast<_Unwind_Exception*>(exception_ptr);
    // One phase only: wasm has no search phase.
    const _Unwind_Reason_Code reason =
        __gxx_personality_wasm0(1, _UA_CLEANUP_PHASE, exception->exception_class, exception,
                                reinterpret_cast<_Unwind_Context*>(&mine));
    __wasm_lpad_context.selector = mine.selector;
    return reason;
}

/// Called by __cxa_throw.
_Unwind_Reason_Code _Unwind_RaiseException(_Unwind_Exception* exception) {
    __builtin_wasm_throw(0, exception);
}

/// Called by __cxa_end_catch.
void _Unwind_DeleteException(_Unwind_Exception* exception) {
    if (exception->exception_cleanup != nullptr)
        exception->exception_cleanup(_URC_FOREIGN_EXCEPTION_CAUGHT, exception);
}

/// The personality function sets the selector (register 1) only.
void _Unwind_SetGR(_Unwind_Context* context, int index, _Unwind_Word value) {
    if (index == 1) context_of(context).selector = value;
}

/// The personality function decrements this and reads it as a 1-based index.
_Unwind_Word _Unwind_GetIP(_Unwind_Context* context) {
    return context_of(context).lpad_index + 2;
}

void _Unwind_SetIP(_Unwind_Context*, _Unwind_Word) {}

void* _Unwind_GetLanguageSpecificData(_Unwind_Context* context) {
    return reinterpret_cast<void*>(context_of(context).lsda);
}

_Unwind_Ptr _Unwind_GetRegionStart(_Unwind_Context*) {
    return 0;
}

}  // extern "C"
