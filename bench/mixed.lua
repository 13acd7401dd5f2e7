-- wrk: a mixed load over PEOPLE people: REST and SOAP, several sizes, some revalidations.
local people = tonumber(os.getenv("PEOPLE") or "200")
local sizes = { "HR48x48", "HR96x96", "HR240x240", "HR648x648" }
local n = 0
local soap = '<?xml version="1.0" encoding="utf-8"?>' ..
  '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" ' ..
  'xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages">' ..
  '<soap:Body><m:GetUserPhoto><m:Email>%s</m:Email><m:SizeRequested>%s</m:SizeRequested>' ..
  '</m:GetUserPhoto></soap:Body></soap:Envelope>'
request = function()
  n = n + 1
  local email = "user" .. ((n * 7919) % people + 1) .. "@example.test"
  local size = sizes[(n % #sizes) + 1]
  if n % 3 == 0 then
    return wrk.format("POST", "/ews500/Exchange.asmx", { ["Content-Type"] = "text/xml; charset=utf-8" },
                      string.format(soap, email, size))
  end
  local headers = {}
  if n % 5 == 0 then headers["If-None-Match"] = '"00000000"' end
  return wrk.format("GET", "/ews500/Exchange.asmx/s/GetUserPhoto?email=" .. email .. "&size=" .. size, headers)
end
