"""A page renderer for /esign that sends the status code the page asks for (a refused signing link is
a 4xx page, not a 200), registered through the `page_renderer` hook."""

from frappe.website.page_renderers.template_page import TemplatePage

ROUTE = "esign"


class ESignPage(TemplatePage):
	def can_render(self) -> bool:
		return self.path == ROUTE and super().can_render()

	def render(self):
		html = self.get_html()
		html = self.add_csrf_token(html)
		status = self.context.get("http_status_code") if getattr(self, "context", None) else None
		return self.build_response(html, http_status_code=status or 200)
