// libFuzzer target: the run-document reader, from a document's bytes to a
// checked RunConfig and its network (what `nndf search --config` does before
// it searches). Every input must end in a config or an InputError; anything
// else (a crash, a sanitizer report, an InternalError, a library's
// exception) is a finding.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/api/run_document.h"
#include "core/formats/network_json.h"
#include "core/formats/py_json.h"
#include "core/util/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const nndf::RunConfig cfg =
            nndf::read_checked_run_document(nndf::parse_json_text(text, "run.json"));
        const nndf::Network net = cfg.load_network();
        (void)nndf::network_layers_json(net, cfg.batch, cfg.word);
        // Written back, the document must read back.
        (void)nndf::read_run_document(nndf::write_run_document(cfg, true));
    } catch (const nndf::InputError&) {
        // The expected answer to a bad document.
    }
    return 0;
}
