-- wrk script: the channel's photo form, sent again and again by one member, as a browser sends
-- it (multipart/form-data). Set WRK_PATH (/a/A/c/C/upload), WRK_SESSION (a session token),
-- WRK_CSRF (the form's token, read from the channel page with that session) and WRK_PHOTO.
local path = os.getenv("WRK_PATH")
local session = os.getenv("WRK_SESSION")
local csrf = os.getenv("WRK_CSRF")
local boundary = "----wrkwildcat7MA4YWxkTrZu0gW"
local body

function init(args)
  local file = assert(io.open(os.getenv("WRK_PHOTO"), "rb"))
  local photo = file:read("*a")
  file:close()
  body = "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" .. csrf .. "\r\n"
      .. "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"IMG_0001.jpg\"\r\n"
      .. "Content-Type: image/jpeg\r\n\r\n" .. photo .. "\r\n--" .. boundary .. "--\r\n"
end

function request()
  return wrk.format("POST", path, {["Content-Type"] = "multipart/form-data; boundary=" .. boundary,
                                   ["Cookie"] = "wc_session=" .. session}, body)
end

-- Anything but the form's redirect is an error.
function response(status, headers, body)
  if status ~= 303 then wrk.thread:stop() end
end
