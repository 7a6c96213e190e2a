-- wrk script: send the session cookie given in WRK_COOKIE, count every response that is not a 200
-- (wrk itself counts only >= 400, so a redirect to the login page would pass unseen), and print
-- the run as one JSON line with latency percentiles in microseconds for bench/loadrun.py.
local cookie = os.getenv("WRK_COOKIE") or ""
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  not_ok = 0
end

request = function()
  return wrk.format("GET", nil, { ["Cookie"] = cookie, ["Accept-Language"] = "zh-CN" })
end

response = function(status, headers, body)
  if status ~= 200 then
    not_ok = not_ok + 1
  end
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  local non200 = 0
  for _, thread in ipairs(threads) do
    non200 = non200 + (thread:get("not_ok") or 0)
  end
  io.write(string.format(
    'WRK_JSON {"requests": %d, "seconds": %.3f, "p50": %d, "p95": %d, "p99": %d, "max": %d, "errors": %d, "non200": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, errors, non200))
end
