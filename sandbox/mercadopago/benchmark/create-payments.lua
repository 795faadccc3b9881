-- wrk script: every payment needs its own single-use card token, so each connection alternates
-- POST /v1/card_tokens and POST /v1/payments (with the token just created and a unique X-Idempotency-Key).
-- Payments per second = half of wrk's requests per second; run.sh counts the payments created to check.

local token_body = '{"card_number":"5031433215406351","expiration_month":11,"expiration_year":2030,' ..
    '"security_code":"123","cardholder":{"name":"APRO","identification":{"type":"CPF","number":"12345678909"}}}'
local token_pattern = '"id"%s*:%s*"(' .. string.rep('%x', 32) .. ')"'

local counter = 0
local card_token = nil
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  math.randomseed(os.time() * 1000 + (id or 0))
end

function request()
  local auth = "Bearer " .. os.getenv("SANDBOX_TOKEN")
  if card_token == nil then
    return wrk.format("POST", "/v1/card_tokens", {["Content-Type"] = "application/json", ["Authorization"] = auth},
        token_body)
  end
  counter = counter + 1
  local body = '{"transaction_amount":100.0,"token":"' .. card_token .. '","installments":1,' ..
      '"payment_method_id":"master","description":"benchmark","payer":{"email":"test_user_buyer_one@testuser.com"}}'
  card_token = nil
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
      card_token = created
    end
  end
end
