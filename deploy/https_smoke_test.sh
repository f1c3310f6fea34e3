#!/usr/bin/env bash
# Follows README's production section on this machine, on loopback ports and in a
# temporary directory, with a self-signed certificate: migrate, compile, collect
# static files, setup_site, gunicorn with deploy/gunicorn.conf.py, nginx with
# deploy/nginx/sanshe.conf, then checks the site with curl. Stops all it started.
#
#   bash deploy/https_smoke_test.sh        (needs nginx, openssl, PostgreSQL on 127.0.0.1)
set -euo pipefail
cd "$(dirname "$0")/.."
app=$(pwd)
work=$(mktemp -d)
db="sanshe_https_smoke_$$"
HTTP=18080 HTTPS=18443 APP=18001

admin() { .venv/bin/python - "$@" <<'PY'
import sys, psycopg
with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
    for statement in sys.argv[1:]:
        c.execute(statement)
PY
}
cleanup() {
    [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
    [ -n "${gunicorn_pid:-}" ] && kill "$gunicorn_pid" 2>/dev/null || true
    admin "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null || true
    rm -rf "$work" "$app/staticfiles"
}
trap cleanup EXIT

echo "== a self-signed certificate for localhost"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
    -keyout "$work/privkey.pem" -out "$work/fullchain.pem" 2>/dev/null

echo "== the environment file, as deploy/sanshe.env.example asks"
cat > "$work/sanshe.env" <<ENV
DEBUG=0
SECRET_KEY=$(.venv/bin/python -c "import secrets; print(secrets.token_urlsafe(50))")
ALLOWED_HOSTS=localhost
FIELD_ENCRYPTION_KEY=$(.venv/bin/python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())")
CSRF_TRUSTED_ORIGINS=https://localhost:$HTTPS
DATABASE_URL=postgres://postgres@127.0.0.1:5432/$db
CACHE_URL=redis://127.0.0.1:6379/9
MEDIA_ROOT=$work/media
PRIVATE_MEDIA_ROOT=$work/private
GUNICORN_BIND=127.0.0.1:$APP
WEB_CONCURRENCY=2
SANSHE_ADMIN_USERNAME=it-admin
SANSHE_ADMIN_PASSWORD=$(.venv/bin/python -c "import secrets; print(secrets.token_urlsafe(16))")
ENV
set -a; . "$work/sanshe.env"; set +a

echo "== first run: migrate, catalogs, static files, setup_site"
admin "CREATE DATABASE $db"
.venv/bin/python manage.py migrate --no-input -v0
.venv/bin/python manage.py compile_catalogs >/dev/null
.venv/bin/python manage.py collectstatic --no-input -v0
.venv/bin/python manage.py setup_site --site deploy/site.example.yaml
.venv/bin/python manage.py check --deploy --fail-level WARNING

echo "== gunicorn (deploy/gunicorn.conf.py) and nginx (deploy/nginx/sanshe.conf)"
.venv/bin/gunicorn config.wsgi --config deploy/gunicorn.conf.py --daemon --pid "$work/gunicorn.pid"
sed -e "s|server_name sanshe.example.org;|server_name localhost;|" \
    -e "s|listen 80;|listen $HTTP;|; s|listen \[::\]:80;|listen [::]:$HTTP;|" \
    -e "s|listen 443 ssl http2;|listen $HTTPS ssl http2;|; s|listen \[::\]:443 ssl http2;|listen [::]:$HTTPS ssl http2;|" \
    -e "s|/etc/ssl/sanshe/|$work/|" \
    -e "s|/srv/sanshe/app/staticfiles/|$app/staticfiles/|" \
    -e "s|127.0.0.1:8001|127.0.0.1:$APP|" \
    -e "s|/var/log/nginx/|$work/|" \
    -e "s|https://\$host\$request_uri|https://\$host:$HTTPS\$request_uri|" \
    deploy/nginx/sanshe.conf > "$work/site.conf"
cat > "$work/nginx.conf" <<NGINX
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events {}
http {
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path $work/body;
    proxy_temp_path $work/proxy;
    include $work/site.conf;
}
NGINX
nginx -t -q -c "$work/nginx.conf" -p "$work"
nginx -c "$work/nginx.conf" -p "$work"
for _ in $(seq 50); do [ -f "$work/gunicorn.pid" ] && curl -fs "http://127.0.0.1:$APP/healthz" -H "Host: localhost" >/dev/null && break; sleep 0.2; done
gunicorn_pid=$(cat "$work/gunicorn.pid")

echo "== checks with curl"
check() { printf '   %-58s' "$1"; shift; if "$@"; then echo ok; else echo FAILED; exit 1; fi; }
status() { curl -sk -o /dev/null -w '%{http_code}' "$@"; }
head_of() { curl -sk -D - -o /dev/null "$@"; }
check "http://localhost/ redirects to https" test "$(status "http://localhost:$HTTP/")" = 301
check "/healthz answers over plain http" test "$(status "http://localhost:$HTTP/healthz")" = 200
check "https home page answers 200 in Chinese" \
    bash -c "curl -sk https://localhost:$HTTPS/ | grep -q 九龙社工中心"
check "HSTS header" bash -c "curl -sk -D - -o /dev/null https://localhost:$HTTPS/ | grep -qi '^strict-transport-security: max-age=31536000'"
csp=$(head_of "https://localhost:$HTTPS/" | grep -i '^content-security-policy' | tr -d '\r')
echo "   $csp"
check "Content-Security-Policy: scripts from 'self' only" \
    grep -Eq "script-src 'self'(;|$)" <<<"$csp"
check "secure session cookie on the admin login" bash -c \
    "curl -sk -D - -o /dev/null https://localhost:$HTTPS/admin/login/ | grep -i '^set-cookie: csrftoken' | grep -qi secure"
css=$(curl -sk "https://localhost:$HTTPS/" | grep -o '/static/css/site\.[0-9a-f]*\.css' | head -1)
check "static files by nginx with hashed names ($css)" \
    bash -c "curl -sk -D - -o /dev/null https://localhost:$HTTPS$css | grep -qi 'cache-control: public, immutable'"
check "English pages under /en/" bash -c "curl -sk https://localhost:$HTTPS/en/ | grep -q 'Our service centers'"
check "no /media/ location" test "$(status "https://localhost:$HTTPS/media/anything")" = 404
echo "HTTPS SMOKE TEST OK"
