/** Samples this process's resident set every 100 ms while a piece of work runs. */
export function sampleRss(intervalMs = 100) {
  const startMb = process.memoryUsage().rss / 1e6;
  let peakMb = startMb;
  let samples = 0;
  const timer = setInterval(() => {
    peakMb = Math.max(peakMb, process.memoryUsage().rss / 1e6);
    samples++;
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      peakMb = Math.max(peakMb, process.memoryUsage().rss / 1e6);
      return { startMb, peakMb, samples };
    },
  };
}

/** The largest resident set this process has had, in MB (the kernel's count in KiB, not sampled). */
export function maxRssMb(): number {
  return (process.resourceUsage().maxRSS * 1024) / 1e6;
}
