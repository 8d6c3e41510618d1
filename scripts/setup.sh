#!/usr/bin/env bash
# Set up this bench and the demo site; safe to run again (it reuses what exists and migrates).
#   scripts/setup.sh            system packages, services, sources, env, assets, demo site
#   scripts/setup.sh --bench    everything but the demo site (what the test command needs)
# Environment: FRAPPE_SRC (local sources, default /opt/frappe-src), FRAPPE_BRANCH (version-15),
# DB_ROOT_USER / DB_ROOT_PASSWORD (root / empty), DB_HOST, REDIS_URL (a managed Redis instead of the bench's
# own, scripts/redis.sh), SITE, ADMIN_PASSWORD, SKIP_APT=1.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

BENCH_ONLY=0
[ "${1:-}" = "--bench" ] && BENCH_ONLY=1

APT_PACKAGES="mariadb-server mariadb-client redis-server git curl cron pkg-config
	build-essential python3-dev python3-venv libmariadb-dev wkhtmltopdf libreoffice-writer-nogui chromium
	fonts-liberation xfonts-75dpi"

install_system_packages() {
	[ "${SKIP_APT:-0}" = 1 ] && return
	command -v apt-get >/dev/null || { log "No apt-get: install the packages by hand: $APT_PACKAGES"; return; }
	local missing=() pkg
	for pkg in $APT_PACKAGES; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
	done
	# Node may come from elsewhere (e.g. NodeSource, which conflicts with Debian's npm): check commands
	command -v node >/dev/null || missing+=(nodejs)
	command -v npm >/dev/null || missing+=(npm)

	if [ ${#missing[@]} -gt 0 ]; then
		log "Installing Debian packages: ${missing[*]}"
		local sudo=""
		[ "$(id -u)" -ne 0 ] && sudo="sudo"
		$sudo apt-get update -q
		DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
	fi
	# Frappe's build calls yarn 1 (classic), from npm
	yarn --version >/dev/null 2>&1 || npm install -g --silent yarn@1
}

start_service() {  # name, probe command
	local name=$1
	shift
	"$@" >/dev/null 2>&1 && return
	log "Starting $name"
	(service "$name" start || systemctl start "$name") >/dev/null 2>&1 || true
	for _ in $(seq 30); do "$@" >/dev/null 2>&1 && return; sleep 1; done
	die "$name is not running and could not be started"
}

mysql_root() {
	MYSQL_PWD="$DB_ROOT_PASSWORD" mysql -h "$DB_HOST" -P "$DB_PORT" -u "$DB_ROOT_USER" "$@"
}

configure_mariadb() {
	start_service mariadb mysql_root -e "select 1"
	local cnf=/etc/mysql/mariadb.conf.d/99-frappe.cnf wanted
	if [ -d "$(dirname "$cnf")" ] && { [ "$DB_HOST" = 127.0.0.1 ] || [ "$DB_HOST" = localhost ]; }; then
		# the set-up manages this server (Debian's layout): Frappe's character set, InnoDB sized from the
		# machine's memory (scripts/mariadb_conf.py); restarted only when the file changes
		wanted=$("$PYTHON" scripts/mariadb_conf.py)
		[ "$(cat "$cnf" 2>/dev/null)" = "$wanted" ] && return
		log "Configuring MariaDB for Frappe (utf8mb4, $(grep -o 'innodb_buffer_pool_size = .*' <<<"$wanted"))"
		printf '%s\n' "$wanted" >"$cnf"
		(service mariadb restart || systemctl restart mariadb) >/dev/null 2>&1 || true
		start_service mariadb mysql_root -e "select 1"
		return
	fi
	local charset collation pool
	pool=$(mysql_root -N -e "select @@innodb_buffer_pool_size div 1048576")
	log "MariaDB is configured elsewhere: its buffer pool is ${pool} MB; for this machine" \
		"scripts/mariadb_conf.py suggests $("$PYTHON" scripts/mariadb_conf.py | grep -o '[0-9]*M$' | head -1)"
	charset=$(mysql_root -N -e "select @@character_set_server")
	collation=$(mysql_root -N -e "select @@collation_server")
	[ "$charset/$collation" = "utf8mb4/utf8mb4_unicode_ci" ] && return
	# Set it for this run (Frappe also creates each database utf8mb4_unicode_ci)
	log "MariaDB runs with $charset/$collation and no conf.d: setting utf8mb4_unicode_ci until its restart"
	mysql_root -e "SET GLOBAL character_set_server = 'utf8mb4', GLOBAL collation_server = 'utf8mb4_unicode_ci'"
}

get_frappe_sources() {
	local app
	for app in $FRAPPE_APPS; do
		if [ -d "apps/$app/$app" ]; then
			continue
		elif [ -d "$FRAPPE_SRC/$app/$app" ]; then
			log "Copying $app from $FRAPPE_SRC/$app"
			mkdir -p "apps/$app"
			tar -C "$FRAPPE_SRC/$app" --exclude=node_modules --exclude=.git -cf - . | tar -C "apps/$app" -xf -
		else
			log "Cloning $app ($FRAPPE_BRANCH) from upstream"
			git clone --depth 1 --branch "$FRAPPE_BRANCH" "$FRAPPE_GIT/$app" "apps/$app" \
				|| die "No source for $app: set FRAPPE_SRC to a folder holding frappe/, erpnext/, payments/"
		fi
	done
}

write_bench_files() {
	mkdir -p sites/assets config/pids logs
	printf '%s\n' $FRAPPE_APPS $PW_APPS >sites/apps.txt
	[ -f sites/common_site_config.json ] || echo '{}' >sites/common_site_config.json
	if [ -z "$DB_ROOT_PASSWORD" ] && [ -z "$(site_config_get root_password)" ]; then
		# Frappe prompts for an empty root password: give it a local admin account instead
		local password
		password=$("$PYTHON" -c 'import secrets; print(secrets.token_hex(16))')
		log "Creating MariaDB admin account $DB_ADMIN for site commands"
		mysql_root -e "
			CREATE USER IF NOT EXISTS '$DB_ADMIN'@'localhost' IDENTIFIED BY '$password';
			CREATE USER IF NOT EXISTS '$DB_ADMIN'@'127.0.0.1' IDENTIFIED BY '$password';
			ALTER USER '$DB_ADMIN'@'localhost' IDENTIFIED BY '$password';
			ALTER USER '$DB_ADMIN'@'127.0.0.1' IDENTIFIED BY '$password';
			GRANT ALL PRIVILEGES ON *.* TO '$DB_ADMIN'@'localhost' WITH GRANT OPTION;
			GRANT ALL PRIVILEGES ON *.* TO '$DB_ADMIN'@'127.0.0.1' WITH GRANT OPTION;
			FLUSH PRIVILEGES;"
		ROOT_LOGIN=$DB_ADMIN ROOT_PASSWORD=$password
	fi
	"$PYTHON" scripts/json_merge.py sites/common_site_config.json "{
		\"db_host\": \"$DB_HOST\", \"db_port\": $DB_PORT, \"webserver_port\": $WEB_PORT, \"socketio_port\": 9000,
		\"serve_default_site\": true, \"live_reload\": false}"
	if [ -n "${ROOT_LOGIN:-}" ]; then
		"$PYTHON" scripts/json_merge.py sites/common_site_config.json \
			"{\"root_login\": \"$ROOT_LOGIN\", \"root_password\": \"$ROOT_PASSWORD\"}"
	fi
	# `bench` refuses to run as root unless config.json names the user to drop to
	[ -f config.json ] || printf '{"frappe_user": "%s"}\n' "$(stat -c %U "$ROOT")" >config.json
}

install_python() {
	[ -x env/bin/python ] || { log "Creating virtualenv env/"; "$PYTHON" -m venv env; }
	local stamp
	stamp=$(cat apps/*/pyproject.toml tests/support/pyproject.toml scripts/requirements.py tests/requirements.txt \
		| sha1sum | cut -c1-16)
	[ "$(cat env/.pw-installed 2>/dev/null)" = "$stamp" ] && return
	log "Installing Python packages (frappe, erpnext, payments and our apps, editable)"
	env/bin/pip install -q --upgrade pip wheel
	env/bin/python scripts/requirements.py $FRAPPE_APPS $PW_APPS >env/requirements.txt
	env/bin/pip install -q -r env/requirements.txt -r tests/requirements.txt
	local editable=() app
	for app in $FRAPPE_APPS $PW_APPS; do editable+=(-e "apps/$app"); done
	# what the apps' Frappe tests share (the served site, the page routes)
	editable+=(-e tests/support)
	env/bin/pip install -q --no-deps "${editable[@]}"
	echo "$stamp" >env/.pw-installed
}

# the CDR study's number reader: a DuckDB extension compiled from pw_compliance/cdr/native/pw_cdr.c (a study
# would build it on first use; building it here puts a compiler error in the set-up's output instead)
build_native() {
	log "Building the CDR study's number reader (DuckDB extension)"
	env/bin/python -m pw_compliance.cdr.native >/dev/null
}

install_node() {
	local app
	for app in frappe erpnext; do
		[ -f "apps/$app/node_modules/.yarn-integrity" ] && continue
		log "Installing node packages for $app"
		# frappe names its air-datepicker fork by a git URL; npm's 2.2.3 is the same widget
		sed -i 's|"air-datepicker": "github:frappe/air-datepicker"|"air-datepicker": "2.2.3"|' "apps/$app/package.json"
		(cd "apps/$app" && yarn install --non-interactive --silent --network-timeout 300000)
	done
}

build_assets() {
	if [ -f sites/assets/.pw-built ] && [ -z "$(find apps/*/*/public -newer sites/assets/.pw-built | head -1)" ]; then
		return
	fi
	log "Building assets"
	frappe_cli build --force >logs/build.log 2>&1 || { tail -30 logs/build.log; die "Asset build failed"; }
	touch sites/assets/.pw-built
}

create_demo_site() {
	if [ ! -f "sites/$SITE/site_config.json" ]; then
		log "Creating the demo site $SITE"
		# shellcheck disable=SC2046
		frappe_cli new-site "$SITE" --admin-password "$ADMIN_PASSWORD" $(db_root_args) \
			--db-name "pw_demo_$BENCH_ID" --force \
			--install-app erpnext --install-app payments $(printf -- '--install-app %s ' $PW_APPS)
	else
		log "Migrating the demo site $SITE"
		for app in erpnext payments $PW_APPS; do frappe_cli --site "$SITE" install-app "$app" >/dev/null; done
		frappe_cli --site "$SITE" migrate
	fi
	frappe_cli use "$SITE"
	echo "$SITE" >sites/currentsite.txt
	frappe_cli --site "$SITE" set-config developer_mode 0 >/dev/null
	# `set-config mute_emails 0` and an outgoing Email Account make the demo send its e-mails
	queue_only_email "$SITE"
	frappe_cli --site "$SITE" pw-setup demo
}

# Frappe keeps the asset manifest in the cache under a key of the bench (not of a site)
forget_asset_cache() {
	redis-cli -u "$(bash scripts/redis.sh url cache)" del assets_json >/dev/null
}

install_system_packages
configure_mariadb
get_frappe_sources
write_bench_files
bash scripts/redis.sh start
install_python
build_native
install_node
build_assets
forget_asset_cache
[ "$BENCH_ONLY" = 1 ] || create_demo_site
log "Bench ready at $ROOT"
