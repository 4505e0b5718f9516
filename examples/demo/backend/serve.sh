#!/bin/sh
# PID 1 of the demo backend. busybox httpd as PID 1 would ignore SIGTERM (the kernel drops signals PID 1
# has no handler for), so this shell runs it in the background and exits on TERM: `docker stop` is quick.
set -eu
mkdir -p /www
sed "s/@VERSION@/$APP_VERSION/g" /app/www/index.html > /www/index.html
echo "$APP_VERSION" > /www/version
# The broken version has no /health (busybox httpd answers 404).
if [ "$APP_BROKEN" != true ]; then echo ok > /www/health; fi
# POST /cgi-bin/version: reads the request body (an order, a form) and answers the version that took it.
mkdir -p /www/cgi-bin
printf '#!/bin/sh\necho "Content-Type: text/plain"\necho\nhead -c "${CONTENT_LENGTH:-0}" >/dev/null\necho "$APP_VERSION"\n' > /www/cgi-bin/version
chmod 755 /www/cgi-bin/version
httpd -f -p 8080 -h /www &
trap 'kill $! 2>/dev/null; exit 0' TERM INT
wait
