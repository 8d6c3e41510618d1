"""scripts/mariadb_conf.py: the MariaDB configuration the set-up writes when it manages the server."""

import configparser
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "scripts/mariadb_conf.py"


def generated(*args: str) -> configparser.ConfigParser:
	text = subprocess.run(
		[sys.executable, str(SCRIPT), *args], check=True, capture_output=True, text=True
	).stdout
	parser = configparser.ConfigParser(allow_no_value=True)
	parser.read_string(text)
	return parser


def test_the_buffer_pool_is_sized_from_the_machines_memory():
	# 40 % of 16 GB in whole 128 MB chunks: 6553.6 MB -> 51 chunks
	mysqld = generated("--memory-mb", "16384")["mysqld"]
	assert mysqld["innodb_buffer_pool_size"] == "6528M"
	assert mysqld["innodb_log_file_size"] == "1632M"
	mysqld = generated("--memory-mb", "4096")["mysqld"]
	assert mysqld["innodb_buffer_pool_size"] == "1536M"
	assert mysqld["innodb_log_file_size"] == "384M"


def test_a_dedicated_server_gives_the_pool_a_larger_share_and_the_log_is_capped():
	mysqld = generated("--memory-mb", "65536", "--share", "0.7")["mysqld"]
	assert mysqld["innodb_buffer_pool_size"] == "45824M"
	assert mysqld["innodb_log_file_size"] == "2048M"


def test_a_small_machine_keeps_mariadbs_defaults():
	mysqld = generated("--memory-mb", "512")["mysqld"]
	assert mysqld["innodb_buffer_pool_size"] == "128M"
	assert mysqld["innodb_log_file_size"] == "96M"


def test_frappes_character_set_stays():
	conf = generated("--memory-mb", "8192")
	assert conf["mysqld"]["character-set-server"] == "utf8mb4"
	assert conf["mysqld"]["collation-server"] == "utf8mb4_unicode_ci"
	assert conf["mysqld"]["character-set-client-handshake"] == "FALSE"
	assert conf["mysql"]["default-character-set"] == "utf8mb4"


def test_memory_comes_from_meminfo(tmp_path):
	sys.path.insert(0, str(SCRIPT.parent))
	try:
		import mariadb_conf
	finally:
		sys.path.remove(str(SCRIPT.parent))
	meminfo = tmp_path / "meminfo"
	meminfo.write_text("MemTotal:       24576000 kB\nMemFree:        1000 kB\n")
	assert mariadb_conf.memory_mb(meminfo) == 24000
