-- wrk script: POSTs the signed payment notifications of the file named by BENCH_REQUESTS (written by
-- SignedPaymentRequests.java). Each of the BENCH_THREADS threads sends its own share of the lines (thread i the lines
-- i, i + n, i + 2n, ...), in order, so no request is sent twice while the file lasts: the service accepts a signature
-- once, and a repeat would be answered without publishing. With BENCH_DELAY_MS > 0 every connection waits that long
-- before each request, which paces the load to about connections * 1000 / BENCH_DELAY_MS per second.

local requests = {}
local next_index = 0
local threads_started = 0

function setup(thread)
  thread:set("thread_index", threads_started)
  threads_started = threads_started + 1
end

local function load(file, index, count)
  local line_number = 0
  for line in io.lines(file) do
    if line_number % count == index then
      local path, signature, request_id, body = line:match("^([^\t]+)\t([^\t]+)\t([^\t]+)\t(.*)$")
      requests[#requests + 1] = wrk.format("POST", path, {
        ["Content-Type"] = "application/json",
        ["x-signature"] = signature,
        ["x-request-id"] = request_id,
      }, body)
    end
    line_number = line_number + 1
  end
end

function init(args)
  load(os.getenv("BENCH_REQUESTS"), thread_index, tonumber(os.getenv("BENCH_THREADS") or "1"))
  next_index = 0
end

function request()
  next_index = next_index % #requests + 1
  return requests[next_index]
end

local delay_ms = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
if delay_ms > 0 then
  function delay()
    return delay_ms
  end
end
