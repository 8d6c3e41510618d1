"""Payment gateways from provider test credentials in the environment (`bench --site S pw-setup gateways`,
run by scripts/run.sh): Stripe test mode, PayPal sandbox, SHKeeper. A provider whose variables are not all
set is left as it is."""

from collections.abc import Mapping
from typing import Any

# settings DocType -> {field: environment variable}; every variable is needed to switch the gateway on
PROVIDERS: dict[str, dict[str, str]] = {
	"Stripe Checkout Settings": {
		"secret_key": "PW_STRIPE_SECRET_KEY",
		"webhook_secret": "PW_STRIPE_WEBHOOK_SECRET",
	},
	"PayPal Orders Settings": {
		"client_id": "PW_PAYPAL_CLIENT_ID",
		"client_secret": "PW_PAYPAL_CLIENT_SECRET",
		"webhook_id": "PW_PAYPAL_WEBHOOK_ID",
	},
	"SHKeeper Settings": {
		"api_url": "PW_SHKEEPER_URL",
		"api_key": "PW_SHKEEPER_API_KEY",
	},
}
# test mode, whatever the environment says: these are demo credentials
TEST_MODE: dict[str, dict[str, Any]] = {
	"Stripe Checkout Settings": {"test_mode": 1},
	"PayPal Orders Settings": {"sandbox": 1},
	"SHKeeper Settings": {},
}


def from_env(env: Mapping[str, str]) -> tuple[dict[str, dict[str, Any]], dict[str, list[str]]]:
	"""({settings DocType: values to save, enabled}, {settings DocType: its variables that are missing})
	for each provider; a provider with missing variables has no values."""
	values: dict[str, dict[str, Any]] = {}
	missing: dict[str, list[str]] = {}
	for doctype, fields in PROVIDERS.items():
		absent = [var for var in fields.values() if not (env.get(var) or "").strip()]
		if absent:
			missing[doctype] = absent
			continue
		values[doctype] = {
			**{field: env[var].strip() for field, var in fields.items()},
			**TEST_MODE[doctype],
			"enabled": 1,
		}
	return values, missing


def configure(env: Mapping[str, str]) -> tuple[list[str], dict[str, list[str]]]:
	"""Save and switch on each provider whose variables are set (its settings register the gateway);
	returns (configured settings DocTypes, missing variables of the others). A provider whose app is not
	installed is reported as missing nothing and skipped."""
	import frappe

	values, missing = from_env(env)
	configured = []
	for doctype, fields in values.items():
		if not frappe.db.exists("DocType", doctype):
			continue
		settings = frappe.get_single(doctype)
		settings.update(fields)
		settings.save(ignore_permissions=True)
		configured.append(doctype)
	frappe.db.commit()  # nosemgrep: frappe-manual-commit -- a bench command commits its work
	return configured, {d: v for d, v in missing.items() if frappe.db.exists("DocType", d)}
