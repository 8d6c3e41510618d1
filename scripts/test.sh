#!/usr/bin/env bash
# Run every test tier and write test-results/summary.json.
#   lint     ruff with Frappe's configuration, Frappe's semgrep rules (scripts/semgrep)
#   unit     pytest over the pure domain modules (no Frappe)
#   frappe   a throwaway site with all apps: uninstall/reinstall round trip, then `run-tests` per app
#   browser  Playwright driving Debian's chromium against the throwaway site
#   bench    two benches on one machine: each its own Redis, no shared key or queue (tests/bench)
# Without Frappe sources (apps/, FRAPPE_SRC or upstream) the frappe and browser tiers are SKIPPED.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

RESULTS="$ROOT/test-results"
rm -rf "$RESULTS" && mkdir -p "$RESULTS"
START=$(date +%s)
TIERS=()

record() {  # tier status passed failed [note]
	TIERS+=("$1")
	printf '{"status": "%s", "passed": %d, "failed": %d, "note": "%s"}\n' "$2" "$3" "$4" "${5:-}" \
		>"$RESULTS/tier-$1.json"
}

junit_counts() {  # prints "passed failed" from a junit xml file
	env/bin/python scripts/junit_counts.py "$1"
}

if have_frappe_sources; then
	FRAPPE_OK=1
	bash scripts/setup.sh --bench || die "Bench set-up failed"
else
	FRAPPE_OK=0
	[ -x env/bin/python ] || "$PYTHON" -m venv env
	env/bin/pip install -q -r tests/requirements.txt
fi

# -- lint ---------------------------------------------------------------------------------------
# in the background: it reads files only, and the two cores are shared with the test site's creation
run_lint() {
	local lint_failed=0 app semgrep_stamp
	log "Lint (ruff, Frappe's configuration)"
	for app in $PW_APPS; do
		env/bin/ruff check --config "apps/$app/pyproject.toml" "apps/$app" || lint_failed=$((lint_failed + 1))
		env/bin/ruff format --check --config "apps/$app/pyproject.toml" "apps/$app" || lint_failed=$((lint_failed + 1))
	done
	env/bin/ruff check --config apps/performancewest_erpnext/pyproject.toml tests scripts || lint_failed=$((lint_failed + 1))
	env/bin/ruff format --check --config apps/performancewest_erpnext/pyproject.toml tests scripts \
		|| lint_failed=$((lint_failed + 1))
	# Frappe's semgrep rules (vendored in scripts/semgrep), offline, in their own virtualenv
	log "Lint (semgrep, Frappe's rules)"
	semgrep_stamp=$(sha1sum scripts/semgrep/requirements.txt | cut -c1-16)
	if [ "$(cat env-semgrep/.pw-installed 2>/dev/null)" != "$semgrep_stamp" ]; then
		rm -rf env-semgrep
		"$PYTHON" -m venv env-semgrep && env-semgrep/bin/pip install -q -r scripts/semgrep/requirements.txt \
			&& echo "$semgrep_stamp" >env-semgrep/.pw-installed
	fi
	# shellcheck disable=SC2046
	SEMGREP_ENABLE_VERSION_CHECK=0 env-semgrep/bin/semgrep scan --config scripts/semgrep/rules --metrics=off \
		--disable-version-check --error --quiet $(printf 'apps/%s ' $PW_APPS) || lint_failed=$((lint_failed + 1))
	echo "$lint_failed" >"$RESULTS/lint.failed"
}
run_lint >"$RESULTS/lint.log" 2>&1 &
LINT_PID=$!
finish_lint() {  # wait for the background lint, show its output, record the tier
	wait "$LINT_PID"
	cat "$RESULTS/lint.log"
	local lint_failed
	lint_failed=$(cat "$RESULTS/lint.failed" 2>/dev/null || echo 1)
	if [ "$lint_failed" = 0 ]; then record lint passed 1 0; else record lint failed 0 "$lint_failed"; fi
}

# -- tier 1: unit -------------------------------------------------------------------------------
log "Tier 1: pure domain tests"
env/bin/python -m pytest tests/unit -q -p no:cacheprovider --junitxml="$RESULTS/unit.xml"
read -r passed failed < <(junit_counts "$RESULTS/unit.xml")
record unit "$([ "$failed" = 0 ] && [ "$passed" -gt 0 ] && echo passed || echo failed)" "$passed" "$failed"

# -- tier 2: frappe -----------------------------------------------------------------------------
if [ "$FRAPPE_OK" = 1 ]; then
	log "Tier 2: Frappe suite on $TEST_SITE"
	passed=0 failed=1
	bash scripts/frappe_tests.sh "$RESULTS" && read -r passed failed <"$RESULTS/frappe.counts"
	record frappe "$([ "$failed" = 0 ] && [ "$passed" -gt 0 ] && echo passed || echo failed)" "$passed" "$failed"

	log "Two benches on one machine"
	env/bin/python -m pytest tests/bench -q -p no:cacheprovider --junitxml="$RESULTS/bench.xml"
	read -r passed failed < <(junit_counts "$RESULTS/bench.xml")
	record bench "$([ "$failed" = 0 ] && [ "$passed" -gt 0 ] && echo passed || echo failed)" "$passed" "$failed"

	log "Tier 3: browser tests (chromium)"
	env/bin/python -m pytest tests/browser -q -p no:cacheprovider --junitxml="$RESULTS/browser.xml"
	read -r passed failed < <(junit_counts "$RESULTS/browser.xml")
	record browser "$([ "$failed" = 0 ] && [ "$passed" -gt 0 ] && echo passed || echo failed)" "$passed" "$failed"
else
	echo "SKIPPED: no Frappe sources (apps/, FRAPPE_SRC=$FRAPPE_SRC or $FRAPPE_GIT): tiers frappe and browser did not run"
	record frappe skipped 0 0 "no Frappe sources"
	record browser skipped 0 0 "no Frappe sources"
	record bench skipped 0 0 "no Frappe sources"
fi

finish_lint
env/bin/python scripts/summary.py "$RESULTS" "$START" "${TIERS[@]}"
