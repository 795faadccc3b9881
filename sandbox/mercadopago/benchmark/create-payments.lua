-- wrk script: every payment needs its own single-use card token, so requests alternate
-- POST /v1/card_tokens and POST /v1/payments (with a token created before and a unique X-Idempotency-Key). wrk
-- shares one script state between the connections of a thread, so created tokens go to a queue that the thread's
-- next payment takes from: no token is wasted, and payments per second come close to half of the requests per second
-- (run.sh counts the payments created to check).
--
-- PAYMENTS_PER_SECOND (optional) paces the load: each wrk thread sends its share of requests on a fixed schedule
-- (an open loop, as long as connections are free), so latency is measured at that rate rather than at saturation.
-- Without it, every connection sends as fast as answers come back.

local token_body = '{"card_number":"5031433215406351","expiration_month":11,"expiration_year":2030,' ..
    '"security_code":"123","cardholder":{"name":"APRO","identification":{"type":"CPF","number":"12345678909"}}}'
local token_pattern = '"id"%s*:%s*"(' .. string.rep('%x', 32) .. ')"'

local counter = 0
local tokens = {}
local first_token = 1
local last_token = 0
local threads = 0
local thread_count = 1
local period_ms = nil
local next_at = nil

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } sandbox_timespec;
int clock_gettime(int clock_id, sandbox_timespec *tp);
]]
local now_spec = ffi.new("sandbox_timespec[1]")
local function now_ms()
  ffi.C.clock_gettime(1, now_spec) -- CLOCK_MONOTONIC
  return tonumber(now_spec[0].tv_sec) * 1000 + tonumber(now_spec[0].tv_nsec) / 1000000
end

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
  thread:set("thread_count", threads)
end

function init(args)
  math.randomseed(os.time() * 1000 + (id or 0))
  local rate = tonumber(os.getenv("PAYMENTS_PER_SECOND") or "")
  if rate ~= nil and rate > 0 then
    -- Two requests per payment, shared evenly by the threads (setup ran for all of them before init).
    local total_threads = tonumber(os.getenv("WRK_THREADS") or "2")
    period_ms = 1000 / (2 * rate / total_threads)
  end
end

function delay()
  if period_ms == nil then
    return 0
  end
  local now = now_ms()
  if next_at == nil then
    next_at = now
  end
  next_at = next_at + period_ms
  local wait = next_at - now
  if wait < 0 then
    return 0
  end
  return wait
end

function request()
  local auth = "Bearer " .. os.getenv("SANDBOX_TOKEN")
  if first_token > last_token then
    return wrk.format("POST", "/v1/card_tokens", {["Content-Type"] = "application/json", ["Authorization"] = auth},
        token_body)
  end
  local card_token = tokens[first_token]
  tokens[first_token] = nil
  first_token = first_token + 1
  counter = counter + 1
  local body = '{"transaction_amount":100.0,"token":"' .. card_token .. '","installments":1,' ..
      '"payment_method_id":"master","description":"benchmark","payer":{"email":"test_user_buyer_one@testuser.com"}}'
  return wrk.format("POST", "/v1/payments", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = auth,
    ["X-Idempotency-Key"] = string.format("bench-%d-%d-%d", id or 0, counter, math.random(1, 1000000000))
  }, body)
end

function response(status, headers, body)
  if status == 201 and body ~= nil then
    local created = string.match(body, token_pattern)
    if created ~= nil and string.find(body, '"first_six_digits"', 1, true) and not string.find(body, '"status_detail"', 1, true) then
      last_token = last_token + 1
      tokens[last_token] = created
    end
  end
end
