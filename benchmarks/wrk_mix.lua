-- wrk script for benchmarks/load.py --generator wrk: each request takes a path at random from
-- the file named by INDOPAC_PATHS (the same mix the Python clients draw, written by load.py),
-- and every response is counted by status, by nginx's X-Cache-Status and, for the
-- pathological query, apart; done() prints one JSON line that load.py reads.
local pathological = os.getenv("INDOPAC_PATHOLOGICAL")
local paths = {}
for line in io.lines(os.getenv("INDOPAC_PATHS")) do
    paths[#paths + 1] = line
end

local threads = {}
local counter = 0

function setup(thread)
    counter = counter + 1
    thread:set("id", counter)
    table.insert(threads, thread)
end

function init(args)
    -- Each thread its own sequence, reproducible from run to run.
    math.randomseed(1000 + id)
    statuses = {}
    cache = {}
    last_path = nil
    pathological_sent = 0
end

function request()
    last_path = paths[math.random(#paths)]
    if last_path == pathological then
        pathological_sent = pathological_sent + 1
    end
    return wrk.format("GET", last_path)
end

function response(status, headers, body)
    local key = tostring(status)
    statuses[key] = (statuses[key] or 0) + 1
    local state = headers["X-Cache-Status"]
    if state then
        cache[state] = (cache[state] or 0) + 1
    end
end

local function add(into, from)
    for key, n in pairs(from or {}) do
        into[key] = (into[key] or 0) + n
    end
end

local function encode(t)
    local parts = {}
    for key, n in pairs(t) do
        parts[#parts + 1] = string.format("%q:%d", key, n)
    end
    return "{" .. table.concat(parts, ",") .. "}"
end

function done(summary, latency, requests)
    local all_statuses, all_cache, sent = {}, {}, 0
    for _, thread in ipairs(threads) do
        add(all_statuses, thread:get("statuses"))
        add(all_cache, thread:get("cache"))
        sent = sent + (thread:get("pathological_sent") or 0)
    end
    local e = summary.errors
    io.write(string.format(
        'INDOPAC {"requests":%d,"duration_us":%d,"connect_errors":%d,"read_errors":%d,'
            .. '"write_errors":%d,"timeouts":%d,"p50_us":%d,"p95_us":%d,"p99_us":%d,'
            .. '"mean_us":%.1f,"pathological_sent":%d,"statuses":%s,"cache_statuses":%s}\n',
        summary.requests, summary.duration, e.connect, e.read, e.write, e.timeout,
        latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean,
        sent, encode(all_statuses), encode(all_cache)))
end
