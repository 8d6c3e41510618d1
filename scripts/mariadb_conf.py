"""The MariaDB configuration the set-up writes when it manages the server (conf.d/99-frappe.cnf): Frappe's
character set, and InnoDB sized from this machine's memory. MariaDB's guidance gives the buffer pool most
of a dedicated server's memory; here the database shares the machine with the web server, workers and
Redis, so it gets a share (40 % by default) of the total.
	mariadb_conf.py [--memory-mb N] [--share 0.4]     prints the file (memory from /proc/meminfo by default)
"""

import argparse
from pathlib import Path

CHUNK_MB = 128  # the buffer pool grows in chunks of innodb_buffer_pool_chunk_size (128 MB by default)
MAX_LOG_MB = 2048


def memory_mb(meminfo: Path = Path("/proc/meminfo")) -> int:
	for line in meminfo.read_text().splitlines():
		if line.startswith("MemTotal:"):
			return int(line.split()[1]) // 1024
	raise ValueError(f"no MemTotal in {meminfo}")


def buffer_pool_mb(total_mb: int, share: float = 0.4) -> int:
	"""A whole number of chunks, never below MariaDB's default of 128 MB."""
	return max(CHUNK_MB, int(total_mb * share) // CHUNK_MB * CHUNK_MB)


def conf(total_mb: int, share: float = 0.4) -> str:
	pool = buffer_pool_mb(total_mb, share)
	# a redo log of a quarter of the pool lets large UPDATEs (the calendar sweep) run without stalls
	log = min(MAX_LOG_MB, max(96, pool // 4))
	return "\n".join(
		[
			"# Written by scripts/setup.sh (scripts/mariadb_conf.py): Frappe's character set, InnoDB sized",
			f"# for a machine of {total_mb} MB shared with the web server, workers and Redis.",
			"[mysqld]",
			"character-set-client-handshake = FALSE",
			"character-set-server = utf8mb4",
			"collation-server = utf8mb4_unicode_ci",
			f"innodb_buffer_pool_size = {pool}M",
			f"innodb_log_file_size = {log}M",
			"innodb_file_per_table = 1",
			"",
			"[mysql]",
			"default-character-set = utf8mb4",
			"",
		]
	)


def main() -> None:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--memory-mb", type=int, help="the machine's memory (default: /proc/meminfo)")
	parser.add_argument("--share", type=float, default=0.4, help="share of the memory for the buffer pool")
	args = parser.parse_args()
	print(conf(args.memory_mb or memory_mb(), args.share), end="")


if __name__ == "__main__":
	main()
