// The wasm module's factory (build/wasm/nndf.mjs, made by Emscripten from
// wasm/bindings.cpp), for the type checker; build-web.mjs copies the real
// module beside the page's files.
interface NndfModuleOptions {
  wasmBinary?: ArrayBufferView;
  /** Emscripten's hook: instantiate the module with `imports`, hand the result to `receive`, return {} (asynchronous). */
  instantiateWasm?: (imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) => object;
}

declare module '*nndf.mjs' {
  const createNndfModule: (options?: NndfModuleOptions) => Promise<import('../web/worker-handler.js').NndfModule>;
  export default createNndfModule;
}

// The threaded module (build/wasm/nndf-mt.mjs): the same functions, and the
// threads of its searches (0: every core).
declare module '*nndf-mt.mjs' {
  const createNndfModule: (options?: NndfModuleOptions & {
    /** The pthread workers it loads before it resolves (CMakeLists.txt: PTHREAD_POOL_SIZE). */
    nndfPoolSize?: number;
  }) => Promise<import('../web/worker-handler.js').NndfModule & { setThreads(threads: number): string }>;
  export default createNndfModule;
}
