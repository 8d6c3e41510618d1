# Shared settings and helpers for scripts/*.sh (sourced, not run).
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FRAPPE_SRC=${FRAPPE_SRC:-/opt/frappe-src}
FRAPPE_BRANCH=${FRAPPE_BRANCH:-version-15}
FRAPPE_GIT=${FRAPPE_GIT:-https://github.com/frappe}
SITE=${SITE:-performancewest.localhost}
TEST_SITE=${TEST_SITE:-pw-test.localhost}
ADMIN_PASSWORD=${ADMIN_PASSWORD:-admin}
DB_HOST=${DB_HOST:-127.0.0.1}
DB_PORT=${DB_PORT:-3306}
DB_ROOT_USER=${DB_ROOT_USER:-root}
DB_ROOT_PASSWORD=${DB_ROOT_PASSWORD:-}
# Empty: the bench runs its own Redis (scripts/redis.sh); set it to use a managed Redis instead
REDIS_URL=${REDIS_URL:-}
WEB_PORT=${WEB_PORT:-8000}
PYTHON=${PYTHON:-python3}
# Several benches may share one MariaDB: the demo database and the admin account are per bench
BENCH_ID=$(printf %s "$ROOT" | sha1sum | cut -c1-8)
DB_ADMIN=pw_admin_$BENCH_ID
FRAPPE_APPS="frappe erpnext payments"
PW_APPS="performancewest_erpnext pw_compliance frappe_ca_registry frappe_crypto frappe_adyen"

log() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m!!\033[0m %s\n' "$*" >&2; exit 1; }
frappe_cli() { "$ROOT/bin/frappe" "$@"; }

# Root credentials for Frappe's site commands. Frappe prompts when the password is empty, so with the
# machine's default (root, no password) the setup creates a local admin account and stores it in
# sites/common_site_config.json (git-ignored), where Frappe reads root_password from.
db_root_args() {
	local user password
	user=$(site_config_get root_login)
	password=$(site_config_get root_password)
	printf -- '--db-root-username %s --db-root-password %s' "${user:-$DB_ROOT_USER}" "${password:-$DB_ROOT_PASSWORD}"
}

site_config_get() {
	"$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1])).get(sys.argv[2]) or "")' \
		"$ROOT/sites/common_site_config.json" "$1" 2>/dev/null || true
}

# True when the three Frappe sources are in apps/ or can be had from FRAPPE_SRC or upstream.
# Demo and test sites queue their e-mails (Email Queue) without sending them: an outgoing account
# from site config gives them a sender, mute_emails keeps them in the queue.
queue_only_email() {
	frappe_cli --site "$1" set-config mail_server localhost >/dev/null
	frappe_cli --site "$1" set-config auto_email_id "noreply@performancewest.test" >/dev/null
	frappe_cli --site "$1" set-config mute_emails 1 >/dev/null
}

have_frappe_sources() {
	local app
	for app in $FRAPPE_APPS; do
		[ -d "$ROOT/apps/$app/$app" ] || [ -d "$FRAPPE_SRC/$app/$app" ] || \
			timeout 20 git ls-remote --exit-code "$FRAPPE_GIT/$app" "$FRAPPE_BRANCH" >/dev/null 2>&1 || return 1
	done
}
