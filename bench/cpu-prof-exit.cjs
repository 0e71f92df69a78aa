// Preloaded into the measured API when BENCH_API_NODE_ARGS asks for --cpu-prof (bench/api.mjs): Node writes the
// .cpuprofile only on a normal exit, and the API's shutdown hooks end it by re-raising SIGTERM, which writes nothing.
// Registered first, this handler exits normally on the bench's SIGTERM, so the profile lands in --cpu-prof-dir.
process.once('SIGTERM', () => process.exit(0));
