-- wrk's script of the load test (portail/demo/load): `wrk -s launch.lua URL -- PAGE DATA_FILE`.
-- Each request draws its postal area (Montréal's for the single pages, any of Québec's for the mix),
-- its radius and its filters at random; DATA_FILE (written by the driver) holds the areas and the ids of
-- providers shown on the map. Every answer that is not a 2xx counts as an error: every request is valid.

local page
local threads = {}
local counter = 0
non2xx = 0

local FILTERS = {
  "kind=rsge", "kind=cpe", "kind=gs", "kind=gns", "kind=cpe&kind=gs", "subsidized=yes", "subsidized=no",
  "age=under_18_months", "age=18_months_and_over", "period=evenings", "period=weekends",
  "period=part_time", "published=on", "places=on",
}

function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
  table.insert(threads, thread)
end

function init(args)
  page = args[1]
  dofile(args[2])
  math.randomseed(os.time() * 1000 + (seed or 0))
end

local function pick(list)
  return list[math.random(#list)]
end

local function search(path, areas, radius)
  return path .. "?q=" .. pick(areas) .. "&radius=" .. radius
end

local function filtered(url)
  -- Two searches in five carry filters, one in ten of them two.
  local draw = math.random()
  if draw < 0.3 then
    url = url .. "&" .. pick(FILTERS)
  elseif draw < 0.4 then
    url = url .. "&" .. pick(FILTERS) .. "&" .. pick(FILTERS)
  end
  return url
end

local function launch_mix()
  local draw = math.random()
  local radius = math.random(1, 50)
  if draw < 0.35 then
    local url = filtered(search("/carte/", QUEBEC_AREAS, radius))
    if math.random() < 0.1 then
      url = url .. "&page=2"
    end
    return url
  elseif draw < 0.70 then
    return filtered(search("/carte/points.json", QUEBEC_AREAS, radius))
  elseif draw < 0.90 then
    return "/carte/rsge/" .. pick(PROVIDERS) .. "/"
  end
  return "/"
end

local PATHS = {
  home = function() return "/" end,
  points_5 = function() return search("/carte/points.json", MONTREAL_AREAS, 5) end,
  points_50 = function() return search("/carte/points.json", MONTREAL_AREAS, 50) end,
  search_5 = function() return search("/carte/", MONTREAL_AREAS, 5) end,
  search_50 = function() return search("/carte/", MONTREAL_AREAS, 50) end,
  provider = function() return "/carte/rsge/" .. pick(PROVIDERS) .. "/" end,
  mix = launch_mix,
}

function request()
  return wrk.format("GET", PATHS[page]())
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do
    failed = failed + (thread:get("non2xx") or 0)
  end
  local errors = summary.errors
  io.write(string.format(
    'LOAD_RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"non_2xx": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), failed, errors.connect + errors.read + errors.write + errors.timeout
  ))
end
