"""A tiny IMAP4rev1 server for tests (plain TCP on 127.0.0.1): one mailbox, LOGIN, SELECT,
UID SEARCH (UNSEEN / ALL, FROM), UID FETCH BODY.PEEK[], UID STORE +FLAGS \\Seen, LOGOUT — what the
deposit monitor's client uses, spoken over a real socket to imaplib."""

import re
import socketserver
import threading


class Mailbox:
	def __init__(self, user: str, password: str) -> None:
		self.user, self.password = user, password
		self.messages: dict[int, dict] = {}
		self.logins = 0

	def add(self, raw: bytes, sender: str = "notifications@relayfi.com") -> int:
		uid = max(self.messages, default=0) + 1
		self.messages[uid] = {"raw": raw, "seen": False, "from": sender}
		return uid


class Handler(socketserver.StreamRequestHandler):
	def send(self, line: str | bytes) -> None:
		self.wfile.write((line if isinstance(line, bytes) else line.encode()) + b"\r\n")

	def handle(self) -> None:
		box: Mailbox = self.server.mailbox
		self.send("* OK fake IMAP4rev1 ready")
		authed = False
		while True:
			line = self.rfile.readline()
			if not line:
				return
			tag, _, rest = line.decode().strip().partition(" ")
			command, _, args = rest.partition(" ")
			command = command.upper()
			if command == "CAPABILITY":
				self.send("* CAPABILITY IMAP4rev1 AUTH=PLAIN")
				self.send(f"{tag} OK CAPABILITY completed")
			elif command == "LOGIN":
				user, password = [a.strip('"') for a in args.split(" ", 1)]
				authed = (user, password) == (box.user, box.password)
				box.logins += authed
				self.send(
					f"{tag} OK LOGIN completed" if authed else f"{tag} NO [AUTHENTICATIONFAILED] bad login"
				)
			elif command in ("SELECT", "EXAMINE") and authed:
				self.send(f"* {len(box.messages)} EXISTS")
				self.send(f"{tag} OK [READ-WRITE] SELECT completed")
			elif command == "UID" and authed:
				self.uid(tag, args, box)
			elif command == "LOGOUT":
				self.send("* BYE logging out")
				self.send(f"{tag} OK LOGOUT completed")
				return
			elif command == "NOOP":
				self.send(f"{tag} OK NOOP completed")
			else:
				self.send(f"{tag} BAD unknown or not allowed: {command}")

	def uid(self, tag: str, args: str, box: Mailbox) -> None:
		sub, _, rest = args.partition(" ")
		sub = sub.upper()
		if sub == "SEARCH":
			wanted = [
				uid
				for uid, m in sorted(box.messages.items())
				if ("UNSEEN" not in rest.upper() or not m["seen"])
				and (not (match := re.search(r'FROM "?([^"]+)"?', rest, re.I)) or match.group(1) in m["from"])
			]
			self.send("* SEARCH " + " ".join(map(str, wanted)))
			self.send(f"{tag} OK SEARCH completed")
		elif sub == "FETCH":
			uid = int(rest.split(" ", 1)[0])
			raw = box.messages[uid]["raw"]
			self.send(f"* {uid} FETCH (UID {uid} BODY[] {{{len(raw)}}}".encode())
			self.wfile.write(raw + b")\r\n")
			self.send(f"{tag} OK FETCH completed")
		elif sub == "STORE":
			for uid in rest.split(" ", 1)[0].split(","):
				if "\\SEEN" in rest.upper():
					box.messages[int(uid)]["seen"] = True
			self.send(f"{tag} OK STORE completed")
		else:
			self.send(f"{tag} BAD unknown UID command")


class IMAPServer(socketserver.ThreadingTCPServer):
	daemon_threads = True
	allow_reuse_address = True

	def __init__(self, mailbox: Mailbox) -> None:
		super().__init__(("127.0.0.1", 0), Handler)
		self.mailbox = mailbox

	def __enter__(self):
		threading.Thread(target=self.serve_forever, daemon=True).start()
		return self

	def __exit__(self, *args):
		self.shutdown()
		self.server_close()
