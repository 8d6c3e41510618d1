"""`pw-setup gateways`: which providers the environment's test credentials switch on, in test mode."""

from performancewest_erpnext.setup.gateways import from_env

STRIPE = {"PW_STRIPE_SECRET_KEY": "sk_test_abc", "PW_STRIPE_WEBHOOK_SECRET": "whsec_abc"}
PAYPAL = {
	"PW_PAYPAL_CLIENT_ID": "client",
	"PW_PAYPAL_CLIENT_SECRET": "secret",
	"PW_PAYPAL_WEBHOOK_ID": "WH-1",
}
SHKEEPER = {"PW_SHKEEPER_URL": "http://127.0.0.1:5000", "PW_SHKEEPER_API_KEY": "key"}


def test_no_credentials_switch_nothing_on_and_name_every_variable():
	values, missing = from_env({})
	assert values == {}
	assert missing == {
		"Stripe Checkout Settings": ["PW_STRIPE_SECRET_KEY", "PW_STRIPE_WEBHOOK_SECRET"],
		"PayPal Orders Settings": ["PW_PAYPAL_CLIENT_ID", "PW_PAYPAL_CLIENT_SECRET", "PW_PAYPAL_WEBHOOK_ID"],
		"SHKeeper Settings": ["PW_SHKEEPER_URL", "PW_SHKEEPER_API_KEY"],
	}


def test_each_complete_provider_is_enabled_in_test_mode():
	values, missing = from_env({**STRIPE, **PAYPAL, **SHKEEPER})
	assert missing == {}
	assert values["Stripe Checkout Settings"] == {
		"secret_key": "sk_test_abc",
		"webhook_secret": "whsec_abc",
		"test_mode": 1,
		"enabled": 1,
	}
	assert values["PayPal Orders Settings"] == {
		"client_id": "client",
		"client_secret": "secret",
		"webhook_id": "WH-1",
		"sandbox": 1,
		"enabled": 1,
	}
	assert values["SHKeeper Settings"] == {"api_url": "http://127.0.0.1:5000", "api_key": "key", "enabled": 1}


def test_a_provider_with_a_blank_or_missing_variable_is_left_alone():
	values, missing = from_env({**STRIPE, "PW_STRIPE_WEBHOOK_SECRET": "  ", "PW_PAYPAL_CLIENT_ID": "client"})
	assert values == {}
	assert missing["Stripe Checkout Settings"] == ["PW_STRIPE_WEBHOOK_SECRET"]
	assert missing["PayPal Orders Settings"] == ["PW_PAYPAL_CLIENT_SECRET", "PW_PAYPAL_WEBHOOK_ID"]
