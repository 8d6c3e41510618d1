/*
 * pw_cdr: the CDR study's number reader, as a DuckDB extension (DuckDB's stable C API v1.2.0).
 *
 * pw_cdr_code(VARCHAR) -> INTEGER: the end code of one calling or called number, by the rules the study's
 * method states (pw_compliance/cdr/analysis.py):
 *   the digits of the text without everything else, and whether it begins with + (after spaces); then
 *   10 digits, no +, not 011...: a NANP number, its area code (the first 3 digits);
 *   11 digits beginning with 1: a NANP number, its area code (digits 2-4);
 *   14 digits beginning with 0111, no +: a NANP number dialled with 011 1, its area code (digits 5-7);
 *   + and 7 to 15 digits not beginning with 1: an international number, INTL_BASE minus its first 3 digits;
 *   011, no +, 10 to 18 digits, not 0111...: an international number, INTL_BASE minus digits 4-6;
 *   anything else (NULL included): NOT_A_NUMBER.
 * The country code and the area code's location are looked up once per group of the result, in Python.
 *
 * One pass over the text's bytes, no allocation. Built and loaded by pw_compliance.cdr.native.
 * tests/unit/pw_compliance/test_cdr_analysis.py checks it against the rules written in Python.
 */
#define DUCKDB_EXTENSION_NAME pw_cdr
#define DUCKDB_EXTENSION_API_VERSION_MAJOR 1
#define DUCKDB_EXTENSION_API_VERSION_MINOR 2
#define DUCKDB_EXTENSION_API_VERSION_PATCH 0
#include "duckdb_capi/duckdb_extension.h"

DUCKDB_EXTENSION_EXTERN

/* the same values as INTL_BASE and NOT_A_NUMBER in analysis.py (read from there when it builds this file) */
#ifndef INTL_BASE
#error "INTL_BASE is set by the build (pw_compliance.cdr.native)"
#endif
#ifndef NOT_A_NUMBER
#error "NOT_A_NUMBER is set by the build (pw_compliance.cdr.native)"
#endif

#define KEPT 7 /* leading digits kept: the longest prefix a rule reads (0111 and an area code) */

static int32_t three(const int d[], int at) {
	return d[at] * 100 + d[at + 1] * 10 + d[at + 2];
}

static int32_t end_code(const char *text, uint32_t length) {
	int d[KEPT] = {0};
	uint32_t n = 0, i = 0;
	while (i < length && text[i] == ' ') {
		i++;
	}
	const int plus = i < length && text[i] == '+';
	for (; i < length; i++) {
		const unsigned digit = (unsigned char)text[i] - '0';
		if (digit < 10) {
			if (n < KEPT) {
				d[n] = (int)digit;
			}
			n++;
		}
	}
	const int idd = n >= 3 && d[0] == 0 && d[1] == 1 && d[2] == 1; /* begins with 011 */
	if (n == 10 && !plus && !idd) {
		return three(d, 0);
	}
	if (n == 11 && d[0] == 1) {
		return three(d, 1);
	}
	if (n == 14 && !plus && idd && d[3] == 1) {
		return three(d, 4);
	}
	if (plus && n >= 7 && n <= 15 && d[0] != 1) {
		return INTL_BASE - three(d, 0);
	}
	if (!plus && n >= 10 && n <= 18 && idd && d[3] != 1) {
		return INTL_BASE - three(d, 3);
	}
	return NOT_A_NUMBER;
}

static void pw_cdr_code(duckdb_function_info info, duckdb_data_chunk input, duckdb_vector output) {
	(void)info;
	const idx_t size = duckdb_data_chunk_get_size(input);
	duckdb_vector numbers = duckdb_data_chunk_get_vector(input, 0);
	duckdb_string_t *texts = (duckdb_string_t *)duckdb_vector_get_data(numbers);
	uint64_t *validity = duckdb_vector_get_validity(numbers);
	int32_t *codes = (int32_t *)duckdb_vector_get_data(output);
	for (idx_t row = 0; row < size; row++) {
		if (validity && !duckdb_validity_row_is_valid(validity, row)) {
			codes[row] = NOT_A_NUMBER;
			continue;
		}
		duckdb_string_t *text = &texts[row];
		const uint32_t length = text->value.inlined.length;
		/* a text of up to 12 bytes is stored in the value itself (duckdb_string_is_inlined, without a call) */
		const char *bytes = length <= 12 ? text->value.inlined.inlined : text->value.pointer.ptr;
		codes[row] = end_code(bytes, length);
	}
}

DUCKDB_EXTENSION_ENTRYPOINT(duckdb_connection connection, duckdb_extension_info info,
                            struct duckdb_extension_access *access) {
	duckdb_scalar_function function = duckdb_create_scalar_function();
	duckdb_scalar_function_set_name(function, "pw_cdr_code");
	duckdb_logical_type varchar = duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR);
	duckdb_logical_type integer = duckdb_create_logical_type(DUCKDB_TYPE_INTEGER);
	duckdb_scalar_function_add_parameter(function, varchar);
	duckdb_scalar_function_set_return_type(function, integer);
	/* NULL is a text too: it is not a number (the function sees it instead of DuckDB returning NULL) */
	duckdb_scalar_function_set_special_handling(function);
	duckdb_scalar_function_set_function(function, pw_cdr_code);
	const duckdb_state state = duckdb_register_scalar_function(connection, function);
	duckdb_destroy_logical_type(&varchar);
	duckdb_destroy_logical_type(&integer);
	duckdb_destroy_scalar_function(&function);
	if (state != DuckDBSuccess) {
		access->set_error(info, "pw_cdr: could not register pw_cdr_code");
		return false;
	}
	return true;
}
