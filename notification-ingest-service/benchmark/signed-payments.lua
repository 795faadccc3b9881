-- wrk script: POSTs the signed payment notifications of the file named by BENCH_REQUESTS (written by
-- SignedPaymentRequests.java), round robin from a random start per thread. With BENCH_DELAY_MS > 0 every connection
-- waits that long before each request, which paces the load to about connections * 1000 / BENCH_DELAY_MS per second.

local requests = {}
local next_index = 0

local function load(file)
  for line in io.lines(file) do
    local path, signature, request_id, body = line:match("^([^\t]+)\t([^\t]+)\t([^\t]+)\t(.*)$")
    requests[#requests + 1] = wrk.format("POST", path, {
      ["Content-Type"] = "application/json",
      ["x-signature"] = signature,
      ["x-request-id"] = request_id,
    }, body)
  end
end

function init(args)
  load(os.getenv("BENCH_REQUESTS"))
  next_index = math.random(#requests)
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
