-- wrk script: POST requests with a different member's bearer token each time, read from the
-- load generator's seed file. Set WRK_SEED (seed.json), WRK_PATH (the API path) and WRK_BODY.
local seed = os.getenv("WRK_SEED")
local path = os.getenv("WRK_PATH")
local body = os.getenv("WRK_BODY")
local tokens = {}
local count = 0

function init(args)
  local file = assert(io.open(seed, "r"))
  local text = file:read("*a")
  file:close()
  for token in text:gmatch('"([%w_%-]+)"') do
    -- Tokens are 43 characters; assembly and channel ids are shorter.
    if #token == 43 then table.insert(tokens, token) end
  end
  -- Each of wrk's threads starts at a different place in the list.
  count = (tonumber(wrk.thread:get("index")) or 0) * 50000
end

function request()
  count = count + 1
  local token = tokens[(count % #tokens) + 1]
  return wrk.format("POST", path, {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end

function setup(thread)
  thread:set("index", tostring(setup_index or 0))
  setup_index = (setup_index or 0) + 1
end

function done(summary, latency, requests)
  io.write(string.format("answers other than 2xx or 3xx: %d of %d\n", summary.errors.status, summary.requests))
end
