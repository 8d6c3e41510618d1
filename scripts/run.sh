#!/usr/bin/env bash
# Set up (idempotent) and start the demo site with the whole stack from the Procfile.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
bash scripts/setup.sh
# payment gateways in test mode from PW_STRIPE_*, PW_PAYPAL_*, PW_SHKEEPER_* (README: "Try it")
bin/frappe --site "$SITE" pw-setup gateways
cat <<MSG

  Performance West is starting on http://localhost:$WEB_PORT  (site $SITE)
  Desk login:   Administrator / $ADMIN_PASSWORD
  Staff:        staff@performancewest.test / demo-Carrier-2026
  Portal login: carrier@example.com / demo-Carrier-2026
  Stop with Ctrl-C.

MSG
exec env/bin/honcho start -f Procfile
