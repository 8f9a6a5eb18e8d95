-- wrk script: POST /api/v1/ingest/text with a small text; the token comes from the TOKEN variable
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.body = '{"collection":"wrk","text":"A short paragraph for the API benchmark. It is chunked, stored and indexed."}'
