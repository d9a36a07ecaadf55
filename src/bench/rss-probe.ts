/**
 * Preloaded (`node --import`) into child processes the benchmark spawns: prints the process's peak RSS on exit, to
 * standard error, so the runner can read it without touching the program under test.
 */
process.on('exit', () => {
  process.stderr.write(`\nBENCH_MAX_RSS_KB ${process.resourceUsage().maxRSS}\n`);
});
