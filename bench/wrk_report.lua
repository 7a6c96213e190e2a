-- wrk script: send the session cookie given in WRK_COOKIE and print the run as one JSON line,
-- with latency percentiles in microseconds, so bench/loadrun.py can parse it.
local cookie = os.getenv("WRK_COOKIE") or ""

request = function()
  return wrk.format("GET", nil, { ["Cookie"] = cookie, ["Accept-Language"] = "zh-CN" })
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    'WRK_JSON {"requests": %d, "seconds": %.3f, "p50": %d, "p95": %d, "p99": %d, "max": %d, "errors": %d, "non2xx": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, errors, summary.errors.status))
end
