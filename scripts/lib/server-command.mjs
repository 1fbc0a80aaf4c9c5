// How the production server is started, in one place: `npm start`, the demo, the e2e suite, the
// benchmarks and Lighthouse all run `node ${SERVER_ARGS}`.
//
// --max-old-space-size: V8 sizes its heap from the machine's memory (24 GiB here → a limit of
// several GB) and collects lazily, so a burst such as 3,000 exam starts left the process above
// 600 MB. Capping the old generation makes it collect sooner; the live set stays far below it.
export const HEAP_MB = 384;
export const SERVER_ARGS = [`--max-old-space-size=${HEAP_MB}`, "server.mjs"];
