"""Files a customer uploads in the intake form (Frappe's upload_file, private): an answer names the file by
its URL, and only a file the answering user uploaded (or any, for staff in the desk) is read."""

import frappe

MAX_BYTES = 50 * 1024 * 1024


def read_upload(file_url: str | None) -> tuple[bytes, str | None]:
	"""(the file's content, or b"" and why it cannot be used)."""
	if not file_url:
		return b"", "Upload the file."
	user = frappe.session.user
	staff = user == "Administrator" or frappe.db.get_value("User", user, "user_type") == "System User"
	filters = {"file_url": file_url, "is_folder": 0}
	if not staff:  # identical uploads share a URL: the user's own File row of it
		filters["owner"] = user
	row = frappe.db.get_value("File", filters, ["name", "file_size"], as_dict=True)
	if not row:
		return b"", "Upload the file again: we cannot find it on your account."
	if (row.file_size or 0) > MAX_BYTES:
		return b"", "The file is larger than 50 MB; send it to us by e-mail instead."
	content = frappe.get_doc("File", row.name).get_content() or b""
	return (content.encode() if isinstance(content, str) else content), None  # text files come back decoded
