// libFuzzer target: the network loader, from a file's bytes to a Network and
// its per-layer statistics (what `nndf layers FILE` does). Every input must
// end in a Network or an InputError; anything else (a crash, a sanitizer
// report, an InternalError, a library's exception) is a finding.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/formats/network_json.h"
#include "core/util/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const nndf::Network net = nndf::network_from_json_text(text, "fuzz.json");
        // The statistics form the products the bounds exist for.
        (void)nndf::network_layers_json(net, 65536, 64);
        (void)nndf::network_layers_json(net, 1, 1);
    } catch (const nndf::InputError&) {
        // The expected answer to a bad file.
    }
    return 0;
}
