#!/usr/bin/env bash
# Tier 2: a throwaway site with every app, the uninstall/reinstall round trip, then `run-tests` per app.
# Writes "<passed> <failed>" to $1/frappe.counts and each app's log to $1/.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
RESULTS=$1
passed=0 failed=0

check() {  # name command...: one round-trip check
	if "${@:2}" >>"$RESULTS/roundtrip.log" 2>&1; then
		passed=$((passed + 1))
		echo "  ok    $1"
	else
		failed=$((failed + 1))
		echo "  FAIL  $1 (see $RESULTS/roundtrip.log)"
	fi
}

log "Creating $TEST_SITE"
# its database is named per bench: two benches share one MariaDB
# shellcheck disable=SC2046
frappe_cli new-site "$TEST_SITE" --admin-password "$ADMIN_PASSWORD" $(db_root_args) --db-name "pw_test_$BENCH_ID" \
	--force \
	--install-app erpnext --install-app payments $(printf -- '--install-app %s ' $PW_APPS) \
	>"$RESULTS/new-site.log" 2>&1 || { tail -40 "$RESULTS/new-site.log"; die "Could not create $TEST_SITE"; }
frappe_cli --site "$TEST_SITE" set-config allow_tests true >/dev/null
# the suites sign up more than Frappe's 60 users an hour (its default throttle of new users)
frappe_cli --site "$TEST_SITE" set-config -p throttle_user_limit 10000 >/dev/null
queue_only_email "$TEST_SITE"
frappe_cli --site "$TEST_SITE" set-config stripe_api_base None >/dev/null  # left by an interrupted browser run
frappe_cli --site "$TEST_SITE" pw-setup demo >"$RESULTS/demo.log" 2>&1 || { cat "$RESULTS/demo.log"; die "Demo data failed"; }

log "Uninstall and reinstall every app (dependents first)"
# a plain import: `bench execute` refuses modules of an app that is not installed
app_check() {
	(cd sites && ../env/bin/python -c 'import sys, frappe
frappe.init(site=sys.argv[1]); frappe.connect()
from performancewest_erpnext.setup import checks
getattr(checks, sys.argv[2])(sys.argv[3])' "$TEST_SITE" "$1" "$2")
}
removed() { app_check assert_removed "$1"; }
installed() { app_check assert_installed "$1"; }
for app in frappe_adyen frappe_crypto frappe_ca_registry pw_compliance performancewest_erpnext; do
	check "uninstall $app" frappe_cli --site "$TEST_SITE" uninstall-app "$app" --yes --no-backup
	check "$app left nothing behind and the site still works" removed "$app"
done
for app in performancewest_erpnext pw_compliance frappe_ca_registry frappe_crypto frappe_adyen; do
	check "install $app again" frappe_cli --site "$TEST_SITE" install-app "$app"
	check "$app is whole again" installed "$app"
done
frappe_cli --site "$TEST_SITE" pw-setup demo >>"$RESULTS/demo.log" 2>&1

for app in $PW_APPS; do
	log "run-tests --app $app"
	# run-tests exits non-zero on failure only when CI is set
	CI=1 frappe_cli --site "$TEST_SITE" run-tests --app "$app" --junit-xml-output "$RESULTS/frappe-$app.xml" \
		>"$RESULTS/frappe-$app.log" 2>&1
	rc=$?
	tail -4 "$RESULTS/frappe-$app.log"
	if [ -s "$RESULTS/frappe-$app.xml" ]; then
		read -r p f < <(env/bin/python scripts/junit_counts.py "$RESULTS/frappe-$app.xml")
	else
		p=0 f=1
		tail -30 "$RESULTS/frappe-$app.log"
	fi
	[ "$rc" != 0 ] && [ "$f" = 0 ] && f=1
	passed=$((passed + p)) failed=$((failed + f))
done
echo "$passed $failed" >"$RESULTS/frappe.counts"
