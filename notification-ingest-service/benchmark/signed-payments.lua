-- wrk script: POSTs the signed payment notifications written by SignedPaymentRequests.java, thread i the lines of the
-- file BENCH_REQUESTS.<i>, in order, so no request is sent twice while the file lasts: the service accepts a signature
-- once, and a repeat would be answered without publishing. With BENCH_DELAY_MS > 0 every connection waits that long
-- before each request, which paces the load to about connections * 1000 / BENCH_DELAY_MS per second.
--
-- wrk loads each thread's script and starts that thread before it loads the next one, and starts its clock only after
-- the last: a thread that sent while the next one was still loading its requests would be counted over a shorter
-- time than it ran (seconds of it for a large file). So every thread waits, at its first request, until the last one
-- has loaded (it writes the file BENCH_READY); run.sh also starts its CPU counters at that file. The exception is
-- the first call on thread 0's script: wrk makes it from its main thread, to check the script, before it loads the
-- other threads (so waiting there would wait forever); that request is never sent.

local requests = {}
local next_index = 0
local threads_started = 0
local thread_count = tonumber(os.getenv("BENCH_THREADS") or "1")
local ready_file = os.getenv("BENCH_READY")
local ready = false
local checked = false

function setup(thread)
  thread:set("thread_index", threads_started)
  threads_started = threads_started + 1
end

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

local function exists(file)
  local handle = io.open(file, "r")
  if handle then
    handle:close()
    return true
  end
  return false
end

function init(args)
  load(os.getenv("BENCH_REQUESTS") .. "." .. thread_index)
  next_index = 0
  if ready_file and thread_index == thread_count - 1 then
    local handle = io.open(ready_file, "w")
    handle:write("ready\n")
    handle:close()
  end
end

function request()
  if not checked then
    checked = true
    if thread_index == 0 then
      return requests[1]
    end
  end
  if not ready then
    while ready_file and not exists(ready_file) do
      os.execute("sleep 0.02")
    end
    ready = true
  end
  next_index = next_index % #requests + 1
  return requests[next_index]
end

local delay_ms = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
if delay_ms > 0 then
  function delay()
    return delay_ms
  end
end
