// The wasm module's factory (build/wasm/nndf.mjs, made by Emscripten from
// wasm/bindings.cpp), for the type checker; build-web.mjs copies the real
// module beside the page's files.
declare module '*nndf.mjs' {
  const createNndfModule: (options?: {
    wasmBinary?: ArrayBufferView;
    /** Emscripten's hook: instantiate the module with `imports`, hand the result to `receive`, return {} (asynchronous). */
    instantiateWasm?: (imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) => object;
  }) => Promise<import('../web/worker-handler.js').NndfModule>;
  export default createNndfModule;
}
