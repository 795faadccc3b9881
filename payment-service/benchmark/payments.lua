-- wrk script: one payment per request, each with its own single-use card token from the file named by BENCH_REQUESTS
-- (lines: seller id, seller's access token, card token; written by BenchSetup.java). BENCH_TARGET=service sends
-- POST /payments to payment-service (bearer from BENCH_BEARER, our Idempotency-Key); BENCH_TARGET=direct sends the
-- same payment to the sandbox's POST /v1/payments with the seller's token, as payment-service itself does. Thread i of
-- n takes lines i, i+n, ...; a line is never sent twice. With BENCH_DELAY_MS > 0 every connection waits that long
-- before each request (a paced load).

local lines = {}
local thread_count = 0
local next_line = 0
local stride = 1
local target = os.getenv("BENCH_TARGET") or "service"
local bearer = os.getenv("BENCH_BEARER") or ""
local run = os.getenv("BENCH_RUN") or "run"

local all_threads = {}

function setup(thread)
  thread_count = thread_count + 1
  thread:set("index", thread_count)
  all_threads[#all_threads + 1] = thread
end

-- Anything but 201 (a 202: an unknown outcome; a refusal) is counted and printed as "not created: N".
not_created = 0

-- A thread that has sent all its lines stops (wrk's rate is then over the time it ran); the few requests its
-- connections still had in flight are not counted.
local exhausted = false

function response(status, headers, body)
  if status ~= 201 and not exhausted then
    not_created = not_created + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(all_threads) do
    total = total + (thread:get("not_created") or 0)
  end
  io.write(string.format("not created: %d\n", total))
end

function init(args)
  for line in io.lines(os.getenv("BENCH_REQUESTS")) do
    local seller, access, card = line:match("^([^\t]+)\t([^\t]+)\t([^\t]+)$")
    if seller ~= nil then
      lines[#lines + 1] = {seller, access, card}
    end
  end
  stride = tonumber(os.getenv("BENCH_THREADS") or "1")
  next_line = index or 1
end

local counter = 0

function request()
  local entry = lines[next_line]
  if entry == nil then
    -- Every token of this thread is spent: reusing one would only measure how fast a refusal is answered.
    exhausted = true
    wrk.thread:stop()
    entry = lines[1]
  end
  next_line = next_line + stride
  counter = counter + 1
  local key = string.format("%s-%d-%d", run, index or 0, counter)
  local payment = '"transaction_amount":100.00,"token":"' .. entry[3] .. '","description":"benchmark",' ..
      '"installments":1,"payment_method_id":"master","payer":{"email":"test_user_buyer_one@testuser.com"}'
  if target == "direct" then
    return wrk.format("POST", "/v1/payments", {
      ["Content-Type"] = "application/json",
      ["Authorization"] = "Bearer " .. entry[2],
      ["X-Idempotency-Key"] = key,
    }, "{" .. payment .. ',"application_fee":1.00,"external_reference":"' .. key .. '"}')
  end
  return wrk.format("POST", "/payments", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. bearer,
    ["Idempotency-Key"] = key,
  }, '{"seller_id":' .. entry[1] .. ',"currency_id":"BRL",' .. payment .. ',"application_fee":1.00}')
end

local delay_ms = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
if delay_ms > 0 then
  function delay()
    return delay_ms
  end
end
