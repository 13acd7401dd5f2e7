-- wrk: SOAP GetUserPhoto HR96x96 for one person (EMAIL set by bench/run.sh through the environment).
local email = os.getenv("EMAIL") or "user1@example.test"
wrk.method = "POST"
wrk.headers["Content-Type"] = "text/xml; charset=utf-8"
wrk.body = '<?xml version="1.0" encoding="utf-8"?>' ..
  '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" ' ..
  'xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages">' ..
  '<soap:Body><m:GetUserPhoto><m:Email>' .. email .. '</m:Email>' ..
  '<m:SizeRequested>HR96x96</m:SizeRequested></m:GetUserPhoto></soap:Body></soap:Envelope>'
