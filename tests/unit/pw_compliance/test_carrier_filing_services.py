"""CALEA, OCN and BDC filing services' pure parts: the BDC CSV checks, the file fact, the OCN and the CALEA
contact checks."""

from datetime import date

from pw_compliance.fulfilment import (
	intake,
	services,
)  # services first: it registers carrier_filings
from pw_compliance.fulfilment.carrier_filings import (
	BDC_FILES,
	CALEA,
	OCN,
	SOLUTIONS,
	_bdc_period,
	bdc_file_errors,
)
from pw_compliance.fulfilment.intake import Fact

SERVICES = services.SERVICES

VOICE = BDC_FILES["voice_subscription_file"][1]


def test_a_bdc_csv_needs_the_specified_header_rows_and_tract_codes():
	good = (
		b"\xef\xbb\xbftract,service_type,total_lines_or_subscriptions,consumer_lines_or_subscriptions\n"
		+ (b"01001020100,1,40,31\n\n")
	)
	assert bdc_file_errors(good, VOICE) is None
	assert bdc_file_errors(b"tract,lines\n", VOICE) == (
		"The header row lacks: service_type, total_lines_or_subscriptions, consumer_lines_or_subscriptions."
	)
	reordered = b"service_type,tract,total_lines_or_subscriptions,consumer_lines_or_subscriptions\n"
	assert bdc_file_errors(reordered, VOICE).startswith("The header row must be exactly")
	header = b",".join(c.encode() for c in VOICE) + b"\n"
	assert bdc_file_errors(header, VOICE) == "The file has no data rows."
	assert bdc_file_errors(header + b"1001020100,1,40,31\n", VOICE).startswith(
		"Row 2: the tract is an 11-digit"
	)
	assert bdc_file_errors(header + b"01001020100,1,40\n", VOICE) == "Row 2 has 3 values; the header has 4."
	assert bdc_file_errors(b"\xff\xfe", VOICE) == "The file is not a UTF-8 CSV file."


def test_a_file_fact_takes_an_uploaded_files_url_with_its_ending():
	fact = Fact("f", "F", type="file", extensions=(".csv",))
	assert intake.clean_value(fact, "/private/files/a.CSV") == (
		"/private/files/a.CSV",
		None,
	)
	assert intake.clean_value(fact, "/private/files/a.pdf") == (
		None,
		"Upload a .csv file.",
	)
	assert intake.clean_value(fact, "https://evil.example/a.csv") == (
		None,
		"Upload the file.",
	)
	assert intake.clean_value(fact, "/private/files/../x.csv") == (
		None,
		"Upload the file.",
	)


def test_bdc_period_is_the_data_date_of_the_next_filing_due():
	assert _bdc_period(date(2027, 2, 10)) == "2026-12-31"
	assert _bdc_period(date(2027, 3, 2)) == "2027-06-30"
	assert _bdc_period(date(2027, 9, 2)) == "2027-12-31"


def test_calea_needs_a_round_the_clock_contact_and_ocn_a_company_code():
	assert set(CALEA.check({"calea_contact_24x7": False})) == {"calea_contact_24x7"}
	assert CALEA.check({"calea_contact_24x7": True, "intercept_solution": SOLUTIONS[2]}) == {
		"ttp_name": "Name the trusted third party."
	}
	assert OCN.check_confirmation("9z1a") is None
	assert OCN.check_confirmation("OCN-1") is not None
	assert OCN.learn({}, "9z1a") == {"ocn": "9Z1A"}
	assert set(CALEA.templates) == {
		"clec",
		"ilec",
		"ivoip",
		"wireless",
		"broadband",
		"reseller",
	}
	assert {
		"calea-ssi",
		"ocn-registration",
		"bdc-filing",
		"bdc-broadband",
		"bdc-voice",
	} <= set(SERVICES)
	assert [f.key for f in SERVICES["bdc-voice"].declaration.facts if f.type == "file"] == [
		"voice_subscription_file"
	]
